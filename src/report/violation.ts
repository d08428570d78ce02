/** Verdicts in words: `GET /x: p95 812 ms > budget 500 ms`, `worker: CPU peak 97% of the machine > budget 85%`, and a whole run's message. */
import { type BudgetVerdict, isMet } from '../engine/budget.ts'
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

/** Over a warning line only: shown wherever verdicts are, never a failure. */
export function warningsOf(verdicts: BudgetVerdict[]): BudgetVerdict[] {
  return verdicts.filter((v) => !v.passed && v.level === 'warn')
}

function budgetLines(verdicts: BudgetVerdict[]): string {
  const over = verdicts.filter((v) => !isMet(v))
  const warnings = warningsOf(verdicts)
  const warned = warnings.length === 0 ? '' : `\n  ${warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`} (not failures):\n  ${warnings.map(describeViolation).join('\n  ')}`
  if (over.length === 0) return `all ${verdicts.length} budget checks passed${warned}`
  return `${over.length} of ${verdicts.length} budget checks over:\n  ${over.map(describeViolation).join('\n  ')}${warned}`
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
  return `${where}: ${budgetLines(verdict.verdicts)}`
}
