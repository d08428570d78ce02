/**
 * `<category>_capacity.csv`: one row per step of a capacity search, in the
 * order they ran, with what decided it: the endpoint nearest its p95 budget
 * and, on a step that broke, the verdict furthest over its line.
 */
import type { CapacitySearch } from '../engine/capacity/search-capacity.ts'
import { stepOutcome } from './capacity-model.ts'
import { row } from './locust-csv.ts'
import { describeViolation } from './verdict-text.ts'

const HEADER = ['Step', 'Phase', 'Rate (req/s)', 'Duration (s)', 'Requests', 'Dropped arrivals', 'Result', 'Worst endpoint', 'Worst p95 (ms)', 'Broke on']

export function capacityCsv(search: CapacitySearch): string {
  const rows = search.steps.map((s, i) =>
    row([i + 1, s.phase, s.ratePerSec, s.durationMs / 1000, s.requests, s.droppedArrivals, stepOutcome(s), s.worst?.endpoint ?? '', s.worst ? s.worst.p95Ms.toFixed(1) : '', s.broken ? describeViolation(s.broken) : '']),
  )
  return `${[row(HEADER), ...rows].join('\n')}\n`
}
