/**
 * Budgets: the latency and failure limits an endpoint must meet, and the pure
 * evaluation of a result against them (the Vitest matcher only formats it).
 */
import type { EndpointResult, RunResult } from './result.ts'

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

export interface BudgetSet<C extends string = string> {
  classes: Record<C, Budget>
  /** Which class an endpoint is in; undefined leaves it unbudgeted. */
  classify: (endpoint: string) => C | undefined
  maxFailureRateByProfile: Record<string, number>
  defaultMaxFailureRate: number
  /** Open model: dropped / scheduled arrivals. */
  maxDroppedRate?: number
  overrides?: BudgetOverride[]
}

export type BudgetMetric = 'p95' | 'p99' | 'mean' | 'failureRate' | 'droppedRate'

export interface BudgetVerdict {
  endpoint: string
  metric: BudgetMetric
  measured: number
  allowed: number
  passed: boolean
}

export interface EvaluateOptions {
  /** Only this endpoint. */
  endpoint?: string
}

/** The budget in force for one endpoint under one profile, overrides applied. */
export function budgetFor(budgets: BudgetSet, endpoint: string, profile: string): Budget | undefined {
  const cls = budgets.classify(endpoint)
  if (cls === undefined) return undefined
  const base: Budget = {
    maxFailureRate: budgets.maxFailureRateByProfile[profile] ?? budgets.defaultMaxFailureRate,
    ...budgets.classes[cls],
  }
  const overrides = (budgets.overrides ?? []).filter(
    (o) => o.endpoint === endpoint && (o.profile === undefined || o.profile === profile),
  )
  // Profile-specific overrides win over general ones.
  overrides.sort((a, b) => Number(a.profile !== undefined) - Number(b.profile !== undefined))
  return Object.assign(base, ...overrides.map((o) => o.budget))
}

function endpointVerdicts(endpoint: EndpointResult, budget: Budget): BudgetVerdict[] {
  const checks: [BudgetMetric, number, number | undefined][] = [
    ['p95', endpoint.percentilesMs.p95, budget.p95Ms],
    ['p99', endpoint.percentilesMs.p99, budget.p99Ms],
    ['mean', endpoint.meanMs, budget.meanMs],
    ['failureRate', endpoint.failureRate, budget.maxFailureRate],
  ]
  return checks
    .filter((check): check is [BudgetMetric, number, number] => check[2] !== undefined)
    .map(([metric, measured, allowed]) => ({ endpoint: endpoint.name, metric, measured, allowed, passed: measured <= allowed }))
}

export function evaluateBudgets(result: RunResult, budgets: BudgetSet, options: EvaluateOptions = {}): BudgetVerdict[] {
  const verdicts: BudgetVerdict[] = []
  for (const endpoint of result.endpoints) {
    if (options.endpoint !== undefined && endpoint.name !== options.endpoint) continue
    if (endpoint.requests === 0) continue
    const budget = budgetFor(budgets, endpoint.name, result.profile)
    if (budget) verdicts.push(...endpointVerdicts(endpoint, budget))
  }
  if (options.endpoint === undefined && result.model === 'open' && budgets.maxDroppedRate !== undefined) {
    const measured = result.scheduledArrivals === 0 ? 0 : result.droppedArrivals / result.scheduledArrivals
    verdicts.push({ endpoint: 'all arrivals', metric: 'droppedRate', measured, allowed: budgets.maxDroppedRate, passed: measured <= budgets.maxDroppedRate })
  }
  return verdicts
}
