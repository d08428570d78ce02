/** What "fast enough" means for this API: one class for reads, one for health checks. */
import type { BudgetSet } from 'loadgate'

type SlaClass = 'health' | 'read'

export const budgets: BudgetSet<SlaClass> = {
  classes: {
    health: { p95Ms: 100, p99Ms: 250 },
    // A page shows a product list and a product within 200 ms at p95.
    read: { p95Ms: 200, p99Ms: 500 },
  },
  // Every endpoint a run records must land in a class: an unclassified one fails the run.
  classify: (endpoint) => (endpoint.startsWith('GET /health/') ? 'health' : endpoint.startsWith('GET /api/') ? 'read' : undefined),
  maxFailureRateByProfile: { smoke: 0.01 },
  defaultMaxFailureRate: 0.01,
}
