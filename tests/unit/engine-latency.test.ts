/** The engine's numbers against servers whose latency the test controls. */
import { afterEach, describe, expect, it } from 'vitest'
import { constant, type LoadOptions, runLoad } from '../../src/engine/index.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const closed = (users: number, durationMs: number): LoadOptions['load'] => ({
  model: 'closed',
  stages: [{ users, spawnRatePerSec: 1000, durationMs }],
})

/** HDR keeps 3 significant digits: a value comes back within 0.1%. */
const withinPrecision = (measured: number, expected: number): void => {
  expect(Math.abs(measured - expected)).toBeLessThanOrEqual(expected * 0.001 + 0.001)
}

describe('latency measurement', () => {
  it('reports recorded values at the histogram precision: 90% at 1 ms, 10% at 100 ms', async () => {
    server = await startFakeServer()
    const result = await runLoad({
      name: 'precision',
      baseUrl: server.url,
      load: closed(1, 200),
      userTypes: [
        {
          name: 'recorder',
          wait: constant(60),
          tasks: [
            {
              run: (vu) => {
                for (let i = 0; i < 1000; i++) vu.record('custom', i % 10 === 9 ? 100 : 1)
              },
            },
          ],
        },
      ],
    })
    const custom = result.endpoints.find((e) => e.name === 'custom')
    expect(custom?.requests).toBe(1000)
    withinPrecision(custom?.percentilesMs.p50 ?? 0, 1)
    withinPrecision(custom?.percentilesMs.p90 ?? 0, 1)
    withinPrecision(custom?.percentilesMs.p95 ?? 0, 100)
    withinPrecision(custom?.percentilesMs.p99 ?? 0, 100)
  })

  it('sees a server where 10% of requests take 100 ms at p95 and p99, and not at p50', async () => {
    server = await startFakeServer((index) => ({ delayMs: index % 10 === 9 ? 100 : 0 }))
    const result = await runLoad({
      name: 'mix',
      baseUrl: server.url,
      load: closed(5, 1500),
      userTypes: [{ name: 'reader', tasks: [{ run: (vu) => vu.get('/items/42') }] }],
    })
    const endpoint = result.endpoints.find((e) => e.name === 'GET /items/:id')
    expect(endpoint?.requests).toBeGreaterThan(50)
    expect(endpoint?.requests).toBe(result.total.requests)
    expect(endpoint?.percentilesMs.p50).toBeLessThan(100)
    expect(endpoint?.percentilesMs.p95).toBeGreaterThanOrEqual(100)
    expect(endpoint?.percentilesMs.p99).toBeGreaterThanOrEqual(100)
    expect(endpoint?.failures).toBe(0)
    // Every request the server answered was measured, none twice.
    expect(server.received).toBeGreaterThanOrEqual(endpoint?.requests ?? 0)
  })

  it('shows a one-second stall during an open-model run in p99 and in dropped arrivals, never past maxInFlight users or iterations', async () => {
    const stalled = await startFakeServer()
    server = stalled
    const userIds = new Set<number>()
    let running = 0
    let peakRunning = 0
    const result = await runLoad({
      name: 'stall',
      baseUrl: stalled.url,
      load: { model: 'open', stages: [{ ratePerSec: 200, durationMs: 2500 }], maxInFlight: 20 },
      userTypes: [
        {
          name: 'arrival',
          tasks: [
            {
              run: async (vu) => {
                userIds.add(vu.id)
                peakRunning = Math.max(peakRunning, ++running)
                if (stalled.received === 100) stalled.stallFor(1000)
                await vu.get('/')
                running--
              },
            },
          ],
        },
      ],
    })
    expect(result.scheduledArrivals).toBe(500)
    expect(result.droppedArrivals).toBeGreaterThan(0)
    expect(result.total.requests + result.droppedArrivals).toBe(result.scheduledArrivals)
    expect(result.total.percentilesMs.p99).toBeGreaterThanOrEqual(500)
    expect([peakRunning, userIds.size]).toEqual([20, 20])
  })

  it('schedules exactly rate x duration arrivals, ramping linearly', async () => {
    server = await startFakeServer()
    const result = await runLoad({
      name: 'ramp',
      baseUrl: server.url,
      load: { model: 'open', startRatePerSec: 0, stages: [{ ratePerSec: 200, durationMs: 1000 }], maxInFlight: 50 },
      userTypes: [{ name: 'arrival', tasks: [{ run: (vu) => vu.get('/') }] }],
    })
    expect(result.scheduledArrivals).toBe(100)
    expect(result.droppedArrivals).toBe(0)
  })
})
