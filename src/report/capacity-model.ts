/**
 * A capacity search as the report draws it: the steps by rate for the chart
 * (p95 of the endpoint nearest its budget, held and broken apart, with that
 * budget), the steps in the order they ran for the table, and the one-line
 * summary. Plain JSON, as the rest of the page model.
 */
import type { CapacityStep } from '../engine/capacity/capacity-step.ts'
import type { CapacitySearch } from '../engine/capacity/search-capacity.ts'
import { describeCapacity } from './capacity-text.ts'
import { describeViolation } from './verdict-text.ts'

export interface CapacityStepRow {
  ratePerSec: number
  phase: 'ramp' | 'bisect'
  durationSec: number
  requests: number
  droppedArrivals: number
  result: 'held' | 'broke' | 'generator saturated'
  worst: string
  brokeOn: string
}

export interface CapacityModel {
  line: string
  /** Ascending, one per step: the chart's x. */
  ratePerSec: number[]
  heldP95Ms: (number | null)[]
  brokeP95Ms: (number | null)[]
  p95BudgetMs: (number | null)[]
  steps: CapacityStepRow[]
}

/** A step's outcome in a word, as the table and the CSV say it. */
export const stepOutcome = (step: CapacityStep): CapacityStepRow['result'] => (step.saturated ? 'generator saturated' : step.pass ? 'held' : 'broke')

export function capacityModel(name: string, search: CapacitySearch): CapacityModel {
  const byRate = [...search.steps].sort((a, b) => a.ratePerSec - b.ratePerSec)
  const p95 = (held: boolean) => byRate.map((s) => (s.pass === held && s.worst ? s.worst.p95Ms : null))
  return {
    line: describeCapacity(name, search),
    ratePerSec: byRate.map((s) => s.ratePerSec),
    heldP95Ms: p95(true),
    brokeP95Ms: p95(false),
    p95BudgetMs: byRate.map((s) => s.worst?.p95BudgetMs ?? null),
    steps: search.steps.map((s) => ({
      ratePerSec: s.ratePerSec,
      phase: s.phase,
      durationSec: s.durationMs / 1000,
      requests: s.requests,
      droppedArrivals: s.droppedArrivals,
      result: stepOutcome(s),
      worst: s.worst ? `${s.worst.endpoint} p95 ${s.worst.p95Ms.toFixed(1)} ms` : '',
      brokeOn: s.broken ? describeViolation(s.broken) : '',
    })),
  }
}
