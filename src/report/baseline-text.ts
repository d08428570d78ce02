/**
 * Changes against a baseline in words: `p95 612 ms vs 480 ms baseline (+27%,
 * +132 ms; 90% interval +18%..+35%)`, and the lines a run's message gives the
 * comparison. Words only: the verdicts were reached in the engine.
 */
import type { BaselineChange, ChangeStatus } from '../engine/verdicts/baseline.ts'
import type { BudgetVerdict } from '../engine/verdicts/budget.ts'
import type { RunVerdict } from '../engine/verdicts/run-verdict.ts'
import { formatMs, formatPercent } from './format.ts'

const signed = (text: string, value: number): string => (value >= 0 ? `+${text}` : text)

function signedRatio(ratio: number): string {
  return signed(`${(ratio * 100).toFixed(Math.abs(ratio) < 0.1 ? 1 : 0)}%`, ratio)
}

function latencyText(c: BaselineChange): string {
  const figures = [...(c.relative === null ? [] : [signedRatio(c.relative)]), signed(formatMs(c.absolute), c.absolute)].join(', ')
  const [low, high] = c.intervalMs ?? []
  const interval = low === undefined || high === undefined || c.baseline === 0 ? '' : `; 90% interval ${signedRatio(low / c.baseline)}..${signedRatio(high / c.baseline)}`
  return `${c.statistic} ${formatMs(c.current)} vs ${formatMs(c.baseline)} baseline (${figures}${interval})`
}

function failureRateText(c: BaselineChange): string {
  const points = signed(`${(c.absolute * 100).toFixed(2)} points`, c.absolute)
  const z = c.z === undefined ? '' : `, z ${c.z.toFixed(1)}`
  return `failure rate ${formatPercent(c.current)} vs ${formatPercent(c.baseline)} baseline (${points}${z})`
}

/** The change in a table cell: `+27%` for a latency, `+1.10 points` for a failure rate. */
export function shortChange(change: BaselineChange): string {
  if (change.statistic === 'failureRate') return signed(`${(change.absolute * 100).toFixed(2)} points`, change.absolute)
  return change.relative === null ? signed(formatMs(change.absolute), change.absolute) : signedRatio(change.relative)
}

export function describeChange(change: BaselineChange): string {
  const text = change.statistic === 'failureRate' ? failureRateText(change) : latencyText(change)
  return change.reason ? `${text}: ${change.reason}` : text
}

const changed = (verdicts: BudgetVerdict[], status: ChangeStatus): BudgetVerdict[] => verdicts.filter((v) => v.change?.status === status)

/** `1 regression, 2 improvements, 13 unchanged`: the comparison in one line. */
export function countChanges(verdicts: BudgetVerdict[]): string {
  const count = (status: ChangeStatus, one: string, many: string): string[] => {
    const n = changed(verdicts, status).length
    return n === 0 ? [] : [`${n} ${n === 1 ? one : many}`]
  }
  const parts = [...count('regression', 'regression', 'regressions'), ...count('improvement', 'improvement', 'improvements'), ...count('inconclusive', 'inconclusive', 'inconclusive'), ...count('unchanged', 'unchanged', 'unchanged')]
  return parts.length > 0 ? parts.join(', ') : 'no endpoint in both'
}

/** The comparison under a run's message: counts, then improvements, inconclusive changes and endpoints in one run only. */
export function baselineLines(verdict: RunVerdict): string[] {
  if (!verdict.baseline) return []
  const { startedAt, onlyInCurrent, onlyInBaseline } = verdict.baseline
  const listed = (label: string, status: ChangeStatus): string[] => changed(verdict.verdicts, status).map((v) => `  ${label}: ${v.endpoint}: ${describeChange(v.change as BaselineChange)}`)
  return [
    `against the baseline of ${startedAt}: ${countChanges(verdict.verdicts)}`,
    ...listed('improved', 'improvement'),
    ...listed('inconclusive', 'inconclusive'),
    ...(onlyInCurrent.length > 0 ? [`  only in this run, not compared: ${onlyInCurrent.join(', ')}`] : []),
    ...(onlyInBaseline.length > 0 ? [`  only in the baseline, not compared: ${onlyInBaseline.join(', ')}`] : []),
  ]
}
