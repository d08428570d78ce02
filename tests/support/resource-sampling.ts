/** Sampling a hand-made environment (a test's own process tree or container) for a while, and comparing CPU with the truth. */
import type { StartedEnvironment } from '../../src/env/index.ts'
import { type ResourceSample, type ResourceSeries, startResourceSampling } from '../../src/env/resources/index.ts'

/** A started environment with nothing in it but `fields`; stopping it stops nothing. */
export const environmentOf = (fields: Partial<StartedEnvironment> & Pick<StartedEnvironment, 'kind'>): StartedEnvironment => ({
  baseUrl: '',
  description: '',
  services: [],
  apiConfig: {},
  processes: [],
  logsDir: '',
  stop: async () => {},
  ...fields,
})

export async function sampleFor(environment: StartedEnvironment, durationMs: number, intervalMs = 1000, env: NodeJS.ProcessEnv = {}): Promise<ResourceSeries> {
  const sampling = startResourceSampling(environment, intervalMs, env)
  await new Promise((resolve) => setTimeout(resolve, durationMs))
  return sampling.stop()
}

export interface CpuComparison {
  samples: ResourceSample[]
  /** The samples' CPU over their whole window, weighted by interval: percent of a core. */
  sampledPercent: number
  /** What `cpuSeconds` grew by over about the same window, as a percent of a core; undefined where it cannot be read. */
  truePercent: number | undefined
}

/**
 * Four one-second readings of `service`, against `cpuSeconds` read when the
 * sampling starts and just after its fourth reading, so both windows nearly
 * coincide. On a shared machine a process gets less CPU than it asks for; the
 * sampler must report what it got.
 */
export async function compareCpu(environment: StartedEnvironment, service: 'api' | 'worker', cpuSeconds: () => number | undefined): Promise<CpuComparison> {
  const sampling = startResourceSampling(environment, 1000, {})
  const before = { atMs: performance.now(), cpuSec: cpuSeconds() }
  await new Promise((resolve) => setTimeout(resolve, 4_010))
  const series = sampling.stop()
  const after = { atMs: performance.now(), cpuSec: cpuSeconds() }
  const samples = series.services[service]
  const weighted = samples.reduce((total, sample) => total + sample.cpuPercentOfCore * sample.intervalSec, 0)
  const sampledPercent = weighted / samples.reduce((total, sample) => total + sample.intervalSec, 0)
  const truePercent = before.cpuSec === undefined || after.cpuSec === undefined ? undefined : ((after.cpuSec - before.cpuSec) / (after.atMs - before.atMs)) * 100_000
  console.log(`sampled ${samples.map((sample) => sample.cpuPercentOfCore.toFixed(1)).join(' ')}, ${sampledPercent.toFixed(1)}% overall; the truth ${truePercent?.toFixed(1) ?? 'unknown'}%`)
  return { samples, sampledPercent, truePercent }
}
