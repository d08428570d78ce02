/**
 * The report's view of a comparison with a baseline: the baseline's
 * per-second p50/p95/p99, aligned with the run's seconds for dashed lines on
 * the latency chart, and one row per endpoint of the changes the verdicts
 * carry. Read from the verdicts, never compared again.
 */
import type { ChangeStatus, ComparedStatistic } from '../engine/verdicts/baseline.ts'
import type { RunResult } from '../engine/result.ts'
import type { StoredRun } from './artifacts.ts'
import { describeChange, shortChange } from './baseline-text.ts'

export interface ChangeCell {
  statistic: ComparedStatistic
  status: ChangeStatus
  /** `+27%`, `-1.10 points`. */
  text: string
  /** The change in full, for the cell's tooltip. */
  title: string
}

export interface ChangeRow {
  endpoint: string
  cells: ChangeCell[]
}

export interface BaselineModel {
  startedAt: string
  /** The baseline's second i at the run's second i; null past its end or in a second without requests. */
  p50Ms: (number | null)[]
  p95Ms: (number | null)[]
  p99Ms: (number | null)[]
  changes: ChangeRow[]
}

function alignedSeries(baseline: RunResult, seconds: number, pick: (p: RunResult['intervals'][number]) => number): (number | null)[] {
  return Array.from({ length: seconds }, (_, i) => {
    const point = baseline.intervals[i]
    return point && point.requests > 0 ? pick(point) : null
  })
}

function changeRows({ verdict }: StoredRun): ChangeRow[] {
  const rows = new Map<string, ChangeCell[]>()
  for (const v of verdict.verdicts) {
    if (!v.change) continue
    const cells = rows.get(v.endpoint) ?? []
    cells.push({ statistic: v.change.statistic, status: v.change.status, text: shortChange(v.change), title: describeChange(v.change) })
    rows.set(v.endpoint, cells)
  }
  return [...rows].map(([endpoint, cells]) => ({ endpoint, cells }))
}

export function baselineModel(stored: StoredRun): BaselineModel | undefined {
  const { baseline, result } = stored
  if (!baseline) return undefined
  const seconds = result.intervals.length
  return {
    startedAt: baseline.startedAt,
    p50Ms: alignedSeries(baseline, seconds, (p) => p.p50Ms),
    p95Ms: alignedSeries(baseline, seconds, (p) => p.p95Ms),
    p99Ms: alignedSeries(baseline, seconds, (p) => p.p99Ms),
    changes: changeRows(stored),
  }
}
