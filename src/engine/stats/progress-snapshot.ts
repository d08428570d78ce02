/**
 * A live view of a run in progress, taken once a second from the recorder
 * without disturbing it (the histograms are read, never reset or encoded).
 * Plain, JSON-serialisable data, so it can cross to another process (the
 * terminal progress line, a dashboard); and a JudgedResult, so a run can be
 * judged "so far" by the very evaluation that judges it at the end.
 */
import type { JudgedResult } from '../verdicts/budget.ts'
import { maxMs, minMs, percentileMs } from './histogram.ts'
import type { EndpointSeries, Recorder } from './recorder.ts'
import type { EndpointResult, GeneratorHealth, IntervalPoint, Percentiles, RunResult } from '../result.ts'
import { aggregateSeries } from './summarize.ts'

/**
 * An endpoint's figures so far. Fewer than a result's: no encoded histogram
 * and three percentiles, and the mean from the latencies' sum rather than
 * from the histogram's buckets (it can differ from the final mean in the
 * fourth digit); together these cut a snapshot of 50 endpoints from a quarter
 * of a second to a few milliseconds.
 */
export type LiveFigures = Pick<EndpointResult, 'name' | 'requests' | 'failures' | 'failureRate' | 'rps' | 'minMs' | 'maxMs' | 'meanMs'> & {
  percentilesMs: Pick<Percentiles, 'p50' | 'p95' | 'p99'>
}

export interface ProgressSnapshot extends JudgedResult, Pick<RunResult, 'httpClient' | 'startedAt'> {
  name: string
  /** Since the load started. */
  elapsedMs: number
  /** The sum of the stages' durations: when the run is due to end. */
  plannedMs: number
  /** Active virtual users (closed model) or iterations in flight (open model), now. */
  users: number
  /** The last closed second of the time series (its histogram left out); null before one has closed. */
  lastInterval: Omit<IntervalPoint, 'histogram'> | null
  /** Cumulative since the start, sorted by name; `rps` over `elapsedMs`. */
  endpoints: LiveFigures[]
  /** With a `during` routine: the same, outside its windows (what the budgets judge). */
  steady?: LiveFigures[]
  total: LiveFigures
  /** The generator's CPU and event-loop delay so far, and whether it is saturated (a dashboard warns). */
  generator: GeneratorHealth
}

/** What the run knows and the recorder does not. */
export type RunState = Pick<ProgressSnapshot, 'name' | 'profile' | 'model' | 'httpClient' | 'startedAt' | 'elapsedMs' | 'plannedMs' | 'users' | 'droppedArrivals' | 'scheduledArrivals' | 'generator'>

type LiveSeries = Pick<EndpointSeries, 'histogram' | 'requests' | 'failures' | 'latencyTotalMs'>

function liveFigures(name: string, series: LiveSeries, elapsedMs: number): LiveFigures {
  const { histogram } = series
  const timed = histogram.totalCount
  return {
    name,
    requests: series.requests,
    failures: series.failures,
    failureRate: series.requests === 0 ? 0 : series.failures / series.requests,
    rps: elapsedMs > 0 ? series.requests / (elapsedMs / 1000) : 0,
    minMs: minMs(histogram),
    maxMs: maxMs(histogram),
    meanMs: timed === 0 ? 0 : series.latencyTotalMs / timed,
    percentilesMs: { p50: percentileMs(histogram, 50), p95: percentileMs(histogram, 95), p99: percentileMs(histogram, 99) },
  }
}

function figuresOf(series: Map<string, EndpointSeries>, elapsedMs: number): LiveFigures[] {
  return [...series.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, one]) => liveFigures(name, one, elapsedMs))
}

function totalOf(series: Map<string, EndpointSeries>, elapsedMs: number): LiveFigures {
  const timed = [...series.values()].filter((one) => !one.isCheck)
  const latencyTotalMs = timed.reduce((sum, one) => sum + one.latencyTotalMs, 0)
  return liveFigures('Aggregated', { ...aggregateSeries(timed), latencyTotalMs }, elapsedMs)
}

export function takeSnapshot(recorder: Recorder, state: RunState): ProgressSnapshot {
  const last = recorder.intervals.at(-1)
  let lastInterval: ProgressSnapshot['lastInterval'] = null
  if (last) {
    const { histogram: _encoded, ...figures } = last
    lastInterval = figures
  }
  const snapshot: ProgressSnapshot = {
    ...state,
    lastInterval,
    endpoints: figuresOf(recorder.endpoints, state.elapsedMs),
    total: totalOf(recorder.endpoints, state.elapsedMs),
    failures: [...recorder.failures.values()].sort((a, b) => b.occurrences - a.occurrences).map((group) => ({ ...group })),
  }
  if (recorder.steady) snapshot.steady = figuresOf(recorder.steady, state.elapsedMs)
  return snapshot
}
