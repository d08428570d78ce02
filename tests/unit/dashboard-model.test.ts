/** The dashboard without a browser: live messages folded into a page model, and who may stop the run. */
import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import type { BudgetVerdict, ProgressSnapshot } from '../../src/engine/index.ts'
import { dashboardGuard } from '../../src/vitest/dashboard-guard.ts'
import { createDashboardState } from '../../src/vitest/dashboard-state.ts'
import type { LiveMessage } from '../../src/vitest/live-channel.ts'

const figures = (name: string, requests: number) => ({ name, requests, failures: 0, failureRate: 0, rps: requests / 2, minMs: 1, maxMs: 9, meanMs: 3, percentilesMs: { p50: 2, p95: 8, p99: 9 } })
const generator = { cpuPercentMean: 95, cpuPercentMax: 99, eventLoopDelayP99Ms: 12, eventLoopDelayMaxMs: 30, saturated: true, warnings: ['generator CPU averaged 95% of a core (limit 90%)'] }

function progress(second: number | null, requests: number, budget: BudgetVerdict[] | null): LiveMessage {
  const lastInterval = second === null ? null : { timestampSec: 1_700_000_000 + second, users: 4, requests: 10, failures: 0, p50Ms: 2, p95Ms: 8, p99Ms: 9 }
  const snapshot: ProgressSnapshot = {
    ...{ name: 'health', profile: 'smoke', model: 'closed', httpClient: 'own', startedAt: '2026-01-01T00:00:00.000Z' },
    ...{ elapsedMs: 2000, plannedMs: 30_000, users: 4, lastInterval, droppedArrivals: 0, scheduledArrivals: 0, failures: [], generator },
    endpoints: [figures('GET /health/live', requests)],
    total: figures('Aggregated', requests),
  }
  return { type: 'progress', category: 'health', snapshot, budget }
}

const p95: BudgetVerdict = { endpoint: 'GET /health/live', metric: 'p95', measured: 8, allowed: 500, passed: true }

describe('dashboard state', () => {
  it('draws one point per second seen, the latest figures, and the budget so far', () => {
    const state = createDashboardState('local', 'http://127.0.0.1:1')
    for (const message of [progress(null, 1, [p95]), progress(0, 5, [p95]), progress(0, 6, [p95]), progress(1, 12, [p95])]) state.apply(message)
    const [health] = state.model().categories
    expect(health?.series.tSec).toEqual([0, 1])
    expect(health?.endpoints.map((e) => [e.name, e.requests, e.budget.text])).toEqual([['GET /health/live', 12, 'pass']])
    expect(health?.budgetLines).toEqual([{ metric: 'p95', allowedMs: 500, endpoint: 'GET /health/live' }])
    expect(health?.verdict).toEqual({ status: 'running', message: 'running: 0:02/0:30, budget so far: ok' })
    expect(health?.generator.warnings).toEqual(generator.warnings)
  })

  it('shows the verdict the test reached once it has ended, and ignores one for a category never seen', () => {
    const state = createDashboardState('local', 'http://127.0.0.1:1')
    expect(state.apply({ type: 'finished', category: 'auth', verdict: null })).toBe(false)
    state.apply(progress(0, 5, null))
    expect(state.model().categories[0]?.endpoints[0]?.budget).toEqual({ status: 'not judged', text: 'no budgets' })
    expect(state.apply({ type: 'finished', category: 'health', verdict: { judged: true, pass: false, trustworthy: true, message: 'p95 over' } })).toBe(true)
    expect(state.model().categories.map((c) => [c.name, c.verdict])).toEqual([['health', { status: 'fail', message: 'p95 over' }]])
  })
})

describe('dashboard guard', () => {
  const guard = dashboardGuard(8089)
  const request = (headers: Record<string, string>) => ({ headers: { host: '127.0.0.1:8089', ...headers } }) as unknown as IncomingMessage

  it.each([
    ['the page itself', { origin: 'http://127.0.0.1:8089', 'x-loadgate-token': guard.token }, undefined],
    ['a local client without an origin', { 'x-loadgate-token': guard.token }, undefined],
    ['no token', { origin: 'http://127.0.0.1:8089' }, 'X-Loadgate-Token is missing or wrong'],
    ['a wrong token', { 'x-loadgate-token': `${guard.token}0` }, 'X-Loadgate-Token is missing or wrong'],
    ['another origin with the token', { origin: 'http://example.com', 'x-loadgate-token': guard.token }, "a stop from http://example.com is refused: only the dashboard's own page may stop the run"],
    ['another site with the token', { 'sec-fetch-site': 'cross-site', 'x-loadgate-token': guard.token }, 'a stop from another site is refused'],
  ])('a stop from %s', (_case, headers, refusal) => {
    expect(guard.refusalOfStop(request(headers))).toBe(refusal)
  })

  it('refuses a request that names another host (a name rebound to 127.0.0.1)', () => {
    expect(guard.refusalOfHost(request({}))).toBeUndefined()
    expect(guard.refusalOfHost(request({ host: 'attacker.example:8089' }))).toBe('Host must be 127.0.0.1:8089')
  })
})
