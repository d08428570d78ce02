/**
 * Turns histograms and counters into the plain numbers of an EndpointResult.
 * Every derived number comes from the histogram, so a merged result computes
 * exactly the numbers a single run would have.
 */
import { createHistogram, encodeHistogram, type Histogram, maxMs, meanMs, minMs, percentilesMs } from './histogram.ts'
import type { EndpointResult } from '../result.ts'

export interface SeriesTotals {
  histogram: Histogram
  requests: number
  failures: number
  contentBytes: number
  retries: number
}

export function summarizeEndpoint(name: string, series: SeriesTotals, durationMs: number): EndpointResult {
  const seconds = durationMs > 0 ? durationMs / 1000 : 1
  return {
    name,
    requests: series.requests,
    failures: series.failures,
    failureRate: series.requests === 0 ? 0 : series.failures / series.requests,
    rps: series.requests / seconds,
    failuresPerSec: series.failures / seconds,
    minMs: minMs(series.histogram),
    maxMs: maxMs(series.histogram),
    meanMs: meanMs(series.histogram),
    percentilesMs: percentilesMs(series.histogram),
    meanContentBytes: series.requests === 0 ? 0 : series.contentBytes / series.requests,
    retries: series.retries,
    histogram: encodeHistogram(series.histogram),
  }
}

/** Locust's "Aggregated" row: requests and timed tasks together; checks (`isCheck`) are judged apart. */
export function aggregateSeries(series: Iterable<SeriesTotals & { isCheck: boolean }>): SeriesTotals {
  const total = { histogram: createHistogram(), requests: 0, failures: 0, contentBytes: 0, retries: 0 }
  for (const one of series) {
    if (one.isCheck) continue
    total.histogram.add(one.histogram)
    total.requests += one.requests
    total.failures += one.failures
    total.contentBytes += one.contentBytes
    total.retries += one.retries
  }
  return total
}
