/**
 * A bootstrap of the difference between one percentile of two latency
 * distributions, each known only as a histogram (bucket values and counts).
 *
 * Resampling n values and taking the k-th smallest would cost n draws per
 * resample; but the k-th smallest of n draws from a distribution is its
 * inverse CDF at the k-th smallest of n uniforms, which is Beta(k, n - k + 1).
 * So each resample is one Beta draw and a binary search over the buckets:
 * exact for the bootstrap, and as fast for a million requests as for a
 * hundred, so no sample cap is needed.
 */
import { beta, type Random, seededRandom } from './random.ts'

/** A recorded distribution: bucket values in ascending order and their counts. */
export interface WeightedValues {
  values: number[]
  counts: number[]
}

export interface BootstrapOptions {
  resamples: number
  seed: number
}

/** The difference current - baseline at the 5th and 95th percentiles of the resamples: each a one-sided 95% bound. */
export interface DifferenceInterval {
  low: number
  high: number
}

/** The rank of a percentile among n values, as hdr-histogram-js's getValueAtPercentile counts it. */
export function rankOf(percentile: number, n: number): number {
  return Math.min(n, Math.max(1, Math.ceil((percentile / 100) * n)))
}

interface Cumulative {
  values: number[]
  /** Running totals of the counts. */
  upTo: number[]
  total: number
}

function cumulative({ values, counts }: WeightedValues): Cumulative {
  const upTo: number[] = []
  let total = 0
  for (const count of counts) {
    total += count
    upTo.push(total)
  }
  return { values, upTo, total }
}

/** The smallest bucket value whose share of the counts reaches u. */
function inverseCdf({ values, upTo, total }: Cumulative, u: number): number {
  const target = u * total
  let lo = 0
  let hi = upTo.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((upTo[mid] as number) >= target) hi = mid
    else lo = mid + 1
  }
  return values[lo] as number
}

function resampledPercentile(random: Random, distribution: Cumulative, percentile: number): number {
  const k = rankOf(percentile, distribution.total)
  return inverseCdf(distribution, beta(random, k, distribution.total - k + 1))
}

export function bootstrapPercentileDifference(baseline: WeightedValues, current: WeightedValues, percentile: number, { resamples, seed }: BootstrapOptions): DifferenceInterval {
  const random = seededRandom(seed)
  const [before, after] = [cumulative(baseline), cumulative(current)]
  const differences: number[] = []
  for (let i = 0; i < resamples; i++) differences.push(resampledPercentile(random, after, percentile) - resampledPercentile(random, before, percentile))
  differences.sort((a, b) => a - b)
  return { low: differences[Math.floor(0.05 * resamples)] as number, high: differences[Math.ceil(0.95 * resamples) - 1] as number }
}
