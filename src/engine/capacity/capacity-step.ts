/**
 * One step of a capacity search as plain data: its rate, whether every budget
 * held, the endpoint nearest its p95 budget and, on a step that broke, the
 * verdict furthest over its line. Read from the step's one verdict, never
 * judged again.
 */
import { type BudgetVerdict, isMet } from '../verdicts/budget.ts'
import type { RunResult } from '../result.ts'
import type { RunVerdict } from '../verdicts/run-verdict.ts'

export interface CapacityStep {
  ratePerSec: number
  /** `ramp`: doubling to find the bracket; `bisect`: halving it. */
  phase: 'ramp' | 'bisect'
  /** As planned by the step-length rule (see capacity-settings.ts). */
  durationMs: number
  requests: number
  droppedArrivals: number
  /** Every budget held and the generator was not saturated. */
  pass: boolean
  saturated: boolean
  /** The endpoint whose p95 came nearest its budget (the highest p95 where none has one), with that budget. */
  worst: { endpoint: string; p95Ms: number; p95BudgetMs: number | null } | null
  /** On a step that broke: the verdict furthest over its line (the evaluation's order says nothing). */
  broken: BudgetVerdict | null
}

/** How far over its line a verdict is: a ratio, so latency and failure rates compare. */
const overBy = (v: BudgetVerdict): number => (v.allowed > 0 ? v.measured / v.allowed : Number.POSITIVE_INFINITY)

function worstOf(result: RunResult, verdicts: BudgetVerdict[]): CapacityStep['worst'] {
  const budgeted = verdicts.filter((v) => v.metric === 'p95').sort((a, b) => overBy(b) - overBy(a))[0]
  if (budgeted) return { endpoint: budgeted.endpoint, p95Ms: budgeted.measured, p95BudgetMs: budgeted.allowed }
  const slowest = [...result.endpoints].sort((a, b) => b.percentilesMs.p95 - a.percentilesMs.p95)[0]
  return slowest ? { endpoint: slowest.name, p95Ms: slowest.percentilesMs.p95, p95BudgetMs: null } : null
}

export function summarizeStep(result: RunResult, verdict: RunVerdict, phase: CapacityStep['phase'], ratePerSec: number, durationMs: number): CapacityStep {
  const over = verdict.verdicts.filter((v) => !isMet(v)).sort((a, b) => overBy(b) - overBy(a))
  return {
    ratePerSec,
    phase,
    durationMs,
    requests: result.total.requests,
    droppedArrivals: result.droppedArrivals,
    pass: verdict.pass,
    saturated: result.generator.saturated,
    worst: worstOf(result, verdict.verdicts),
    broken: over[0] ?? null,
  }
}
