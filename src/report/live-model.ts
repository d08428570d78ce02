/**
 * A category's page model (report-model.ts) from what the live channel
 * carries, so the dashboard is drawn by the very renderer of report.html: the
 * charts from the seconds seen so far, the endpoint table from the latest
 * cumulative snapshot, the budget cells from the budgets judged so far, and,
 * once the test has ended, the verdict it reached (never judged again here).
 */
import type { BudgetVerdict } from '../engine/verdicts/budget.ts'
import type { ProgressSnapshot } from '../engine/stats/progress-snapshot.ts'
import type { IntervalPoint } from '../engine/result.ts'
import type { StoredVerdict } from './artifacts.ts'
import { failureWindows } from './failure-windows.ts'
import { formatBudgetSoFar, formatClock } from './progress-line.ts'
import { type Band, budgetLinesOf, budgetStatus, type CategoryModel, type CategoryVerdict, type EndpointRow, endpointFigures, seriesOf } from './report-model.ts'

export type LivePoint = Omit<IntervalPoint, 'histogram'>

export interface LiveCategory {
  snapshot: ProgressSnapshot
  /** Judged so far by the scenario's budgets; null without budgets. */
  budget: BudgetVerdict[] | null
  /** One per second seen, in order. */
  points: LivePoint[]
  /** Absent while the category runs; null when it ended without a result. */
  verdict?: Pick<StoredVerdict, 'judged' | 'pass' | 'message'> | null
}

/** Adds the snapshot's last closed second unless it is already there (a snapshot can come before the next second closes). */
export function addPoint(points: LivePoint[], snapshot: ProgressSnapshot): void {
  const point = snapshot.lastInterval
  const last = points.at(-1)
  if (point && (!last || point.timestampSec > last.timestampSec)) points.push(point)
}

function verdictOf({ snapshot, budget, verdict }: LiveCategory): CategoryVerdict {
  if (verdict === undefined) {
    return { status: 'running', message: `running: ${formatClock(snapshot.elapsedMs)}/${formatClock(snapshot.plannedMs)}, budget so far: ${formatBudgetSoFar(budget)}` }
  }
  if (verdict === null) return { status: 'not judged', message: 'the test ended without a result' }
  return { status: !verdict.judged ? 'not judged' : verdict.pass ? 'pass' : 'fail', message: verdict.message }
}

/** The snapshot has no retry count: the live table shows none, the report has them. */
function endpointRows({ snapshot, budget }: LiveCategory): EndpointRow[] {
  return snapshot.endpoints.map((e) => ({
    ...endpointFigures(e),
    retries: 0,
    budget: budget ? budgetStatus(budget, e.name) : { status: 'not judged', text: 'no budgets' },
  }))
}

function failingBands(points: LivePoint[]): Band[] {
  return failureWindows(points).map((w) => ({ kind: 'failing', fromSec: w.fromSec, toSec: w.toSec, label: `${w.failures} of ${w.requests} failed` }))
}

export function liveCategoryModel(live: LiveCategory, baseUrl: string): CategoryModel {
  const { snapshot } = live
  const { profile, model, httpClient, startedAt, elapsedMs, droppedArrivals, scheduledArrivals, total } = snapshot
  return {
    name: snapshot.name,
    verdict: verdictOf(live),
    run: { profile, model, httpClient, startedAt, durationMs: elapsedMs, baseUrl, aborted: false, droppedArrivals, scheduledArrivals, requests: total.requests, failureRate: total.failureRate },
    series: seriesOf(live.points),
    budgetLines: budgetLinesOf(live.budget ?? []),
    bands: failingBands(live.points),
    endpoints: endpointRows(live),
    failures: snapshot.failures,
    generator: snapshot.generator,
    // Resources are sampled in the main process and sliced per category when it ends: none live yet.
    resources: null,
  }
}
