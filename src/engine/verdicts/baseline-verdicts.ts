/**
 * Changes against a baseline as budget verdicts (metric `regression`), so
 * they travel wherever budget verdicts go (the matcher's message, the verdict
 * file, JUnit, the reports) and nothing judges them a second time. Every
 * compared statistic is a verdict; only a regression fails.
 */
import type { BaselineChange, BaselineComparison, BaselineRules } from './baseline.ts'
import type { BudgetVerdict } from './budget.ts'

/** The value past which the current figure would be a material worsening. */
function materialLimit(change: BaselineChange, rules: BaselineRules): number {
  const was = change.baseline
  if (change.statistic === 'failureRate') return Math.max(was + rules.minFailureRateChange, was * rules.minFailureRateRatio)
  return was + Math.max(rules.minAbsoluteChangeMs, rules.minRelativeChange * was)
}

export function baselineVerdicts(comparison: BaselineComparison, rules: BaselineRules, endpoint?: string): BudgetVerdict[] {
  return comparison.endpoints
    .filter((e) => endpoint === undefined || e.endpoint === endpoint)
    .flatMap((e) =>
      e.changes.map((change) => ({
        endpoint: e.endpoint,
        metric: 'regression' as const,
        measured: change.current,
        allowed: materialLimit(change, rules),
        passed: change.status !== 'regression',
        change,
      })),
    )
}
