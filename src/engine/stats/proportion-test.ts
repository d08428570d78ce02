/**
 * Whether two failure rates differ beyond chance: the two-proportion z test
 * with the pooled rate. Closed-form, so it needs no seed; a z above 1.645 is
 * a one-sided 95% test. With no failure in either run, z is 0.
 */
export interface Proportion {
  failures: number
  requests: number
}

export function twoProportionZ(baseline: Proportion, current: Proportion): number {
  const pooled = (baseline.failures + current.failures) / (baseline.requests + current.requests)
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / baseline.requests + 1 / current.requests))
  if (!(standardError > 0)) return 0
  return (current.failures / current.requests - baseline.failures / baseline.requests) / standardError
}

/** The z a one-sided 95% test must exceed. */
export const Z_ONE_SIDED_95 = 1.645
