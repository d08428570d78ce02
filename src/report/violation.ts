/** Verdicts in words: `GET /x: p95 812 ms > budget 500 ms`, and a whole run's message. */
import type { BudgetVerdict } from '../engine/budget.ts'
import type { RunVerdict } from '../engine/run-verdict.ts'
import { baselineLines, describeChange } from './baseline-text.ts'
import { formatMs, formatPercent } from './format.ts'

const METRIC_LABELS: Record<BudgetVerdict['metric'], string> = {
  p95: 'p95',
  p99: 'p99',
  mean: 'mean',
  failureRate: 'failure rate',
  droppedRate: 'dropped arrivals',
  unbudgeted: 'no budget',
  regression: 'regression',
}

function formatValue(verdict: BudgetVerdict, value: number): string {
  return verdict.metric === 'failureRate' || verdict.metric === 'droppedRate' ? formatPercent(value) : formatMs(value)
}

export function describeViolation(verdict: BudgetVerdict): string {
  if (verdict.metric === 'unbudgeted') {
    return `${verdict.endpoint}: no budget class covers it (${verdict.measured} recorded); add it to a class in budgets.ts or exempt it with a reason`
  }
  if (verdict.change) return `${verdict.endpoint}: regression against the baseline: ${describeChange(verdict.change)}`
  const text = `${verdict.endpoint}: ${METRIC_LABELS[verdict.metric]} ${formatValue(verdict, verdict.measured)} > budget ${formatValue(verdict, verdict.allowed)}`
  return verdict.detail ? `${text} (${verdict.detail})` : text
}

/** The matcher's message, also written beside the results and shown in the reports. */
export function formatRunVerdict(verdict: RunVerdict): string {
  return [budgetsText(verdict), ...baselineLines(verdict)].join('\n')
}

function budgetsText(verdict: RunVerdict): string {
  const outside = verdict.outsideWindows ? `, judged outside its windows (${verdict.outsideWindows.join(', ')})` : ''
  const where = `run "${verdict.name}" (profile ${verdict.profile}${outside})`
  if (!verdict.trustworthy) {
    return `${where} is not trustworthy: the load generator was saturated (${(verdict.untrustworthyBecause ?? []).join('; ')}), so these latencies measure the generator, not the server. Lower the load or give the generator more CPU.`
  }
  if (verdict.endpoint !== undefined && verdict.verdicts.length === 0) return `${where}: no budgeted requests for ${verdict.endpoint}`
  const over = verdict.verdicts.filter((v) => !v.passed)
  if (over.length === 0) return `${where}: all ${verdict.verdicts.length} budget checks passed`
  return `${where}: ${over.length} of ${verdict.verdicts.length} budget checks over:\n  ${over.map(describeViolation).join('\n  ')}`
}
