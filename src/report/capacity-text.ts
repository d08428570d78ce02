/**
 * A capacity search in one line: `files: holds 84 req/s within budgets (p95
 * 412 ms at 84/s); breaks at 92/s on GET /api/v1/files/:id/content: p95 612
 * ms > budget 500 ms`. The matcher's message, the terminal summary and the
 * report all show this line.
 */
import type { CapacitySearch } from '../engine/capacity/search-capacity.ts'
import type { CapacityStep } from '../engine/capacity/capacity-step.ts'
import { formatMs } from './format.ts'
import type { RunVerdict } from '../engine/verdicts/run-verdict.ts'
import { describeViolation } from './verdict-text.ts'

/** `84`, `87.5`: rates on the bisection's grid need a decimal at most. */
export const formatRate = (ratePerSec: number): string => (Number.isInteger(ratePerSec) ? String(ratePerSec) : ratePerSec.toFixed(1))

const stepAt = (search: CapacitySearch, ratePerSec: number | null): CapacityStep | undefined => search.steps.find((s) => s.ratePerSec === ratePerSec)

function holds(search: CapacitySearch, atLeast: boolean): string {
  const step = stepAt(search, search.capacityPerSec)
  if (!step) return 'no rate held its budgets'
  const p95 = step.worst ? ` (p95 ${formatMs(step.worst.p95Ms)} at ${formatRate(step.ratePerSec)}/s)` : ''
  return `holds ${atLeast ? 'at least ' : ''}${formatRate(step.ratePerSec)} req/s within budgets${p95}`
}

function breaks(search: CapacitySearch): string | undefined {
  const step = stepAt(search, search.breakingPointPerSec)
  if (!step) return undefined
  return `breaks at ${formatRate(step.ratePerSec)}/s${step.broken ? ` on ${describeViolation(step.broken)}` : ''}`
}

function parts(search: CapacitySearch): (string | undefined)[] {
  switch (search.outcome) {
    case 'found':
      return [holds(search, false), breaks(search)]
    case 'held at max':
      return [holds(search, true), `the most the search tries (capacity.maxRatePerSec ${formatRate(search.settings.maxRatePerSec)}/s)`]
    case 'broke at start':
      return [`no capacity at or above the start rate: ${breaks(search)}`, 'lower capacity.startRatePerSec to search below it']
    default:
      // Ended early: what held is a lower bound, and nothing past the last step is claimed.
      return [holds(search, true), breaks(search), `search stopped: ${search.stoppedBecause}`]
  }
}

export function describeCapacity(name: string, search: CapacitySearch): string {
  return `${name}: ${parts(search).filter((p) => p !== undefined).join('; ')}`
}

/** The capacity line of a run's message, when the run was a capacity search's. */
export function capacityLines(verdict: RunVerdict): string[] {
  return verdict.capacity ? [`capacity: ${describeCapacity(verdict.name, verdict.capacity)}`] : []
}
