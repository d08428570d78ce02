/**
 * The verdict of one run against one budget set: the budget verdicts, and
 * whether the figures can be trusted at all. A saturated generator measured
 * itself, so its run fails whatever the budgets say. Warnings (a resource
 * over its warning line) are verdicts too, but never fail the run. Pure, so the test, a
 * report and a later merge reach the same verdict from the same result.
 */
import { compareWithBaseline, DEFAULT_BASELINE_RULES } from './baseline.ts'
import { baselineVerdicts } from './baseline-verdicts.ts'
import { type BudgetSet, type BudgetVerdict, type EvaluateOptions, evaluateBudgets, isMet } from './budget.ts'
import type { CapacitySearch } from '../capacity/search-capacity.ts'
import type { RunResult } from '../result.ts'

export interface JudgeOptions extends EvaluateOptions {
  /**
   * A stored run of the same category, profile and environment: each change
   * against it becomes a `regression` verdict (see baseline.ts). Another
   * category, profile or environment throws a BaselineMismatchError.
   */
  baseline?: RunResult
}

/** What a comparison listed but did not judge, for the message. */
export interface BaselineNote {
  startedAt: string
  onlyInCurrent: string[]
  onlyInBaseline: string[]
}

export interface RunVerdict {
  /** The run's name (its category). */
  name: string
  profile: string
  pass: boolean
  /** False when the generator was saturated: the latencies describe it, not the server. */
  trustworthy: boolean
  /** The generator's own warnings when it was saturated. */
  untrustworthyBecause?: string[]
  /** Set when only one endpoint was judged. */
  endpoint?: string
  /** The windows left out of the judgement (faults injected), by label. */
  outsideWindows?: string[]
  verdicts: BudgetVerdict[]
  /** Set when the run was compared with a baseline. */
  baseline?: BaselineNote
  /** Under the capacity profile: the search this run was the highest held step of, carried for the message and reports. */
  capacity?: CapacitySearch
}

export function judgeRun(result: RunResult, budgets: BudgetSet, options: JudgeOptions = {}): RunVerdict {
  const rules = budgets.baselineRules ?? DEFAULT_BASELINE_RULES
  const comparison = options.baseline ? compareWithBaseline(result, options.baseline, rules) : undefined
  const verdicts = [...evaluateBudgets(result, budgets, options), ...(comparison ? baselineVerdicts(comparison, rules, options.endpoint) : [])]
  const trustworthy = !result.generator.saturated
  const judgedSomething = options.endpoint === undefined || verdicts.length > 0
  const verdict: RunVerdict = {
    name: result.name,
    profile: result.profile,
    pass: trustworthy && judgedSomething && verdicts.every(isMet),
    trustworthy,
    verdicts,
  }
  if (!trustworthy) verdict.untrustworthyBecause = result.generator.warnings
  if (options.endpoint !== undefined) verdict.endpoint = options.endpoint
  if (comparison) verdict.baseline = { startedAt: comparison.baselineStartedAt, onlyInCurrent: comparison.onlyInCurrent, onlyInBaseline: comparison.onlyInBaseline }
  if (result.capacity) verdict.capacity = result.capacity
  if (result.steady && result.windows && result.windows.length > 0) verdict.outsideWindows = result.windows.map((w) => w.label)
  return verdict
}
