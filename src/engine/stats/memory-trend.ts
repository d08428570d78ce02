/**
 * Whether a service's memory keeps climbing: the least-squares slope of its
 * RSS over the steady part of a run (after a warm-up share, when heaps,
 * caches and pools are still filling), with the slope's 95% interval from
 * its standard error. Per-second samples are not independent (RSS moves in
 * steps and stays), so the interval is narrower than the truth: a leak budget
 * asks for a slope both above a threshold and clear of zero, never the
 * interval alone.
 */
import type { ResourceSample } from '../result.ts'

export interface MemoryTrend {
  /** RSS growth over the steady part, in bytes per minute. */
  slopeBytesPerMin: number
  /** Half the width of the slope's 95% interval, bytes per minute. */
  halfWidthBytesPerMin: number
  samples: number
  /** From the first to the last steady sample. */
  steadySec: number
}

/** Student's t at 97.5% for `df` degrees of freedom, within 1% from df 8 on (1.96 as df grows). */
function t975(df: number): number {
  return 1.96 + 2.4 / df + 1.6 / (df * df)
}

/** Undefined with fewer than 3 steady samples: a line through two points has no error to speak of. */
export function memoryTrend(samples: ResourceSample[], warmupShare = 0.2): MemoryTrend | undefined {
  if (samples.length === 0) return undefined
  const first = samples[0]?.timestampSec ?? 0
  const last = samples.at(-1)?.timestampSec ?? 0
  const steadyFrom = first + (last - first) * warmupShare
  const steady = samples.filter((s) => s.timestampSec >= steadyFrom)
  const n = steady.length
  if (n < 3) return undefined
  const xs = steady.map((s) => (s.timestampSec - steadyFrom) / 60)
  const ys = steady.map((s) => s.rssBytes)
  const meanX = xs.reduce((a, b) => a + b, 0) / n
  const meanY = ys.reduce((a, b) => a + b, 0) / n
  let sxx = 0
  let sxy = 0
  for (let i = 0; i < n; i += 1) {
    sxx += ((xs[i] as number) - meanX) ** 2
    sxy += ((xs[i] as number) - meanX) * ((ys[i] as number) - meanY)
  }
  if (sxx === 0) return undefined
  const slope = sxy / sxx
  const residuals = ys.reduce((sum, y, i) => sum + (y - meanY - slope * ((xs[i] as number) - meanX)) ** 2, 0)
  const standardError = Math.sqrt(residuals / (n - 2) / sxx)
  return { slopeBytesPerMin: slope, halfWidthBytesPerMin: t975(n - 2) * standardError, samples: n, steadySec: ((xs.at(-1) as number) - (xs[0] as number)) * 60 }
}
