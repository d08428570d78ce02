/** Results merge exactly; budget verdicts and the matcher name what is over. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BudgetSet, constant, decodeHistogram, evaluateBudgets, mergeResults, runLoad } from '../../src/engine/index.ts'
import type { RunResult } from '../../src/engine/result.ts'
import { checkBudgets } from '../../src/vitest/budget-matcher.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'

let server: FakeServer
beforeAll(async () => {
  server = await startFakeServer()
})
afterAll(() => server.close())

/** A run whose measurements are exactly `values` (ms) per endpoint, failures marked by a negative value. */
function recordRun(values: Record<string, number[]>): Promise<RunResult> {
  return runLoad({
    name: 'recorded',
    profile: 'smoke',
    baseUrl: server.url,
    load: { model: 'closed', stages: [{ users: 1, spawnRatePerSec: 10, durationMs: 150 }] },
    userTypes: [
      {
        name: 'recorder',
        wait: constant(60),
        tasks: [
          {
            run: (vu) => {
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

const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i))

describe('mergeResults', () => {
  it('merges two halves into exactly the whole', async () => {
    const first = range(500, (i) => 1 + (i % 37))
    const second = range(500, (i) => (i % 50 === 0 ? -250 : 3 + (i % 91)))
    const [a, b, whole] = await Promise.all([
      recordRun({ 'GET /a': first }),
      recordRun({ 'GET /a': second, 'GET /b': [5, 7] }),
      recordRun({ 'GET /a': [...first, ...second], 'GET /b': [5, 7] }),
    ])
    const merged = mergeResults(a, b)
    for (const name of ['GET /a', 'GET /b']) {
      const m = merged.endpoints.find((e) => e.name === name)
      const w = whole.endpoints.find((e) => e.name === name)
      expect(m?.requests).toBe(w?.requests)
      expect(m?.failures).toBe(w?.failures)
      expect(m?.percentilesMs).toEqual(w?.percentilesMs)
      expect(m?.meanMs).toBeCloseTo(w?.meanMs ?? 0, 9)
      expect(m?.maxMs).toBe(w?.maxMs)
    }
    expect(merged.total.requests).toBe(whole.total.requests)
    expect(merged.total.percentilesMs).toEqual(whole.total.percentilesMs)
    expect(merged.failures).toEqual(whole.failures)
    expect(decodeHistogram(merged.total.histogram).totalCount).toBe(1002)
  })
})

const budgets: BudgetSet<'read' | 'write'> = {
  classes: { read: { p95Ms: 500, p99Ms: 1000, meanMs: 200 }, write: { p95Ms: 2000, p99Ms: 5000 } },
  classify: (endpoint) => (endpoint.startsWith('GET') ? 'read' : endpoint.startsWith('POST') ? 'write' : undefined),
  maxFailureRateByProfile: { smoke: 0.005 },
  defaultMaxFailureRate: 0.01,
  overrides: [{ endpoint: 'POST /slow-ok', budget: { p95Ms: 10_000, p99Ms: 10_000 }, reason: 'known slow, tracked' }],
  exempt: [{ endpoint: 'GET /exempt', reason: 'a third-party probe this API does not own' }],
}

describe('budgets', () => {
  it.each([
    ['within every budget', { 'GET /fast': range(100, () => 10) }, []],
    ['p95 over on a read', { 'GET /slow': range(100, (i) => (i < 90 ? 10 : 600)) }, ['GET /slow: p95 600 ms > budget 500 ms']],
    [
      'p99 and mean over',
      { 'GET /worse': range(100, (i) => (i < 98 ? 100 : 1500)) },
      ['GET /worse: p99 1500 ms > budget 1000 ms'],
    ],
    ['failure rate over the smoke budget', { 'POST /w': range(100, (i) => (i === 0 ? -5 : 5)) }, ['POST /w: failure rate 1.00% > budget 0.50%']],
    ['an override lifts a budget', { 'POST /slow-ok': range(100, () => 3000) }, []],
    ['an unclassified name fails the run, by name', { 'WS ping': range(100, () => 9000) }, ['WS ping: no budget class covers it (100 recorded)']],
    ['an exempted name is not judged on its own', { 'GET /exempt': range(100, () => 9000), 'GET /fast': range(10, () => 10) }, []],
    [
      'failures no endpoint budget catches still fail the aggregate',
      { 'GET /exempt': range(10, (i) => (i < 5 ? -5 : 5)), 'GET /fast': range(100, () => 10) },
      ['all requests, tasks and checks: failure rate 4.55% > budget 0.50% (GET /exempt: HTTP 500 ×5)'],
    ],
  ])('%s', async (_, values, expectedLines) => {
    const result = await recordRun(values)
    const { pass, message } = checkBudgets(result, budgets)
    expect(pass).toBe(expectedLines.length === 0)
    for (const line of expectedLines) expect(message).toContain(line)
  })

  it('names every endpoint and metric that is over, and only those', async () => {
    const result = await recordRun({
      'GET /fine': range(100, () => 5),
      'GET /slow': range(100, () => 700),
      'POST /failing': range(100, (i) => (i < 10 ? -50 : 50)),
    })
    const over = evaluateBudgets(result, budgets).filter((v) => !v.passed)
    expect(over.map((v) => `${v.endpoint} ${v.metric}`).sort()).toEqual([
      'GET /slow mean',
      'GET /slow p95',
      'POST /failing failureRate',
      'all requests, tasks and checks failureRate',
    ])
    const { message } = checkBudgets(result, budgets)
    expect(message).toContain('4 of 12 budget checks over')
    expect(message).toContain('POST /failing: failure rate 10.00% > budget 0.50% (HTTP 500 ×10)')
    expect(message).not.toContain('GET /fine')
  })

  it('judges one endpoint when asked', async () => {
    const result = await recordRun({ 'GET /fine': range(10, () => 5), 'GET /slow': range(10, () => 700) })
    expect(checkBudgets(result, budgets, { endpoint: 'GET /fine' }).pass).toBe(true)
    expect(checkBudgets(result, budgets, { endpoint: 'GET /slow' }).pass).toBe(false)
    expect(result).toMeetBudgets(budgets, { endpoint: 'GET /fine' })
  })

  it('calls a run with a saturated generator not trustworthy instead of blaming the server', async () => {
    const result = await recordRun({ 'GET /fast': [1, 2, 3] })
    const saturated: RunResult = { ...result, generator: { ...result.generator, saturated: true, warnings: ['generator CPU averaged 97% of a core (limit 90%)'] } }
    const { pass, message } = checkBudgets(saturated, budgets)
    expect(pass).toBe(false)
    expect(message).toContain('not trustworthy')
    expect(message).toContain('97%')
  })
})
