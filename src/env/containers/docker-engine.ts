/**
 * The few Docker Engine API calls that cleanup needs (list, force-remove,
 * create a labelled network), the lifecycle calls of the fault controls
 * (inspect, kill, stop, start) and the resource sampler's stats, over the
 * engine's socket with undici. The reaper uses them after the process that
 * started the containers is gone, so they must not depend on testcontainers'
 * state in that process.
 */
import { Agent, request } from 'undici'
import { type ContainerCpuConfig, type ContainerStats, cpuLimitCores } from '../resources/docker-stats.ts'

export interface DockerEngine {
  createNetwork(name: string, labels: Record<string, string>): Promise<string>
  listContainers(label: string): Promise<{ id: string; labels: Record<string, string> }[]>
  listNetworks(label: string): Promise<{ id: string; labels: Record<string, string> }[]>
  removeContainer(id: string): Promise<void>
  removeNetwork(id: string): Promise<void>
  /** The container's state; `startedAt` is when its latest start began (RFC 3339). */
  /** Its state, and the CPUs its quota allows where it has one. */
  inspectContainer(id: string): Promise<{ running: boolean; startedAt: string; exitCode: number; cpuLimitCores?: number }>
  /** Sends `signal` (docker kill); a container that is not running is left as it is. */
  killContainer(id: string, signal: string): Promise<void>
  /** docker stop: the image's stop signal, SIGKILL after `graceSec`; resolves once it has exited. No-op when stopped. */
  stopContainer(id: string, graceSec: number): Promise<void>
  /** docker start of the same container (its name, aliases, filesystem and env). No-op when running. */
  startContainer(id: string): Promise<void>
  /** One reading, at once (`one-shot`: no second reading to fill `precpu_stats`; the sampler keeps its own previous one). */
  containerStats(id: string): Promise<ContainerStats>
  close(): Promise<void>
}

/** `DOCKER_HOST` as docker's CLI reads it: `unix:///path` (the default `/var/run/docker.sock`) or `tcp://host:port`. */
export function dockerEngine(dockerHost = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'): DockerEngine {
  const origin = dockerHost.startsWith('tcp://') ? `http://${dockerHost.slice('tcp://'.length)}` : 'http://docker'
  const dispatcher = dockerHost.startsWith('unix://') ? new Agent({ connect: { socketPath: dockerHost.slice('unix://'.length) } }) : new Agent()

  async function call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const response = await request(`${origin}${path}`, {
      method,
      dispatcher,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.body.text()
    // Already gone is what a removal wants.
    if (method === 'DELETE' && response.statusCode === 404) return undefined
    // 304: already started (start) or already stopped (stop); 409 on kill: not running.
    if (response.statusCode === 304) return undefined
    if (response.statusCode >= 300) throw new Error(`Docker ${method} ${path}: ${response.statusCode} ${text.trim()}`)
    return text === '' ? undefined : JSON.parse(text)
  }
  const byLabel = (label: string) => encodeURIComponent(JSON.stringify({ label: [label] }))

  return {
    async createNetwork(name, labels) {
      const created = (await call('POST', '/networks/create', { Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: labels })) as { Id: string }
      return created.Id
    },
    async listContainers(label) {
      const found = (await call('GET', `/containers/json?all=true&filters=${byLabel(label)}`)) as { Id: string; Labels: Record<string, string> }[]
      return found.map((container) => ({ id: container.Id, labels: container.Labels ?? {} }))
    },
    async listNetworks(label) {
      const found = (await call('GET', `/networks?filters=${byLabel(label)}`)) as { Id: string; Labels: Record<string, string> }[]
      return found.map((network) => ({ id: network.Id, labels: network.Labels ?? {} }))
    },
    async removeContainer(id) {
      await call('DELETE', `/containers/${id}?force=true&v=true`)
    },
    async removeNetwork(id) {
      await call('DELETE', `/networks/${id}`)
    },
    async inspectContainer(id) {
      const found = (await call('GET', `/containers/${id}/json`)) as { State: { Running: boolean; StartedAt: string; ExitCode: number }; HostConfig?: ContainerCpuConfig }
      const cpuLimit = cpuLimitCores(found.HostConfig ?? {})
      return { running: found.State.Running, startedAt: found.State.StartedAt, exitCode: found.State.ExitCode, ...(cpuLimit === undefined ? {} : { cpuLimitCores: cpuLimit }) }
    },
    async killContainer(id, signal) {
      try {
        await call('POST', `/containers/${id}/kill?signal=${encodeURIComponent(signal)}`)
      } catch (error) {
        if (!/: 409 /.test((error as Error).message)) throw error
      }
    },
    async stopContainer(id, graceSec) {
      await call('POST', `/containers/${id}/stop?t=${graceSec}`)
    },
    async startContainer(id) {
      await call('POST', `/containers/${id}/start`)
    },
    async containerStats(id) {
      return (await call('GET', `/containers/${id}/stats?stream=false&one-shot=true`)) as ContainerStats
    },
    close: () => dispatcher.close(),
  }
}
