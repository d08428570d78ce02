/**
 * What the containers environment removes, found by its labels: every
 * container and network carries `loadgate.run` (this run), `loadgate.owner-pid`
 * and `loadgate.owner-host` (the process that started it), next to
 * testcontainers' own `org.testcontainers`.
 */
import { hostname } from 'node:os'
import type { DockerEngine } from './docker-engine.ts'

export const runLabel = 'loadgate.run'
const ownerLabel = 'loadgate.owner-pid'
const hostLabel = 'loadgate.owner-host'

export function ownershipLabels(runId: string, ownerPid = process.pid): Record<string, string> {
  return { 'org.testcontainers': 'true', [runLabel]: runId, [ownerLabel]: String(ownerPid), [hostLabel]: hostname() }
}

/** Removes one run's containers, then its networks (a network with containers attached cannot go). */
export async function removeRun(engine: DockerEngine, runId: string): Promise<number> {
  const containers = await engine.listContainers(`${runLabel}=${runId}`)
  await Promise.all(containers.map((container) => engine.removeContainer(container.id)))
  const networks = await engine.listNetworks(`${runLabel}=${runId}`)
  await Promise.all(networks.map((network) => engine.removeNetwork(network.id)))
  return containers.length
}

/**
 * Runs whose owner and reaper are both gone (a SIGKILL of the whole process
 * group, a reboot) are removed when the next environment starts.
 */
export async function removeOrphanedRuns(engine: DockerEngine, isAlive = processIsAlive): Promise<string[]> {
  const labelled = [...(await engine.listContainers(runLabel)), ...(await engine.listNetworks(runLabel))]
  const orphaned = new Set<string>()
  for (const { labels } of labelled) {
    const runId = labels[runLabel]
    // A PID means nothing on another machine sharing the engine: only this host's runs are judged.
    if (runId !== undefined && labels[hostLabel] === hostname() && !isAlive(Number(labels[ownerLabel]))) orphaned.add(runId)
  }
  for (const runId of orphaned) await removeRun(engine, runId)
  return [...orphaned]
}

function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
