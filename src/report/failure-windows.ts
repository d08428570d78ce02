/**
 * The spans of a run when most requests failed (an outage, as the load saw
 * it), from the per-second series: runs of seconds in which at least half of
 * the requests failed. Seconds are relative to the first interval.
 */
import type { IntervalPoint } from '../engine/result.ts'

export interface FailureWindow {
  fromSec: number
  toSec: number
  requests: number
  failures: number
}

const FAILING_SHARE = 0.5

export function failureWindows(intervals: Pick<IntervalPoint, 'timestampSec' | 'requests' | 'failures'>[]): FailureWindow[] {
  const t0 = intervals[0]?.timestampSec ?? 0
  const windows: FailureWindow[] = []
  let open: FailureWindow | undefined
  for (const point of intervals) {
    const failing = point.failures > 0 && point.failures >= FAILING_SHARE * point.requests
    const at = point.timestampSec - t0
    if (failing && open && open.toSec === at) {
      open.toSec = at + 1
      open.requests += point.requests
      open.failures += point.failures
    } else if (failing) {
      open = { fromSec: at, toSec: at + 1, requests: point.requests, failures: point.failures }
      windows.push(open)
    } else open = undefined
  }
  return windows
}
