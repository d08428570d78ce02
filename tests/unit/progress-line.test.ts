/** The terminal progress line: the run's clock, its figures so far and its budget so far, in one line. */
import { describe, expect, it } from 'vitest'
import type { BudgetVerdict, ProgressSnapshot } from '../../src/engine/index.ts'
import { formatClock, formatFinishedLine, formatProgressLine } from '../../src/report/progress-line.ts'

const figures = { name: 'Aggregated', requests: 3120, failures: 0, failureRate: 0, rps: 20.1, minMs: 1, maxMs: 300, meanMs: 20, percentilesMs: { p50: 12, p95: 98, p99: 140 } }
const snapshot: ProgressSnapshot = {
  name: 'files',
  profile: 'smoke',
  model: 'closed',
  httpClient: 'own',
  startedAt: '2026-01-01T00:00:00.000Z',
  elapsedMs: 155_400,
  plannedMs: 600_000,
  users: 40,
  lastInterval: { timestampSec: 1, users: 40, requests: 21, failures: 0, p50Ms: 12, p95Ms: 90, p99Ms: 130 },
  endpoints: [],
  total: figures,
  failures: [],
  droppedArrivals: 0,
  scheduledArrivals: 0,
  generator: { cpuPercentMean: 0, cpuPercentMax: 0, eventLoopDelayP99Ms: 0, eventLoopDelayMaxMs: 0, saturated: false, warnings: [] },
}
const passed: BudgetVerdict = { endpoint: 'GET /api/v1/files', metric: 'p95', measured: 98, allowed: 500, passed: true }
const p95Over: BudgetVerdict = { endpoint: 'GET /api/v1/files', metric: 'p95', measured: 812, allowed: 500, passed: false }
const failuresOver: BudgetVerdict = { endpoint: 'POST /api/v1/files', metric: 'failureRate', measured: 0.02, allowed: 0.005, passed: false, detail: 'HTTP 500 ×3' }
const line = 'files  2:35/10:00  users 40  requests 3120  rps 21.0  p50 12.0 ms  p95 98.0 ms  p99 140 ms  failures 0.00%'

describe('progress line', () => {
  it.each([
    ['no budgets', null, `${line}  (budget: n/a)`],
    ['every check passed', [passed], `${line}  (budget: ok)`],
    ['one check over', [passed, p95Over], `${line}  (budget: over: GET /api/v1/files: p95 812 ms > budget 500 ms)`],
    ['two checks over', [p95Over, failuresOver], `${line}  (budget: over: GET /api/v1/files: p95 812 ms > budget 500 ms; 1 more)`],
  ])('with %s', (_, budget, expected) => {
    expect(formatProgressLine('files', snapshot, budget)).toBe(expected)
  })

  it('shows the run-long rate during the first second, before a whole second is known', () => {
    expect(formatProgressLine('files', { ...snapshot, lastInterval: null }, null)).toContain('  rps 20.1  ')
  })

  it.each([
    [0, '0:00'],
    [1999, '0:02'],
    [59_400, '0:59'],
    [155_400, '2:35'],
    [3_754_000, '1:02:34'],
  ])('clock of %i ms is %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text)
  })

  it.each([
    [{ judged: true, pass: true, trustworthy: true }, 'files  done: PASS'],
    [{ judged: true, pass: false, trustworthy: true }, 'files  done: FAIL'],
    [{ judged: true, pass: false, trustworthy: false }, 'files  done: FAIL (the load generator was saturated)'],
    [{ judged: false, pass: false, trustworthy: true }, 'files  done: not judged'],
    [null, 'files  done: ended without a result'],
  ])('closing line for %o', (verdict, text) => {
    expect(formatFinishedLine('files', verdict)).toBe(text)
  })
})
