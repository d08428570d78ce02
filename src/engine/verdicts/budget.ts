/**
 * Budgets: the latency and failure limits an endpoint must meet, and the pure
 * evaluation of a result against them. This evaluation is the one verdict of
 * a run: the matcher, the reports, `npm run analyze` and a merge all call it
 * and nothing re-judges, so a result file judged later gets exactly the
 * verdict its test got.
 */
import type { BaselineChange, BaselineRules } from './baseline.ts'
import { evaluateResources, type ResourceBudgets, type ResourceMetric } from './resource-budget.ts'
import type { EndpointResult, Percentiles, RunResult } from '../result.ts'

export interface Budget {
  p95Ms?: number
  p99Ms?: number
  meanMs?: number
  /** A ratio, 0 to 1. */
  maxFailureRate?: number
}

export interface BudgetOverride {
  endpoint: string
  /** Only under this profile; every profile when omitted. */
  profile?: string
  budget: Budget
  reason: string
}

/**
 * A recorded name judged by no class on purpose (its failures still count in
 * the aggregate); without one, an unclassified name fails the run.
 */
export interface BudgetExemption {
  endpoint: string
  reason: string
}

export interface BudgetSet<C extends string = string> {
  classes: Record<C, Budget>
  /** Which class an endpoint is in; undefined leaves it unbudgeted, which fails the run unless exempted. */
  classify: (endpoint: string) => C | undefined
  maxFailureRateByProfile: Record<string, number>
  defaultMaxFailureRate: number
  /** Open model: dropped / scheduled arrivals. */
  maxDroppedRate?: number
  overrides?: BudgetOverride[]
  exempt?: BudgetExemption[]
  /** What the run may cost the target's services (judged where the result carries samples). */
  resources?: ResourceBudgets
  /** When a run is compared with a baseline: what makes a change matter (see baseline.ts). */
  baselineRules?: BaselineRules
}

export type BudgetMetric = 'p95' | 'p99' | 'mean' | 'failureRate' | 'droppedRate' | 'unbudgeted' | 'regression' | ResourceMetric

export interface BudgetVerdict {
  /** The endpoint, or for a resource budget the service (`worker`, `all services`). */
  endpoint: string
  metric: BudgetMetric
  measured: number
  allowed: number
  passed: boolean
  /** What crossing `allowed` costs: `warn` is shown everywhere and never fails a run. Absent means `fail`. */
  level?: 'fail' | 'warn'
  /** Resource budgets: what the percentage is of (`the machine`). */
  scope?: string
  /** Failure rates: the reasons behind the failures, most frequent first (`bytes differ ×3`). */
  detail?: string
  /** `regression` verdicts: the change against the baseline (passed unless it is a regression). */
  change?: BaselineChange
}

export interface EvaluateOptions {
  /** Only this endpoint (and neither the aggregate nor the unbudgeted rule). */
  endpoint?: string
}

/** The name of the aggregate verdict: every request, task and check of the run together. */
export const ALL_RECORDED = 'all requests, tasks and checks'

/** What the evaluation reads of a result; a Locust CSV can supply it too (see src/report/analysis.ts). */
export type JudgedEndpoint = Pick<EndpointResult, 'name' | 'requests' | 'failures' | 'failureRate' | 'meanMs'> & { percentilesMs: Pick<Percentiles, 'p95' | 'p99'> }
export interface JudgedResult extends Pick<RunResult, 'profile' | 'model' | 'droppedArrivals' | 'scheduledArrivals' | 'failures'> {
  endpoints: JudgedEndpoint[]
  /** When present (a run with windows), what is judged instead of `endpoints`. */
  steady?: JudgedEndpoint[]
  resources?: RunResult['resources']
}

/** True unless the verdict is over a failure line: a warning over its line still passes. */
export function isMet(verdict: BudgetVerdict): boolean {
  return verdict.passed || verdict.level === 'warn'
}

function maxFailureRateFor(budgets: BudgetSet, profile: string): number {
  return budgets.maxFailureRateByProfile[profile] ?? budgets.defaultMaxFailureRate
}

/** The budget in force for one endpoint under one profile, overrides applied. */
export function budgetFor(budgets: BudgetSet, endpoint: string, profile: string): Budget | undefined {
  const cls = budgets.classify(endpoint)
  if (cls === undefined) return undefined
  const base: Budget = { maxFailureRate: maxFailureRateFor(budgets, profile), ...budgets.classes[cls] }
  const overrides = (budgets.overrides ?? []).filter(
    (o) => o.endpoint === endpoint && (o.profile === undefined || o.profile === profile),
  )
  // Profile-specific overrides win over general ones.
  overrides.sort((a, b) => Number(a.profile !== undefined) - Number(b.profile !== undefined))
  return Object.assign(base, ...overrides.map((o) => o.budget))
}

/** `bytes differ ×3, HTTP 500 ×1`: why an endpoint (or, with none given, the run) failed. */
function failureReasons(result: JudgedResult, endpoint?: string): string | undefined {
  const groups = result.failures.filter((f) => endpoint === undefined || f.endpoint === endpoint)
  if (groups.length === 0) return undefined
  const shown = [...groups].sort((a, b) => b.occurrences - a.occurrences).slice(0, 3)
  const text = shown.map((f) => `${endpoint === undefined ? `${f.endpoint}: ` : ''}${f.reason} ×${f.occurrences}`).join(', ')
  return groups.length > shown.length ? `${text}, …` : text
}

function endpointVerdicts(result: JudgedResult, endpoint: JudgedEndpoint, budget: Budget): BudgetVerdict[] {
  const checks: [BudgetMetric, number, number | undefined][] = [
    ['p95', endpoint.percentilesMs.p95, budget.p95Ms],
    ['p99', endpoint.percentilesMs.p99, budget.p99Ms],
    ['mean', endpoint.meanMs, budget.meanMs],
    ['failureRate', endpoint.failureRate, budget.maxFailureRate],
  ]
  return checks
    .filter((check): check is [BudgetMetric, number, number] => check[2] !== undefined)
    .map(([metric, measured, allowed]) => {
      const verdict: BudgetVerdict = { endpoint: endpoint.name, metric, measured, allowed, passed: measured <= allowed }
      if (metric === 'failureRate' && endpoint.failures > 0) verdict.detail = failureReasons(result, endpoint.name)
      return verdict
    })
}

function isExempt(budgets: BudgetSet, endpoint: string): boolean {
  return (budgets.exempt ?? []).some((e) => e.endpoint === endpoint)
}

/** Every recorded name together, under the profile's failure rate: nothing escapes the verdict. */
function aggregateVerdict(result: JudgedResult, budgets: BudgetSet): BudgetVerdict {
  let requests = 0
  let failures = 0
  for (const endpoint of result.steady ?? result.endpoints) {
    requests += endpoint.requests
    failures += endpoint.failures
  }
  const measured = requests === 0 ? 0 : failures / requests
  const allowed = maxFailureRateFor(budgets, result.profile)
  const verdict: BudgetVerdict = { endpoint: ALL_RECORDED, metric: 'failureRate', measured, allowed, passed: measured <= allowed }
  if (failures > 0) verdict.detail = failureReasons(result)
  return verdict
}

export function evaluateBudgets(result: JudgedResult, budgets: BudgetSet, options: EvaluateOptions = {}): BudgetVerdict[] {
  const verdicts: BudgetVerdict[] = []
  // A run with windows (faults injected) is judged on what was recorded outside them.
  for (const endpoint of result.steady ?? result.endpoints) {
    if (options.endpoint !== undefined && endpoint.name !== options.endpoint) continue
    if (endpoint.requests === 0 || isExempt(budgets, endpoint.name)) continue
    const budget = budgetFor(budgets, endpoint.name, result.profile)
    if (budget) verdicts.push(...endpointVerdicts(result, endpoint, budget))
    else if (options.endpoint === undefined) {
      verdicts.push({ endpoint: endpoint.name, metric: 'unbudgeted', measured: endpoint.requests, allowed: 0, passed: false })
    }
  }
  if (options.endpoint !== undefined) return verdicts
  verdicts.push(aggregateVerdict(result, budgets))
  if (result.model === 'open' && budgets.maxDroppedRate !== undefined) {
    const measured = result.scheduledArrivals === 0 ? 0 : result.droppedArrivals / result.scheduledArrivals
    verdicts.push({ endpoint: 'all arrivals', metric: 'droppedRate', measured, allowed: budgets.maxDroppedRate, passed: measured <= budgets.maxDroppedRate })
  }
  if (result.resources && budgets.resources) verdicts.push(...evaluateResources(result.resources, budgets.resources))
  return verdicts
}
