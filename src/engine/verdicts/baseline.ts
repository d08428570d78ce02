/**
 * A run against a baseline (a stored run of the same category, profile and
 * environment): per endpoint in both, the change of p50, p95, p99 and the
 * failure rate. A change counts only when it is material (past a relative
 * and an absolute threshold, see `BaselineRules`) and real (beyond
 * run-to-run noise): latencies by a seeded bootstrap of the percentile's
 * difference over the two recorded histograms (percentile-bootstrap.ts),
 * failure rates by a two-proportion z test. Worse is a regression, better an
 * improvement (the mirror rule); material but not shown real is inconclusive,
 * as is a percentile whose tail holds too few requests to judge. Pure and
 * seeded: the same two results always give the same comparison.
 */
import { BaselineMismatchError } from '../errors.ts'
import { decodeHistogram, recordedValuesMs } from '../stats/histogram.ts'
import type { EndpointResult, RunResult } from '../result.ts'
import { bootstrapPercentileDifference } from '../stats/percentile-bootstrap.ts'
import { twoProportionZ, Z_ONE_SIDED_95 } from '../stats/proportion-test.ts'

export interface BaselineRules {
  /** A latency change matters only past this share of the baseline (a ratio: 0.15 is 15%)... */
  minRelativeChange: number
  /** ...and past this many milliseconds. */
  minAbsoluteChangeMs: number
  /** A failure rate matters only when it moves by this much (a ratio: 0.005 is 0.5 percentage points)... */
  minFailureRateChange: number
  /** ...and the worse rate is this many times the better one. */
  minFailureRateRatio: number
  /** The requests beyond a percentile, in each run, below which its change is inconclusive (p99 of 10 requests is their maximum). */
  minTailSamples: number
  /** Bootstrap resamples per percentile. */
  resamples: number
  seed: number
}

/** Used when a budget set gives none (budgets.ts does, with its reasons). */
export const DEFAULT_BASELINE_RULES: BaselineRules = { minRelativeChange: 0.15, minAbsoluteChangeMs: 5, minFailureRateChange: 0.005, minFailureRateRatio: 2, minTailSamples: 10, resamples: 1000, seed: 1 }

export type ComparedStatistic = 'p50' | 'p95' | 'p99' | 'failureRate'
export type ChangeStatus = 'unchanged' | 'regression' | 'improvement' | 'inconclusive'

export interface BaselineChange {
  statistic: ComparedStatistic
  /** In ms, or a ratio (0 to 1) for the failure rate. */
  baseline: number
  current: number
  /** current - baseline, in the same unit. */
  absolute: number
  /** (current - baseline) / baseline; null when the baseline is 0. */
  relative: number | null
  /** Latency changes judged for noise: the bootstrap's 5th and 95th percentiles of current - baseline, in ms. */
  intervalMs?: [number, number]
  /** Failure-rate changes: the two-proportion z (above 1.645 is worse beyond chance). */
  z?: number
  status: ChangeStatus
  /** Why a material change is inconclusive. */
  reason?: string
}

export interface EndpointComparison {
  endpoint: string
  changes: BaselineChange[]
}

export interface BaselineComparison {
  baselineStartedAt: string
  endpoints: EndpointComparison[]
  /** Listed, not judged: a new endpoint has nothing to compare with, a gone one nothing to judge. */
  onlyInCurrent: string[]
  onlyInBaseline: string[]
}

type Comparable = Pick<RunResult, 'name' | 'profile' | 'environment'>

/** Another category, profile or environment measures something else: refused, naming each difference. */
export function assertComparable(current: Comparable, baseline: Comparable): void {
  const problems: string[] = []
  if (baseline.name !== current.name) problems.push(`it is of category "${baseline.name}", the run is "${current.name}"`)
  if (baseline.profile !== current.profile) problems.push(`it ran under profile "${baseline.profile}", the run under "${current.profile}"`)
  const [was, is] = [baseline.environment ?? 'unrecorded', current.environment ?? 'unrecorded']
  if (was !== is) problems.push(`it ran in environment "${was}", the run in "${is}"`)
  if (problems.length > 0) throw new BaselineMismatchError(problems)
}

const PERCENTILES = { p50: 50, p95: 95, p99: 99 } as const

/** 1 when worse by both thresholds, -1 when better by both, 0 otherwise. */
function materialLatency(baseline: number, current: number, rules: BaselineRules): -1 | 0 | 1 {
  const by = Math.abs(current - baseline)
  if (by <= rules.minAbsoluteChangeMs || by <= rules.minRelativeChange * baseline) return 0
  return current > baseline ? 1 : -1
}

function measured(statistic: ComparedStatistic, baseline: number, current: number): Omit<BaselineChange, 'status'> {
  return { statistic, baseline, current, absolute: current - baseline, relative: baseline === 0 ? null : (current - baseline) / baseline }
}

type Distribution = ReturnType<typeof recordedValuesMs>

function latencyChange(statistic: keyof typeof PERCENTILES, before: EndpointResult, after: EndpointResult, histograms: () => [Distribution, Distribution], rules: BaselineRules): BaselineChange {
  const change = measured(statistic, before.percentilesMs[statistic], after.percentilesMs[statistic])
  const direction = materialLatency(change.baseline, change.current, rules)
  if (direction === 0) return { ...change, status: 'unchanged' }
  const needed = Math.ceil(rules.minTailSamples / (1 - PERCENTILES[statistic] / 100))
  if (Math.min(before.requests, after.requests) < needed) {
    return { ...change, status: 'inconclusive', reason: `too few requests for a ${statistic} (${before.requests} and ${after.requests}; it needs ${needed} in each run)` }
  }
  const [was, is] = histograms()
  const { low, high } = bootstrapPercentileDifference(was, is, PERCENTILES[statistic], rules)
  const real = direction === 1 ? low > 0 : high < 0
  const judged: BaselineChange = { ...change, intervalMs: [low, high], status: real ? (direction === 1 ? 'regression' : 'improvement') : 'inconclusive' }
  if (!real) judged.reason = 'within run-to-run noise'
  return judged
}

function failureRateChange(before: EndpointResult, after: EndpointResult, rules: BaselineRules): BaselineChange {
  const change = measured('failureRate', before.failureRate, after.failureRate)
  const [low, high] = [Math.min(change.baseline, change.current), Math.max(change.baseline, change.current)]
  if (high - low <= rules.minFailureRateChange || high <= rules.minFailureRateRatio * low) return { ...change, status: 'unchanged' }
  const z = twoProportionZ(before, after)
  const worse = change.current > change.baseline
  const real = worse ? z > Z_ONE_SIDED_95 : -z > Z_ONE_SIDED_95
  const judged: BaselineChange = { ...change, z, status: real ? (worse ? 'regression' : 'improvement') : 'inconclusive' }
  if (!real) judged.reason = 'within run-to-run noise'
  return judged
}

function compareEndpoint(before: EndpointResult, after: EndpointResult, rules: BaselineRules): EndpointComparison {
  // Decoded once, and only when some percentile moved enough to need the bootstrap.
  let decoded: [Distribution, Distribution] | undefined
  const histograms = (): [Distribution, Distribution] => {
    decoded ??= [recordedValuesMs(decodeHistogram(before.histogram)), recordedValuesMs(decodeHistogram(after.histogram))]
    return decoded
  }
  const latency = (['p50', 'p95', 'p99'] as const).map((s) => latencyChange(s, before, after, histograms, rules))
  return { endpoint: after.name, changes: [...latency, failureRateChange(before, after, rules)] }
}

/** Both judged as the budgets judge them: outside any windows, endpoints with requests only. */
function judgedEndpoints(result: RunResult): Map<string, EndpointResult> {
  return new Map((result.steady ?? result.endpoints).filter((e) => e.requests > 0).map((e) => [e.name, e]))
}

export function compareWithBaseline(current: RunResult, baseline: RunResult, rules: BaselineRules = DEFAULT_BASELINE_RULES): BaselineComparison {
  assertComparable(current, baseline)
  const [before, after] = [judgedEndpoints(baseline), judgedEndpoints(current)]
  const endpoints: EndpointComparison[] = []
  for (const [name, endpoint] of after) {
    const was = before.get(name)
    if (was) endpoints.push(compareEndpoint(was, endpoint, rules))
  }
  return {
    baselineStartedAt: baseline.startedAt,
    endpoints,
    onlyInCurrent: [...after.keys()].filter((name) => !before.has(name)),
    onlyInBaseline: [...before.keys()].filter((name) => !after.has(name)),
  }
}
