/**
 * `expect(result).toMeetBudgets(budgets)`: fails with a message naming every
 * endpoint and metric over budget, with the measured and allowed values; and
 * refuses to judge the server when the generator itself was saturated.
 */
import { expect } from 'vitest'
import { type BudgetSet, evaluateBudgets } from '../engine/budget.ts'
import type { RunResult } from '../engine/result.ts'
import { describeViolation } from '../report/violation.ts'

export interface BudgetMatcherOptions {
  /** Judge only this endpoint. */
  endpoint?: string
}

export function checkBudgets(result: RunResult, budgets: BudgetSet, options: BudgetMatcherOptions = {}): { pass: boolean; message: string } {
  const where = `run "${result.name}" (profile ${result.profile})`
  if (result.generator.saturated) {
    return {
      pass: false,
      message: `${where} is not trustworthy: the load generator was saturated (${result.generator.warnings.join('; ')}), so these latencies measure the generator, not the server. Lower the load or give the generator more CPU.`,
    }
  }
  const verdicts = evaluateBudgets(result, budgets, options)
  if (options.endpoint !== undefined && verdicts.length === 0) {
    return { pass: false, message: `${where}: no budgeted requests for ${options.endpoint}` }
  }
  const over = verdicts.filter((v) => !v.passed)
  if (over.length === 0) {
    return { pass: true, message: `${where}: all ${verdicts.length} budget checks passed` }
  }
  return {
    pass: false,
    message: `${where}: ${over.length} of ${verdicts.length} budget checks over:\n  ${over.map(describeViolation).join('\n  ')}`,
  }
}

expect.extend({
  toMeetBudgets(received: RunResult, budgets: BudgetSet, options?: BudgetMatcherOptions) {
    const { pass, message } = checkBudgets(received, budgets, options)
    return { pass, message: () => message }
  },
})

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> {
    toMeetBudgets(budgets: BudgetSet, options?: BudgetMatcherOptions): R
  }
}
