/**
 * `containers`: each service's container through the Docker Engine's stats
 * endpoint, all read together once per interval. A container that is gone or
 * stopped is missed for that reading, with the reason. Each container's CPU
 * quota is read once, from its inspection, and carried on its samples.
 */
import { dockerEngine, type DockerEngine } from '../containers/docker-engine.ts'
import type { ServiceName } from '../types.ts'
import { type ContainerStats, containerSample, isRunning } from './docker-stats.ts'
import type { ResourceSource, SourceReading } from './types.ts'

export function containerSource(containers: { service: ServiceName; id: string }[], engine: DockerEngine = dockerEngine()): ResourceSource {
  const previous = new Map<string, ContainerStats>()
  const cpuLimits = new Map<string, number | undefined>()
  // Only `docker update` changes a quota, which a run does not do: one answer per container; a failed inspection is asked again next time.
  const cpuLimitOf = async (id: string) => {
    if (!cpuLimits.has(id)) cpuLimits.set(id, (await engine.inspectContainer(id)).cpuLimitCores)
    return cpuLimits.get(id)
  }
  return {
    async read() {
      const reading: SourceReading = { services: {}, problems: [] }
      const outcomes = await Promise.allSettled(containers.map(async (container) => ({ ...container, stats: await engine.containerStats(container.id), cpuLimit: await cpuLimitOf(container.id) })))
      outcomes.forEach((outcome, index) => {
        if (outcome.status === 'rejected') {
          reading.problems.push(`${containers[index]?.service}: ${(outcome.reason as Error).message}`)
          return
        }
        const { service, id, stats, cpuLimit } = outcome.value
        if (!isRunning(stats)) {
          reading.problems.push(`${service}: container not running`)
          previous.delete(id)
          return
        }
        const before = previous.get(id)
        previous.set(id, stats)
        if (before !== undefined) reading.services[service] = containerSample(before, stats, cpuLimit)
      })
      return reading
    },
    close: () => engine.close(),
  }
}
