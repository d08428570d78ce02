/**
 * `expect(result).toMeetBudgets(budgets)`: fails with a message naming every
 * endpoint and metric over budget, with the measured and allowed values; and
 * refuses to judge the server when the generator itself was saturated. A run
 * the fixture compared with a baseline (`--baseline`) is judged against it
 * too. Its judgement is the run's verdict: the fixture writes it for the reports.
 */
import { expect } from 'vitest'
import type { BudgetSet } from '../engine/verdicts/budget.ts'
import type { RunResult } from '../engine/result.ts'
import { judgeRun } from '../engine/verdicts/run-verdict.ts'
import { formatRunVerdict } from '../report/violation.ts'
import { baselineOf, recordVerdict } from './verdict-registry.ts'

export interface BudgetMatcherOptions {
  /** Judge only this endpoint. */
  endpoint?: string
}

export function checkBudgets(result: RunResult, budgets: BudgetSet, options: BudgetMatcherOptions = {}): { pass: boolean; message: string } {
  const verdict = judgeRun(result, budgets, options)
  return { pass: verdict.pass, message: formatRunVerdict(verdict) }
}

expect.extend({
  toMeetBudgets(received: RunResult, budgets: BudgetSet, options?: BudgetMatcherOptions) {
    const verdict = judgeRun(received, budgets, { ...options, baseline: baselineOf(received) })
    const message = formatRunVerdict(verdict)
    recordVerdict(received, verdict, message)
    return { pass: verdict.pass, message: () => message }
  },
})

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> {
    toMeetBudgets(budgets: BudgetSet, options?: BudgetMatcherOptions): R
  }
}
