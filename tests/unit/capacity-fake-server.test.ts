/**
 * The capacity search against real servers: one whose capacity is known from
 * queueing (4 servers x 40 ms = 100 req/s), and a generator that saturates
 * itself. Each runs a dozen short steps, so this file takes about half a minute.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { BudgetSet } from '../../src/engine/verdicts/budget.ts'
import { findCapacity } from '../../src/engine/capacity/find-capacity.ts'
import type { UserType } from '../../src/engine/options.ts'
import { describeCapacity } from '../../src/report/capacity-text.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const SERVERS = 4
const SERVICE_MS = 40
const TRUE_CAPACITY = (SERVERS * 1000) / SERVICE_MS
/**
 * 60 ms of queueing over the 40 ms service: past the capacity by x, a step of
 * T seconds queues x*T*0.95 s by its 95th percentile, so 2 s steps break from
 * about 3% over (and not below: under it, nothing queues).
 */
const budgets: BudgetSet<'read'> = { classes: { read: { p95Ms: 100 } }, classify: () => 'read', maxFailureRateByProfile: {}, defaultMaxFailureRate: 0.01 }
const getRoot: UserType[] = [{ name: 'reader', tasks: [{ run: (vu) => vu.get('/') }] }]
const capacity = { startRatePerSec: 50, maxRatePerSec: 400, resolutionPerSec: 5, stepDurationMs: 2000, minRequestsPerStep: 200 }

describe('capacity search against a server of known capacity', () => {
  it(`finds the capacity of ${TRUE_CAPACITY} req/s within 10% and within the resolution of where it breaks`, { timeout: 120_000 }, async () => {
    server = await startFakeServer(undefined, 0, { servers: SERVERS, serviceMs: SERVICE_MS })
    const result = await findCapacity({ name: 'queue', profile: 'capacity', baseUrl: server.url, userTypes: getRoot, budgets, capacity })
    const search = result.capacity
    expect(search.outcome).toBe('found')
    expect(search.capacityPerSec).toBeGreaterThanOrEqual(TRUE_CAPACITY * 0.9)
    expect(search.capacityPerSec).toBeLessThanOrEqual(TRUE_CAPACITY * 1.1)
    expect((search.breakingPointPerSec as number) - (search.capacityPerSec as number)).toBeLessThanOrEqual(capacity.resolutionPerSec)
    // The run handed to the test is the step that held at the capacity.
    expect(result.scheduledArrivals).toBe(Math.round((search.capacityPerSec as number) * 2))
  })

  it('stops with a message when the generator saturates itself, and claims no capacity', { timeout: 60_000 }, async () => {
    server = await startFakeServer()
    // Each arrival holds the event loop 20 ms: at 100 arrivals a second the generator needs two cores it has not got.
    const burner: UserType[] = [{ name: 'burner', tasks: [{ run: (vu) => burnThenGet(vu.get.bind(vu), 20) }] }]
    const result = await findCapacity({ name: 'burn', profile: 'capacity', baseUrl: server.url, userTypes: burner, budgets, capacity: { ...capacity, startRatePerSec: 100 } })
    expect(result.capacity).toMatchObject({ outcome: 'generator saturated', capacityPerSec: null, breakingPointPerSec: null })
    expect(describeCapacity('burn', result.capacity)).toMatch(/search stopped: the load generator saturated at 100\/s \(generator (CPU|event-loop)/)
  })
})

function burnThenGet(get: (path: string) => Promise<unknown>, ms: number): Promise<unknown> {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // Busy on purpose: the generator's own CPU is what this test needs.
  }
  return get('/')
}
