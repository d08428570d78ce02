/**
 * The budgets: the SLA classes inherited from the Locust suites, which
 * endpoint is in which class, and the failure rates allowed per profile. This
 * is the one file to edit to change what "fast enough" means; give every
 * change a reason.
 */
import type { BudgetSet } from './src/engine/budget.ts'

export type SlaClass = 'health' | 'read' | 'write' | 'slow' | 'websocket'

const rules: [RegExp, SlaClass][] = [
  [/^TASK .* submit→completed$/, 'slow'],
  [/^WS /, 'websocket'],
  [/^GET \/health\//, 'health'],
  [/^GET \/api\/v1\/health$/, 'health'],
  [/^POST \/api\/v1\/(auth\/register|auth\/login|files|tasks\/join|tasks\/audio-overlay)$/, 'write'],
  [/^DELETE \/api\/v1\//, 'write'],
  [/^GET \/api\/v1\//, 'read'],
]

export const budgets: BudgetSet<SlaClass> = {
  classes: {
    health: { p95Ms: 500, p99Ms: 1000 },
    read: { p95Ms: 500, p99Ms: 1000, meanMs: 200 },
    write: { p95Ms: 2000, p99Ms: 5000 },
    slow: { p95Ms: 5000, p99Ms: 10_000 },
    websocket: { p95Ms: 1000, p99Ms: 3000 },
  },
  classify: (endpoint) => rules.find(([pattern]) => pattern.test(endpoint))?.[1],
  maxFailureRateByProfile: {
    smoke: 0.005,
    baseline: 0.005,
    normal: 0.01,
    peak: 0.02,
    // Spike and soak are judged like peak: a surge or an hour may cost as much, not more.
    spike: 0.02,
    soak: 0.02,
    websocket: 0.01,
    // Stress is meant to break; its verdicts are reported, not enforced (see README).
    stress: 0.05,
  },
  defaultMaxFailureRate: 0.01,
  maxDroppedRate: 0.01,
  overrides: [
    {
      endpoint: 'GET /api/v1/files/:id/content',
      budget: { meanMs: 400 },
      reason: 'streams the whole media file; its mean is bound by size, p95/p99 still hold the read class',
    },
  ],
}
