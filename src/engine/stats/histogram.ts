/**
 * Latency histograms: microseconds from 1 µs to 60 s at 3 significant digits,
 * encoded as compressed base64 so results merge exactly across processes.
 */
import * as hdr from 'hdr-histogram-js'
import type { Percentiles } from '../result.ts'

export type Histogram = hdr.Histogram

export const HIGHEST_TRACKABLE_US = 60_000_000

export function createHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 32,
    autoResize: false,
  })
}

/** Records a latency in milliseconds; clamps into the trackable range. */
export function recordMs(histogram: Histogram, latencyMs: number): void {
  const us = Math.round(latencyMs * 1000)
  histogram.recordValue(Math.min(Math.max(us, 1), HIGHEST_TRACKABLE_US))
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram)
}

export function decodeHistogram(encoded: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded, 32, false)
  // Decoded histograms keep the encoder's range; copy into ours so adds line up.
  const histogram = createHistogram()
  histogram.add(decoded)
  return histogram
}

const usToMs = (us: number): number => us / 1000

export function percentileMs(histogram: Histogram, percentile: number): number {
  return histogram.totalCount === 0 ? 0 : usToMs(histogram.getValueAtPercentile(percentile))
}

export function percentilesMs(histogram: Histogram): Percentiles {
  const at = (p: number): number => percentileMs(histogram, p)
  return {
    p50: at(50),
    p66: at(66),
    p75: at(75),
    p80: at(80),
    p90: at(90),
    p95: at(95),
    p98: at(98),
    p99: at(99),
    p999: at(99.9),
    p9999: at(99.99),
    p100: at(100),
  }
}

interface EquivalentValues {
  lowestEquivalentValue(value: number): number
  highestEquivalentValue(value: number): number
}

/**
 * Min and max at bucket precision, like the percentiles: a decoded histogram
 * only knows buckets, so exact extremes would not survive a merge.
 */
export function minMs(histogram: Histogram): number {
  if (histogram.totalCount === 0) return 0
  return usToMs((histogram as unknown as EquivalentValues).lowestEquivalentValue(histogram.minNonZeroValue))
}

export function maxMs(histogram: Histogram): number {
  if (histogram.totalCount === 0) return 0
  return usToMs((histogram as unknown as EquivalentValues).highestEquivalentValue(histogram.maxValue))
}

export function meanMs(histogram: Histogram): number {
  return histogram.totalCount === 0 ? 0 : usToMs(histogram.mean)
}

interface RecordedValues {
  recordedValuesIterator: { reset(): void; hasNext(): boolean; next(): { valueIteratedTo: number; countAtValueIteratedTo: number } }
}

/** Each recorded bucket in ms with its count, ascending: at the values getValueAtPercentile reports. */
export function recordedValuesMs(histogram: Histogram): { values: number[]; counts: number[] } {
  const values: number[] = []
  const counts: number[] = []
  const iterator = (histogram as unknown as RecordedValues).recordedValuesIterator
  iterator.reset()
  while (iterator.hasNext()) {
    const step = iterator.next()
    values.push(usToMs(step.valueIteratedTo))
    counts.push(step.countAtValueIteratedTo)
  }
  return { values, counts }
}
