/** Capacity-search steps without sockets: a step's result as a run at a rate would leave it, and a server that holds up to a known rate. */
import type { RunStep } from '../../src/engine/capacity/search-capacity.ts'
import type { RunResult } from '../../src/engine/result.ts'
import { storedRun } from './stored-run.ts'

export const ROUTE = 'GET /api/v1/files/:id/content'

/** A step's result with the given p95, share of failures and generator state. */
export function stepResult(ratePerSec: number, durationMs: number, p95Ms: number, { failureRate = 0, saturated = false } = {}): RunResult {
  const requests = Math.round((ratePerSec * durationMs) / 1000)
  const failures = Math.round(requests * failureRate)
  const { result } = storedRun([{ requests, failures, p50Ms: p95Ms / 2, p95Ms, p99Ms: p95Ms }], { endpoints: [ROUTE] })
  for (const e of [...result.endpoints, result.total]) e.percentilesMs.p95 = p95Ms
  if (saturated) Object.assign(result.generator, { saturated: true, warnings: ['generator CPU averaged 97% of a core (limit 90%)'] })
  return { ...result, model: 'open', profile: 'capacity' }
}

/** A server that holds 50 ms up to its capacity and 800 ms past it; it records the rates asked for. */
export function modelServer(capacityPerSec: number, asked: number[] = []): RunStep {
  return async (ratePerSec, durationMs) => {
    asked.push(ratePerSec)
    return stepResult(ratePerSec, durationMs, ratePerSec <= capacityPerSec ? 50 : 800)
  }
}
