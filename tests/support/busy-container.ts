/**
 * A container that spins one CPU under a quota, through the Docker Engine API
 * (no testcontainers: nothing to pull, no reaper). It carries the run labels
 * of an owner that is this process, so a crashed test's container is removed
 * by the next environment's orphan sweep, and it ends by itself after a minute.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Agent, request } from 'undici'
import { ownershipLabels } from '../../src/env/containers/cleanup.ts'

export interface BusyContainer {
  id: string
  /** Idempotent. */
  remove(): Promise<void>
}

export async function startBusyContainer(image: string, cpus: number): Promise<BusyContainer> {
  const dispatcher = new Agent({ connect: { socketPath: '/var/run/docker.sock' } })
  const call = async (method: 'POST' | 'DELETE', path: string, body?: unknown) => {
    const response = await request(`http://docker${path}`, { method, dispatcher, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await response.body.text()
    if (response.statusCode >= 300 && response.statusCode !== 404) throw new Error(`Docker ${method} ${path}: ${response.statusCode} ${text}`)
    return text === '' ? {} : (JSON.parse(text) as { Id?: string })
  }
  const created = await call('POST', '/containers/create', {
    Image: image,
    Cmd: ['timeout', '60', 'sh', '-c', 'while :; do :; done'],
    Labels: ownershipLabels(randomUUID()),
    HostConfig: { NanoCpus: Math.round(cpus * 1e9), AutoRemove: true, NetworkMode: 'none' },
  })
  const id = created.Id ?? ''
  let removed: Promise<void> | undefined
  const remove = () => {
    removed ??= call('DELETE', `/containers/${id}?force=true`).then(() => dispatcher.close())
    return removed
  }
  try {
    await call('POST', `/containers/${id}/start`)
  } catch (error) {
    await remove()
    throw error
  }
  return { id, remove }
}

const microseconds = (cpuStat: string) => Number(/^usage_usec (\d+)/m.exec(cpuStat)?.[1]) / 1e6

/**
 * The container's CPU time in seconds from its cgroup on this host (cgroup v1
 * with the cgroupfs driver, or v2 with either driver): the truth to check the
 * sampler against when other work on the machine keeps the container under its
 * quota. Undefined where the engine runs elsewhere.
 */
export function cgroupCpuSeconds(id: string): number | undefined {
  const layouts: [string, (text: string) => number][] = [
    [`/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`, (text) => Number(text) / 1e9],
    [`/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.stat`, microseconds],
    [`/sys/fs/cgroup/docker/${id}/cpu.stat`, microseconds],
  ]
  for (const [path, parse] of layouts) {
    try {
      return parse(readFileSync(path, 'utf8'))
    } catch {
      // Another layout.
    }
  }
  return undefined
}
