/** One over-budget verdict in words: `GET /x: p95 812 ms > budget 500 ms`. */
import type { BudgetVerdict } from '../engine/budget.ts'
import { formatMs, formatPercent } from './format.ts'

const METRIC_LABELS: Record<BudgetVerdict['metric'], string> = {
  p95: 'p95',
  p99: 'p99',
  mean: 'mean',
  failureRate: 'failure rate',
  droppedRate: 'dropped arrivals',
}

function formatValue(verdict: BudgetVerdict, value: number): string {
  return verdict.metric === 'failureRate' || verdict.metric === 'droppedRate' ? formatPercent(value) : formatMs(value)
}

export function describeViolation(verdict: BudgetVerdict): string {
  return `${verdict.endpoint}: ${METRIC_LABELS[verdict.metric]} ${formatValue(verdict, verdict.measured)} > budget ${formatValue(verdict, verdict.allowed)}`
}
