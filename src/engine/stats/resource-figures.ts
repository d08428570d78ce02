/**
 * The few figures a run's resource samples come down to, per service and for
 * all services together: mean and peak CPU, peak memory. The budgets judge
 * them and every report shows them, so they are computed here, once.
 */
import type { ResourceSample, RunResources } from '../result.ts'

/** The name of the figures of every sampled service together. */
export const ALL_SERVICES = 'all services'

export interface ServiceFigures {
  service: string
  samples: number
  /**
   * What the CPU percentages are of: `limit` (the CPUs a container's quota
   * allows) where every sample has one; else `machine` (every core, or every
   * CPU the Docker engine lists) where the sampler knows it; `core` (100 =
   * one core busy) where it does not (`external`).
   */
  cpuOf: 'limit' | 'machine' | 'core'
  /** The container's CPU limit, in CPUs, where `cpuOf` is `limit`. */
  cpuLimitCores?: number
  /** Weighted by each sample's interval, so a late reading does not count twice. */
  cpuMeanPercent: number
  /** The busiest interval. */
  cpuPeakPercent: number
  rssPeakBytes: number
  /** The peak against the memory limit of the same sample; absent where no limit is known. */
  memoryPeakPercent?: number
}

/** One sample's CPU as a percent of what `of` names: a container at 0.45 CPU under a 0.5 CPU quota is at 90% of its limit. */
export function cpuPercentOf(sample: ResourceSample, of: ServiceFigures['cpuOf']): number {
  if (of === 'limit') return sample.cpuPercentOfCore / (sample.cpuLimitCores as number)
  return of === 'machine' ? (sample.cpuPercentOfMachine ?? 0) : sample.cpuPercentOfCore
}

function cpuOfSamples(samples: ResourceSample[]): ServiceFigures['cpuOf'] {
  if (samples.length > 0 && samples.every((s) => (s.cpuLimitCores ?? 0) > 0)) return 'limit'
  return samples.every((s) => s.cpuPercentOfMachine !== undefined) ? 'machine' : 'core'
}

/** What the CPU percentages of these figures are of, in words, for a heading. */
export function cpuShareWords(figures: ServiceFigures[]): string {
  if (figures.some((f) => f.cpuOf === 'core')) return 'of one core where the machine is unknown'
  return figures.some((f) => f.cpuOf === 'limit') ? 'of the machine, or of its CPU limit where it has one' : 'of the machine'
}

export function figuresOf(service: string, samples: ResourceSample[]): ServiceFigures {
  const of = cpuOfSamples(samples)
  const seconds = samples.reduce((sum, s) => sum + s.intervalSec, 0)
  const figures: ServiceFigures = {
    service,
    samples: samples.length,
    cpuOf: of,
    cpuMeanPercent: seconds > 0 ? samples.reduce((sum, s) => sum + cpuPercentOf(s, of) * s.intervalSec, 0) / seconds : 0,
    cpuPeakPercent: Math.max(0, ...samples.map((s) => cpuPercentOf(s, of))),
    rssPeakBytes: Math.max(0, ...samples.map((s) => s.rssBytes)),
  }
  if (of === 'limit') figures.cpuLimitCores = samples.at(-1)?.cpuLimitCores
  const percents = samples.filter((s) => s.memoryLimitBytes).map((s) => (s.rssBytes / (s.memoryLimitBytes as number)) * 100)
  if (percents.length > 0) figures.memoryPeakPercent = Math.max(...percents)
  return figures
}

/**
 * Every service's samples of one reading summed into one sample (readings
 * matched by their place on the sampling schedule). The memory limit is the
 * largest any service has: the machine's under `local`, the host's under
 * `containers` as soon as one container has no limit of its own. CPU is of
 * the machine: the services' CPU limits, where they have any, are their own.
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
