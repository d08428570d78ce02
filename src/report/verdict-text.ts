/** One verdict in words: `GET /x: p95 812 ms > budget 500 ms`, `worker: CPU peak 97% of the machine > budget 85%`. */
import type { BudgetVerdict } from '../engine/verdicts/budget.ts'
import { describeChange } from './baseline-text.ts'
import { formatMs, formatPercent } from './format.ts'

const METRIC_LABELS: Record<BudgetVerdict['metric'], string> = {
  p95: 'p95',
  p99: 'p99',
  mean: 'mean',
  failureRate: 'failure rate',
  droppedRate: 'dropped arrivals',
  unbudgeted: 'no budget',
  cpuMean: 'CPU mean',
  cpuPeak: 'CPU peak',
  memoryPeak: 'memory peak',
  memoryTrend: 'memory trend',
  regression: 'regression',
}

/** A resource share as people say it: `97%`, `4.5%`. */
const share = (percent: number): string => `${percent.toFixed(percent >= 10 ? 0 : 1)}%`

function formatValue(verdict: BudgetVerdict, value: number): string {
  switch (verdict.metric) {
    case 'failureRate':
    case 'droppedRate':
      return formatPercent(value)
    case 'cpuMean':
    case 'cpuPeak':
    case 'memoryPeak':
      return share(value)
    case 'memoryTrend':
      return `${value >= 0 ? '+' : ''}${value.toFixed(2)} MB/min`
    default:
      return formatMs(value)
  }
}

export function describeViolation(verdict: BudgetVerdict): string {
  if (verdict.metric === 'unbudgeted') {
    return `${verdict.endpoint}: no budget class covers it (${verdict.measured} recorded); add it to a class in budgets.ts or exempt it with a reason`
  }
  if (verdict.change) return `${verdict.endpoint}: regression against the baseline: ${describeChange(verdict.change)}`
  const of = verdict.scope ? ` of ${verdict.scope}` : ''
  const line = verdict.level === 'warn' ? 'warning' : 'budget'
  const text = `${verdict.endpoint}: ${METRIC_LABELS[verdict.metric]} ${formatValue(verdict, verdict.measured)}${of} > ${line} ${formatValue(verdict, verdict.allowed)}`
  return verdict.detail ? `${text} (${verdict.detail})` : text
}
