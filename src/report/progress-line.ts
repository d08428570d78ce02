/**
 * The progress line of a category in progress, and its closing line:
 *   files  2:35/10:00  users 40  requests 3120  rps 21.0  p50 12.0 ms  p95 98.0 ms  p99 140 ms  failures 0.00%  (budget: ok)
 * Latencies and failures are cumulative (what the budgets judge); rps is the
 * last whole second's, as Locust's "current RPS" is. Pure, so a dashboard
 * can print the very same words.
 */
import type { BudgetVerdict } from '../engine/verdicts/budget.ts'
import type { ProgressSnapshot } from '../engine/stats/progress-snapshot.ts'
import type { StoredVerdict } from './artifacts.ts'
import { formatMs, formatPercent } from './format.ts'
import { describeViolation } from './verdict-text.ts'

/** `2:35`, or `1:02:35` past an hour; to the nearest second, so a tick a little early does not show the second before. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000))
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60]
  const ss = String(seconds).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`
}

/** `ok`, `n/a` without budgets, or the first check over (its failure reasons left out to keep one line). */
export function formatBudgetSoFar(verdicts: BudgetVerdict[] | null): string {
  if (verdicts === null) return 'n/a'
  const over = verdicts.filter((v) => !v.passed)
  if (over.length === 0) return 'ok'
  const first = describeViolation({ ...(over[0] as BudgetVerdict), detail: undefined })
  return over.length === 1 ? `over: ${first}` : `over: ${first}; ${over.length - 1} more`
}

export function formatProgressLine(category: string, snapshot: ProgressSnapshot, budget: BudgetVerdict[] | null): string {
  const { total } = snapshot
  const rps = snapshot.lastInterval ? snapshot.lastInterval.requests : total.rps
  return [
    category,
    `${formatClock(snapshot.elapsedMs)}/${formatClock(snapshot.plannedMs)}`,
    `users ${snapshot.users}`,
    `requests ${total.requests}`,
    `rps ${rps.toFixed(1)}`,
    `p50 ${formatMs(total.percentilesMs.p50)}`,
    `p95 ${formatMs(total.percentilesMs.p95)}`,
    `p99 ${formatMs(total.percentilesMs.p99)}`,
    `failures ${formatPercent(total.failureRate)}`,
    `(budget: ${formatBudgetSoFar(budget)})`,
  ].join('  ')
}

/** `files  done: PASS`, or why it did not pass. */
export function formatFinishedLine(category: string, verdict: Pick<StoredVerdict, 'judged' | 'pass' | 'trustworthy'> | null): string {
  if (!verdict) return `${category}  done: ended without a result`
  if (!verdict.judged) return `${category}  done: not judged`
  if (!verdict.trustworthy) return `${category}  done: FAIL (the load generator was saturated)`
  return `${category}  done: ${verdict.pass ? 'PASS' : 'FAIL'}`
}
