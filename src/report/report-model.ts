/**
 * The report's page model: plain JSON built in Node from stored runs, drawn
 * in the browser by report-renderer.js. The static report.html embeds one; a
 * live dashboard sends a fresh one per tick. Numbers stay numbers (the
 * renderer formats them); only the budget cell is words, because it quotes
 * the verdict the test reached and the report never judges again.
 */
import type { BudgetVerdict } from '../engine/verdicts/budget.ts'
import type { EndpointResult, FailureGroup, GeneratorHealth, IntervalPoint, Percentiles, RunResult } from '../engine/result.ts'
import type { StoredRun, StoredVerdict } from './artifacts.ts'
import { type BaselineModel, baselineModel } from './baseline-model.ts'
import { describeChange } from './baseline-text.ts'
import { type CapacityModel, capacityModel } from './capacity-model.ts'
import { failureWindows } from './failure-windows.ts'
import { formatMs, formatPercent } from './format.ts'
import { type ResourcesModel, resourcesModel } from './resources-model.ts'
import { warningsOf } from './violation.ts'

export interface ReportModel {
  title: string
  environment: string
  categories: CategoryModel[]
}

export interface CategoryVerdict {
  /** `warn`: passed, with a figure over a warning line (the message names it); `running` only on a live dashboard, for the category in progress. */
  status: 'pass' | 'warn' | 'fail' | 'not judged' | 'running'
  /** The matcher's message, word for word. */
  message: string
}

export type RunFacts = Pick<RunResult, 'profile' | 'model' | 'httpClient' | 'startedAt' | 'durationMs' | 'baseUrl' | 'aborted' | 'droppedArrivals' | 'scheduledArrivals'> & {
  requests: number
  failureRate: number
}

/** One value per second of the run, all arrays as long as `tSec` (seconds since the first interval). */
export interface TimeSeries {
  tSec: number[]
  rps: number[]
  users: number[]
  p50Ms: number[]
  p95Ms: number[]
  p99Ms: number[]
  failuresPerSec: number[]
}

/** The tightest latency budget of a metric among the category's verdicts, and whose it is. */
export interface BudgetLine {
  metric: 'p95' | 'p99'
  allowedMs: number
  endpoint: string
}

/** A span to shade: a window the scenario marked (a fault injected) or one in which most requests failed. */
export interface Band {
  kind: 'marked' | 'failing'
  fromSec: number
  toSec: number
  label: string
}

export interface EndpointRow {
  name: string
  requests: number
  failures: number
  medianMs: number
  p95Ms: number
  p99Ms: number
  meanMs: number
  minMs: number
  maxMs: number
  rps: number
  retries: number
  budget: { status: 'pass' | 'fail' | 'exempt' | 'not judged'; text: string }
}

export interface CategoryModel {
  name: string
  verdict: CategoryVerdict
  run: RunFacts
  series: TimeSeries
  budgetLines: BudgetLine[]
  bands: Band[]
  endpoints: EndpointRow[]
  failures: FailureGroup[]
  generator: GeneratorHealth
  /** What the run cost the target's services; null where nothing was sampled. */
  resources: ResourcesModel | null
  /** When the run was compared with a baseline (`--baseline`). */
  baseline?: BaselineModel
  /** Under the capacity profile: the search whose highest held step this run is. */
  capacity?: CapacityModel
}

/** The per-second series the charts draw, from a stored result's intervals or the live points alike. */
export function seriesOf(points: Omit<IntervalPoint, 'histogram'>[]): TimeSeries {
  const t0 = points[0]?.timestampSec ?? 0
  const pick = (f: (p: Omit<IntervalPoint, 'histogram'>) => number): number[] => points.map(f)
  return {
    tSec: pick((p) => p.timestampSec - t0),
    rps: pick((p) => p.requests),
    users: pick((p) => p.users),
    p50Ms: pick((p) => p.p50Ms),
    p95Ms: pick((p) => p.p95Ms),
    p99Ms: pick((p) => p.p99Ms),
    failuresPerSec: pick((p) => p.failures),
  }
}

/** The chart shows every endpoint together, so the line that matters is the tightest one a verdict held it to. */
export function budgetLinesOf(verdicts: BudgetVerdict[]): BudgetLine[] {
  const lines: BudgetLine[] = []
  for (const metric of ['p95', 'p99'] as const) {
    const tightest = verdicts.filter((v) => v.metric === metric).sort((a, b) => a.allowed - b.allowed)[0]
    if (tightest) lines.push({ metric, allowedMs: tightest.allowed, endpoint: tightest.endpoint })
  }
  return lines
}

function bandsOf(result: RunResult): Band[] {
  const t0 = result.intervals[0]?.timestampSec ?? 0
  const marked = (result.windows ?? []).map((w): Band => ({ kind: 'marked', fromSec: w.startSec - t0, toSec: w.endSec - t0, label: w.label }))
  const failing = failureWindows(result.intervals).map((w): Band => ({ kind: 'failing', fromSec: w.fromSec, toSec: w.toSec, label: `${w.failures} of ${w.requests} failed` }))
  return [...marked, ...failing]
}

function overText(v: BudgetVerdict): string {
  if (v.change) return `regression: ${describeChange(v.change)}`
  const format = v.metric === 'failureRate' ? formatPercent : formatMs
  return `${v.metric} ${format(v.measured)} > ${format(v.allowed)}${v.detail ? ` (${v.detail})` : ''}`
}

export function budgetStatus(verdicts: BudgetVerdict[], endpoint: string): EndpointRow['budget'] {
  const mine = verdicts.filter((v) => v.endpoint === endpoint)
  if (mine.length === 0) return { status: 'exempt', text: 'exempt' }
  if (mine.some((v) => v.metric === 'unbudgeted')) return { status: 'fail', text: 'FAIL: no budget class covers it' }
  const over = mine.filter((v) => !v.passed)
  if (over.length === 0) return { status: 'pass', text: 'pass' }
  return { status: 'fail', text: `FAIL: ${over.map(overText).join('; ')}` }
}

/** The figures of one endpoint row, from a stored result or a live snapshot alike. */
export function endpointFigures(e: Pick<EndpointResult, 'name' | 'requests' | 'failures' | 'meanMs' | 'minMs' | 'maxMs' | 'rps'> & { percentilesMs: Pick<Percentiles, 'p50' | 'p95' | 'p99'> }): Omit<EndpointRow, 'retries' | 'budget'> {
  const { name, requests, failures, meanMs, minMs, maxMs, rps } = e
  const { p50: medianMs, p95: p95Ms, p99: p99Ms } = e.percentilesMs
  return { name, requests, failures, medianMs, p95Ms, p99Ms, meanMs, minMs, maxMs, rps }
}

/** Runs stored before retries were recorded read as 0 retries; in a run never judged no endpoint is exempt, only unjudged. */
function endpointRows(result: RunResult, { judged, verdicts }: StoredVerdict): EndpointRow[] {
  return result.endpoints.map((e) => ({
    ...endpointFigures(e),
    retries: e.retries ?? 0,
    budget: judged ? budgetStatus(verdicts, e.name) : { status: 'not judged', text: 'not judged' },
  }))
}

/** Runs stored before the HTTP client was recorded read as the engine's own. */
function runFacts(result: RunResult): RunFacts {
  const { profile, model, startedAt, durationMs, baseUrl, aborted, droppedArrivals, scheduledArrivals } = result
  return { profile, model, httpClient: result.httpClient ?? 'own', startedAt, durationMs, baseUrl, aborted, droppedArrivals, scheduledArrivals, requests: result.total.requests, failureRate: result.total.failureRate }
}

function statusOf(verdict: StoredVerdict): CategoryVerdict['status'] {
  if (!verdict.judged) return 'not judged'
  if (!verdict.pass) return 'fail'
  return warningsOf(verdict.verdicts).length > 0 ? 'warn' : 'pass'
}

export function categoryModel(stored: StoredRun): CategoryModel {
  const { result, verdict } = stored
  const baseline = baselineModel(stored)
  return {
    name: result.name,
    verdict: { status: statusOf(verdict), message: verdict.message },
    run: runFacts(result),
    series: seriesOf(result.intervals),
    budgetLines: budgetLinesOf(verdict.verdicts),
    bands: bandsOf(result),
    endpoints: endpointRows(result, verdict),
    failures: result.failures,
    generator: result.generator,
    resources: resourcesModel(result),
    ...(baseline ? { baseline } : {}),
    ...(result.capacity ? { capacity: capacityModel(result.name, result.capacity) } : {}),
  }
}

export function buildReportModel(runs: StoredRun[], title: string, environment: string): ReportModel {
  return { title, environment, categories: runs.map(categoryModel) }
}
