/**
 * What the load costs the target: `startResourceSampling` reads every service
 * of a started environment once per interval (local: /proc; containers: the
 * Docker Engine's stats; external: the Prometheus URLs of LOAD_TARGET_METRICS)
 * until `stop()`, which hands back the samples as plain JSON (./types.ts).
 * Budgets and reports are built on that data elsewhere.
 */
import { type ServiceName, type StartedEnvironment, serviceNames } from '../types.ts'
import { containerSource } from './container-source.ts'
import { externalSource, parseTargetMetrics } from './external-source.ts'
import { localSource } from './local-source.ts'
import { sliceResourceSeries } from './slice.ts'
import type { ResourceSeries, ResourceSource, SourceReading } from './types.ts'

export type { NetworkSample, ResourceSample, ResourceSeries } from './types.ts'
export { parseTargetMetrics } from './external-source.ts'
export { sliceResourceSeries } from './slice.ts'

export interface ResourceSampling {
  /** The samples taken from `fromSec` to `toSec` (Unix seconds) so far, as a series of their own. */
  slice(fromSec: number, toSec: number): ResourceSeries
  /** Idempotent: ends the sampling and returns every sample taken (the same series on a second call). */
  stop(): ResourceSeries
}

/**
 * Starts reading at once (the first reading is the baseline the first
 * interval is measured from), then every `intervalMs`, on a schedule that does
 * not drift. Throws before any reading when LOAD_TARGET_METRICS in `env` is invalid.
 */
export function startResourceSampling(environment: StartedEnvironment, intervalMs = 1000, env: NodeJS.ProcessEnv = process.env): ResourceSampling {
  const source = sourceFor(environment, intervalMs, env)
  const startedAtMs = performance.now()
  const series: ResourceSeries = {
    kind: environment.kind,
    intervalMs,
    startedAtSec: Date.now() / 1000,
    stoppedAtSec: 0,
    services: Object.fromEntries(serviceNames.map((name) => [name, []])) as unknown as Record<ServiceName, []>,
    ...(environment.kind === 'local' ? { loopback: [] } : {}),
    problems: [],
  }
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<void> | undefined
  const closeSource = () => source.close().catch((error: Error) => console.error(`closing the resource sampler failed: ${error.message}`))

  const tick = async (count: number) => {
    const reading = await source.read().catch((error: Error): SourceReading => ({ services: {}, problems: [error.message] }))
    if (stopped) return
    append(series, reading)
    // Aligned on the start, so a slow reading shortens the next wait rather than shifting every later one.
    const delayMs = Math.max(0, startedAtMs + (count + 1) * intervalMs - performance.now())
    timer = setTimeout(() => {
      inFlight = tick(count + 1)
    }, delayMs).unref()
  }
  inFlight = tick(0)

  return {
    slice: (fromSec, toSec) => sliceResourceSeries(series, fromSec, toSec),
    stop() {
      if (!stopped) {
        stopped = true
        clearTimeout(timer)
        series.stoppedAtSec = Date.now() / 1000
        void inFlight?.finally(closeSource)
      }
      return series
    },
  }
}

function sourceFor(environment: StartedEnvironment, intervalMs: number, env: NodeJS.ProcessEnv): ResourceSource {
  switch (environment.kind) {
    case 'local':
      return localSource(() => environment.processes)
    case 'containers':
      return containerSource(environment.containers ?? [])
    case 'external':
      return externalSource(parseTargetMetrics(env.LOAD_TARGET_METRICS), Math.max(intervalMs, 500))
  }
}

function append(series: ResourceSeries, reading: SourceReading): void {
  for (const [service, sample] of Object.entries(reading.services)) series.services[service as ServiceName].push(sample)
  if (reading.loopback !== undefined) series.loopback?.push(reading.loopback)
  for (const message of reading.problems) {
    const known = series.problems.find((problem) => problem.message === message)
    if (known !== undefined) known.count += 1
    else series.problems.push({ message, count: 1 })
  }
}
