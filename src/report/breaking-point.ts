/**
 * Where a run first broke its budgets, from the per-second time series: the
 * load (users or rate) at the first second whose p95 went over the read
 * class's budget or whose failure rate went over the peak profile's. Used to
 * report a stress run instead of failing it.
 */
import type { BudgetSet } from '../engine/verdicts/budget.ts'
import { readRunArtifacts } from './artifacts.ts'

export function breakingPoints(runDir: string, budgets: BudgetSet, readClass = 'read'): string {
  const p95Ms = budgets.classes[readClass]?.p95Ms ?? Number.POSITIVE_INFINITY
  const maxFailureRate = budgets.maxFailureRateByProfile.peak ?? budgets.defaultMaxFailureRate
  const lines = [`breaking points (first second over the ${readClass} class's p95 budget or the peak failure rate):`]
  for (const { result } of readRunArtifacts(runDir)) {
    const first = result.intervals.find((p) => p.p95Ms > p95Ms || (p.requests > 0 && p.failures / p.requests > maxFailureRate))
    const t0 = result.intervals[0]?.timestampSec ?? 0
    lines.push(
      first
        ? `  ${result.name}: broke at ${first.users} ${result.model === 'open' ? 'in flight' : 'users'}, ${first.timestampSec - t0} s in (p95 ${first.p95Ms} ms, ${first.failures}/${first.requests} failed, ${first.requests} req/s)`
        : `  ${result.name}: held its budgets at every load reached (${Math.max(0, ...result.intervals.map((p) => p.users))} users at most)`,
    )
  }
  return lines.join('\n')
}
