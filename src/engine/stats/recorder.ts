/**
 * Collects every measurement of a run: one histogram and counters per
 * endpoint, failures by endpoint and reason, and one histogram per second for
 * the time series. The hot path (`record`) allocates nothing per request.
 */
import { createHistogram, encodeHistogram, type Histogram, percentileMs, recordMs } from './histogram.ts'
import type { FailureGroup, IntervalPoint } from '../result.ts'

export interface EndpointSeries {
  histogram: Histogram
  requests: number
  failures: number
  contentBytes: number
  /** A check's series counts passes and failures but has no latency; it stays out of the aggregate. */
  isCheck: boolean
  /** Requests sent again because their kept-alive connection was closed under them. */
  retries: number
  /** Every recorded latency summed: a live mean without a pass over the histogram (see progress-snapshot.ts). */
  latencyTotalMs: number
}

interface OpenInterval {
  timestampSec: number
  histogram: Histogram
  requests: number
  failures: number
}

function seriesIn(map: Map<string, EndpointSeries>, endpoint: string, isCheck: boolean): EndpointSeries {
  let series = map.get(endpoint)
  if (!series) {
    series = { histogram: createHistogram(), requests: 0, failures: 0, contentBytes: 0, isCheck, retries: 0, latencyTotalMs: 0 }
    map.set(endpoint, series)
  }
  return series
}

function addTo(series: EndpointSeries, latencyMs: number, contentBytes: number, failureReason: string | undefined): void {
  recordMs(series.histogram, latencyMs)
  series.latencyTotalMs += latencyMs
  series.requests += 1
  series.contentBytes += contentBytes
  if (failureReason !== undefined) series.failures += 1
}

export class Recorder {
  readonly endpoints = new Map<string, EndpointSeries>()
  /**
   * The same series for the time outside any window a `during` routine opened
   * (see during.ts); kept only when `keepSteady()` was called, so a run without
   * one pays nothing for it.
   */
  steady: Map<string, EndpointSeries> | undefined
  private openWindows = 0
  /** When the last window closed (performance.now()): a request begun before it overlapped a window. */
  private lastWindowClosedAt = Number.NEGATIVE_INFINITY
  readonly failures = new Map<string, FailureGroup>()
  readonly intervals: IntervalPoint[] = []
  private current: OpenInterval | undefined
  private readonly usersNow: () => number
  private readonly onInterval: ((point: IntervalPoint) => void) | undefined

  constructor(usersNow: () => number, onInterval?: (point: IntervalPoint) => void) {
    this.usersNow = usersNow
    this.onInterval = onInterval
  }

  /**
   * One completed request (or custom measurement); `failureReason` marks it
   * failed. Returns whether it also went into the steady-state series.
   */
  record(endpoint: string, latencyMs: number, contentBytes: number, failureReason?: string): boolean {
    addTo(this.seriesOf(endpoint), latencyMs, contentBytes, failureReason)
    const steady = this.steady !== undefined && this.outsideWindows(latencyMs)
    if (steady) addTo(seriesIn(this.steady as Map<string, EndpointSeries>, endpoint, false), latencyMs, contentBytes, failureReason)
    const interval = this.intervalAt(Date.now())
    recordMs(interval.histogram, latencyMs)
    interval.requests += 1
    if (failureReason !== undefined) {
      interval.failures += 1
      this.countFailure(endpoint, failureReason)
    }
    return steady
  }

  /**
   * Whether a measurement that took `durationMs` and ends now lay wholly
   * outside every window: one that began during a fault and ended after it
   * belongs to the fault, not to the steady state.
   */
  private outsideWindows(durationMs: number): boolean {
    return this.openWindows === 0 && performance.now() - durationMs >= this.lastWindowClosedAt
  }

  /** From now on, keep the steady-state series beside the whole-run ones. */
  keepSteady(): void {
    this.steady ??= new Map()
  }

  openWindow(): void {
    this.openWindows += 1
  }

  closeWindow(): void {
    this.openWindows -= 1
    this.lastWindowClosedAt = performance.now()
  }

  /**
   * Turns one already recorded success of `endpoint` into a failure: a check
   * on its response failed after it was timed (Locust's `response.failure()`).
   * `inSteady`: what `record` returned for it, so both series stay consistent.
   */
  markFailed(endpoint: string, reason: string, inSteady: boolean): void {
    this.seriesOf(endpoint).failures += 1
    if (this.steady && inSteady) seriesIn(this.steady, endpoint, false).failures += 1
    this.intervalAt(Date.now()).failures += 1
    this.countFailure(endpoint, reason)
  }

  /** One evaluation of a check (`CHECK <name>`): counted and judged, never timed. */
  recordCheck(name: string, passed: boolean, failureReason: string): void {
    const all = this.steady && this.outsideWindows(0) ? [this.seriesOf(name, true), seriesIn(this.steady, name, true)] : [this.seriesOf(name, true)]
    for (const series of all) {
      series.requests += 1
      if (!passed) series.failures += 1
    }
    if (!passed) this.countFailure(name, failureReason)
  }

  /** Requests of `endpoint` that were sent again (counted apart: a retried request is still one request). */
  recordRetries(endpoint: string, count: number): void {
    this.seriesOf(endpoint).retries += count
  }

  /** Closes the interval in progress when its second is over (called every second). */
  tick(nowMs: number = Date.now()): void {
    this.intervalAt(nowMs)
  }

  /** Closes the last interval; the recorder is read-only afterwards. */
  finish(): void {
    if (this.current) this.closeInterval(this.current)
    this.current = undefined
  }

  private seriesOf(endpoint: string, isCheck = false): EndpointSeries {
    return seriesIn(this.endpoints, endpoint, isCheck)
  }

  private countFailure(endpoint: string, reason: string): void {
    const key = `${endpoint}\u0000${reason}`
    const group = this.failures.get(key)
    if (group) group.occurrences += 1
    else this.failures.set(key, { endpoint, reason, occurrences: 1 })
  }

  private intervalAt(nowMs: number): OpenInterval {
    const second = Math.floor(nowMs / 1000)
    const current = this.current
    if (current && current.timestampSec === second) return current
    if (current) this.closeInterval(current)
    const next = { timestampSec: second, histogram: createHistogram(), requests: 0, failures: 0 }
    this.current = next
    return next
  }

  private closeInterval(interval: OpenInterval): void {
    const point: IntervalPoint = {
      timestampSec: interval.timestampSec,
      users: this.usersNow(),
      requests: interval.requests,
      failures: interval.failures,
      p50Ms: percentileMs(interval.histogram, 50),
      p95Ms: percentileMs(interval.histogram, 95),
      p99Ms: percentileMs(interval.histogram, 99),
      histogram: encodeHistogram(interval.histogram),
    }
    this.intervals.push(point)
    this.onInterval?.(point)
  }
}
