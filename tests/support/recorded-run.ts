/**
 * Runs whose latencies are exactly the given values, recorded once by one
 * user against the fake server: a baseline test controls the distributions
 * to the microsecond and waits for no clock. Also seeded samples to record.
 */
import { constant, runLoad } from '../../src/engine/index.ts'
import type { RunResult } from '../../src/engine/result.ts'
import { seededRandom } from '../../src/engine/stats/random.ts'

/** `values` in ms per endpoint; a negative value is recorded as a failure of its absolute latency. */
export function recordedRun(baseUrl: string, values: Record<string, number[]>, profile = 'smoke'): Promise<RunResult> {
  let recorded = false
  return runLoad({
    name: 'recorded',
    profile,
    baseUrl,
    load: { model: 'closed', stages: [{ users: 1, spawnRatePerSec: 10, durationMs: 100 }] },
    userTypes: [
      {
        name: 'recorder',
        wait: constant(10),
        tasks: [
          {
            run: (vu) => {
              if (recorded) return
              recorded = true
              for (const [endpoint, list] of Object.entries(values)) {
                for (const v of list) vu.record(endpoint, Math.abs(v), v < 0 ? 'HTTP 500' : undefined)
              }
            },
          },
        ],
      },
    ],
  })
}

/** `n` latencies around `medianMs`, log-normal with spread `sigma` (0.5 is a wide, API-like tail), from `seed`. */
export function logNormalSample(n: number, medianMs: number, sigma: number, seed: number): number[] {
  const random = seededRandom(seed)
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    return medianMs * Math.exp(sigma * z)
  })
}
