/**
 * The few figures a run's resource samples come down to, per service and for
 * all services together: mean and peak CPU, peak memory. The budgets judge
 * them and every report shows them, so they are computed here, once.
 */
import type { ResourceSample, RunResources } from './result.ts'

/** The name of the figures of every sampled service together. */
export const ALL_SERVICES = 'all services'

export interface ServiceFigures {
  service: string
  samples: number
  /**
   * What the CPU percentages are of: `machine` (every core, or every CPU the
   * Docker engine gives the container) where the sampler knows it; `core`
   * (100 = one core busy) where it does not (`external`).
   */
  cpuOf: 'machine' | 'core'
  /** Weighted by each sample's interval, so a late reading does not count twice. */
  cpuMeanPercent: number
  /** The busiest interval. */
  cpuPeakPercent: number
  rssPeakBytes: number
  /** The peak against the memory limit of the same sample; absent where no limit is known. */
  memoryPeakPercent?: number
}

const cpuOf = (sample: ResourceSample, of: ServiceFigures['cpuOf']): number => (of === 'machine' ? (sample.cpuPercentOfMachine ?? 0) : sample.cpuPercentOfCore)

export function figuresOf(service: string, samples: ResourceSample[]): ServiceFigures {
  const of = samples.every((s) => s.cpuPercentOfMachine !== undefined) ? 'machine' : 'core'
  const seconds = samples.reduce((sum, s) => sum + s.intervalSec, 0)
  const figures: ServiceFigures = {
    service,
    samples: samples.length,
    cpuOf: of,
    cpuMeanPercent: seconds > 0 ? samples.reduce((sum, s) => sum + cpuOf(s, of) * s.intervalSec, 0) / seconds : 0,
    cpuPeakPercent: Math.max(0, ...samples.map((s) => cpuOf(s, of))),
    rssPeakBytes: Math.max(0, ...samples.map((s) => s.rssBytes)),
  }
  const percents = samples.filter((s) => s.memoryLimitBytes).map((s) => (s.rssBytes / (s.memoryLimitBytes as number)) * 100)
  if (percents.length > 0) figures.memoryPeakPercent = Math.max(...percents)
  return figures
}

/**
 * Every service's samples of one reading summed into one sample (readings
 * matched by their place on the sampling schedule). The memory limit is the
 * largest any service has: the machine's under `local`, the host's under
 * `containers` as soon as one container has no limit of its own.
 */
export function allServicesSamples(resources: RunResources): ResourceSample[] {
  const intervalSec = resources.intervalMs / 1000
  const byReading = new Map<number, ResourceSample[]>()
  for (const samples of Object.values(resources.services)) {
    for (const sample of samples ?? []) {
      const reading = Math.round((sample.timestampSec - resources.startedAtSec) / intervalSec)
      byReading.set(reading, [...(byReading.get(reading) ?? []), sample])
    }
  }
  const sum = (samples: ResourceSample[], f: (s: ResourceSample) => number | undefined) => samples.reduce((total, s) => total + (f(s) ?? 0), 0)
  return [...byReading.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, samples]) => ({
      timestampSec: Math.max(...samples.map((s) => s.timestampSec)),
      intervalSec: Math.max(...samples.map((s) => s.intervalSec)),
      cpuPercentOfCore: sum(samples, (s) => s.cpuPercentOfCore),
      ...(samples.every((s) => s.cpuPercentOfMachine !== undefined) ? { cpuPercentOfMachine: sum(samples, (s) => s.cpuPercentOfMachine) } : {}),
      rssBytes: sum(samples, (s) => s.rssBytes),
      ...(samples.some((s) => s.memoryLimitBytes) ? { memoryLimitBytes: Math.max(...samples.map((s) => s.memoryLimitBytes ?? 0)) } : {}),
    }))
}

/** Each service with samples, in the order sampled, then all of them together when there are several. */
export function resourceFigures(resources: RunResources): ServiceFigures[] {
  const sampled = Object.entries(resources.services).filter((entry): entry is [string, ResourceSample[]] => (entry[1]?.length ?? 0) > 0)
  const figures = sampled.map(([service, samples]) => figuresOf(service, samples))
  if (sampled.length > 1) figures.push(figuresOf(ALL_SERVICES, allServicesSamples(resources)))
  return figures
}
