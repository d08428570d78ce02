/** A stored run made up second by second, for report tests that need exact data and no load. */
import type { BudgetVerdict } from '../../src/engine/verdicts/budget.ts'
import type { EndpointResult, FailureGroup, IntervalPoint, RunResult, TimeWindow } from '../../src/engine/result.ts'
import type { StoredRun } from '../../src/report/artifacts.ts'

export const T0 = 1_700_000_000

export interface Second {
  requests: number
  failures?: number
  users?: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
}

function endpoint(name: string, requests: number, failures: number): EndpointResult {
  const percentilesMs = { p50: 10, p66: 12, p75: 14, p80: 15, p90: 18, p95: 20, p98: 25, p99: 30, p999: 40, p9999: 45, p100: 50 }
  return { name, requests, failures, failureRate: requests === 0 ? 0 : failures / requests, rps: requests / 10, failuresPerSec: failures / 10, minMs: 1, maxMs: 50, meanMs: 12, percentilesMs, meanContentBytes: 0, retries: 0, histogram: '' }
}

export interface StoredRunOptions {
  name?: string
  endpoints?: string[]
  failures?: FailureGroup[]
  windows?: TimeWindow[]
  verdicts?: BudgetVerdict[]
  message?: string
}

export function storedRun(seconds: Second[], options: StoredRunOptions = {}): StoredRun {
  const intervals: IntervalPoint[] = seconds.map((s, i) => ({ timestampSec: T0 + i, users: s.users ?? 4, failures: s.failures ?? 0, histogram: '', ...s }))
  const requests = seconds.reduce((sum, s) => sum + s.requests, 0)
  const failures = seconds.reduce((sum, s) => sum + (s.failures ?? 0), 0)
  const endpoints = (options.endpoints ?? ['GET /api/v1/files']).map((name) => endpoint(name, requests, failures))
  const result: RunResult = {
    formatVersion: 1,
    name: options.name ?? 'files',
    profile: 'smoke',
    model: 'closed',
    baseUrl: 'http://127.0.0.1:1',
    httpClient: 'own',
    startedAt: new Date(T0 * 1000).toISOString(),
    durationMs: seconds.length * 1000,
    aborted: false,
    droppedArrivals: 0,
    scheduledArrivals: 0,
    endpoints,
    total: endpoint('Aggregated', requests, failures),
    failures: options.failures ?? [],
    intervals,
    ...(options.windows ? { windows: options.windows } : {}),
    generator: { cpuPercentMean: 20, cpuPercentMax: 40, eventLoopDelayP99Ms: 2, eventLoopDelayMaxMs: 5, saturated: false, warnings: [] },
  }
  const verdicts = options.verdicts ?? []
  const pass = verdicts.every((v) => v.passed)
  return { result, verdict: { judged: true, pass, trustworthy: true, message: options.message ?? (pass ? 'budgets met' : 'over budget'), verdicts } }
}
