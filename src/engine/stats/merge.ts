/**
 * Merges results of the same scenario run by several processes or machines
 * over the same period: histograms are added, counters summed, and every
 * derived number recomputed, so two halves merge into exactly the whole.
 */
import { createHistogram, decodeHistogram, type Histogram, percentileMs, encodeHistogram } from './histogram.ts'
import type { EndpointResult, FailureGroup, IntervalPoint, RunResult } from '../result.ts'
import { type SeriesTotals, summarizeEndpoint } from './summarize.ts'

function totalsOf(endpoint: EndpointResult): SeriesTotals {
  return {
    histogram: decodeHistogram(endpoint.histogram),
    requests: endpoint.requests,
    failures: endpoint.failures,
    contentBytes: endpoint.meanContentBytes * endpoint.requests,
    // Results written before retries were counted have none.
    retries: endpoint.retries ?? 0,
  }
}

function addTotals(into: SeriesTotals, from: SeriesTotals): void {
  into.histogram.add(from.histogram)
  into.requests += from.requests
  into.failures += from.failures
  into.contentBytes += from.contentBytes
  into.retries += from.retries
}

function mergeEndpoints(lists: EndpointResult[][]): Map<string, SeriesTotals> {
  const merged = new Map<string, SeriesTotals>()
  for (const endpoint of lists.flat()) {
    const existing = merged.get(endpoint.name)
    if (existing) addTotals(existing, totalsOf(endpoint))
    else merged.set(endpoint.name, totalsOf(endpoint))
  }
  return merged
}

function mergeFailures(lists: FailureGroup[][]): FailureGroup[] {
  const merged = new Map<string, FailureGroup>()
  for (const group of lists.flat()) {
    const key = `${group.endpoint}\u0000${group.reason}`
    const existing = merged.get(key)
    if (existing) existing.occurrences += group.occurrences
    else merged.set(key, { ...group })
  }
  return [...merged.values()].sort((a, b) => b.occurrences - a.occurrences)
}

function mergeIntervals(lists: IntervalPoint[][]): IntervalPoint[] {
  const bySecond = new Map<number, { users: number; requests: number; failures: number; histogram: Histogram }>()
  for (const point of lists.flat()) {
    let slot = bySecond.get(point.timestampSec)
    if (!slot) {
      slot = { users: 0, requests: 0, failures: 0, histogram: createHistogram() }
      bySecond.set(point.timestampSec, slot)
    }
    slot.users += point.users
    slot.requests += point.requests
    slot.failures += point.failures
    slot.histogram.add(decodeHistogram(point.histogram))
  }
  return [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([timestampSec, slot]) => ({
      timestampSec,
      users: slot.users,
      requests: slot.requests,
      failures: slot.failures,
      p50Ms: percentileMs(slot.histogram, 50),
      p95Ms: percentileMs(slot.histogram, 95),
      p99Ms: percentileMs(slot.histogram, 99),
      histogram: encodeHistogram(slot.histogram),
    }))
}

function summarizeMerged(lists: EndpointResult[][], durationMs: number): EndpointResult[] {
  return [...mergeEndpoints(lists).entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, totals]) => summarizeEndpoint(name, totals, durationMs))
}

export function mergeResults(first: RunResult, ...rest: RunResult[]): RunResult {
  const all = [first, ...rest]
  const startMs = Math.min(...all.map((r) => Date.parse(r.startedAt)))
  const endMs = Math.max(...all.map((r) => Date.parse(r.startedAt) + r.durationMs))
  const durationMs = endMs - startMs
  const total = mergeEndpoints(all.map((r) => [r.total])).get(first.total.name)
  const warnings = [...new Set(all.flatMap((r) => r.generator.warnings))]
  return {
    ...first,
    startedAt: new Date(startMs).toISOString(),
    durationMs,
    aborted: all.some((r) => r.aborted),
    droppedArrivals: all.reduce((sum, r) => sum + r.droppedArrivals, 0),
    scheduledArrivals: all.reduce((sum, r) => sum + r.scheduledArrivals, 0),
    endpoints: summarizeMerged(all.map((r) => r.endpoints), durationMs),
    total: summarizeEndpoint(first.total.name, total ?? totalsOf(first.total), durationMs),
    failures: mergeFailures(all.map((r) => r.failures)),
    intervals: mergeIntervals(all.map((r) => r.intervals)),
    windows: all.flatMap((r) => r.windows ?? []),
    ...(all.some((r) => r.steady) ? { steady: summarizeMerged(all.map((r) => r.steady ?? []), durationMs) } : {}),
    generator: {
      cpuPercentMean: Math.max(...all.map((r) => r.generator.cpuPercentMean)),
      cpuPercentMax: Math.max(...all.map((r) => r.generator.cpuPercentMax)),
      eventLoopDelayP99Ms: Math.max(...all.map((r) => r.generator.eventLoopDelayP99Ms)),
      eventLoopDelayMaxMs: Math.max(...all.map((r) => r.generator.eventLoopDelayMaxMs)),
      saturated: all.some((r) => r.generator.saturated),
      warnings,
    },
  }
}
