/**
 * What a capacity search is asked to do, the rule that sets each step's
 * length, and the validator that names every problem at once before any
 * traffic. The step-length rule lives here so that the search, the test
 * timeout and the README quote one rule.
 */
import { InvalidLoadOptionsError } from '../errors.ts'

export interface CapacitySettings {
  /** The first rate tried; the ramp doubles it until a step breaks. A search that breaks here reports no capacity. */
  startRatePerSec: number
  /** The ramp stops here; a search that holds here reports "at least" this rate. */
  maxRatePerSec: number
  /** The bisection stops once the bracket [held, broke] is this narrow. */
  resolutionPerSec: number
  /** The shortest step; `--duration` sets it. */
  stepDurationMs: number
  /** The fewest requests a step may judge (see stepDurationMs below); default 400. */
  minRequestsPerStep?: number
  /** The open model's in-flight cap for every step: high, so that drops mean the server, not the pool. Default 1000. */
  maxInFlight?: number
}

/**
 * 400 requests leave 20 beyond the p95: the rank of the p95 then has a
 * binomial standard deviation of sqrt(400 x 0.05 x 0.95) = 4.4 requests, so
 * the measured p95 lies between the true p93 and p97 about 95% of the time.
 * Fewer, and a step passes or breaks by chance.
 */
export const DEFAULT_MIN_REQUESTS_PER_STEP = 400
export const DEFAULT_MAX_IN_FLIGHT = 1000
/** What a step costs beyond its own length: the probe, the end grace, the cut. */
const STEP_OVERHEAD_MS = 3000

/**
 * The step-length rule: a step lasts at least `stepDurationMs` and long enough
 * for `minRequestsPerStep` arrivals at its rate, in whole seconds (the
 * recorder's interval).
 */
export function stepDurationMs(ratePerSec: number, settings: CapacitySettings): number {
  const forRequests = ((settings.minRequestsPerStep ?? DEFAULT_MIN_REQUESTS_PER_STEP) / ratePerSec) * 1000
  return Math.ceil(Math.max(settings.stepDurationMs, forRequests) / 1000) * 1000
}

/** The most steps a search can take: the ramp's doublings, then the bisection's halvings of the widest bracket. */
export function maxSteps(settings: CapacitySettings): number {
  const ramp = Math.ceil(Math.log2(settings.maxRatePerSec / settings.startRatePerSec)) + 1
  const widest = Math.max(settings.maxRatePerSec / 2, settings.resolutionPerSec)
  return ramp + Math.max(0, Math.ceil(Math.log2(widest / settings.resolutionPerSec)))
}

/** An upper bound on a whole search (no step is slower than the first, the lowest rate), for a test's timeout. */
export function searchBoundMs(settings: CapacitySettings): number {
  return maxSteps(settings) * (stepDurationMs(settings.startRatePerSec, settings) + STEP_OVERHEAD_MS)
}

/** Above zero without `min`; at least `min` with it. */
function positive(problems: string[], label: string, value: unknown, min?: number): void {
  const fine = typeof value === 'number' && Number.isFinite(value) && (min === undefined ? value > 0 : value >= min)
  if (!fine) problems.push(`capacity.${label} must be a number ${min === undefined ? '> 0' : `>= ${min}`} (got ${String(value)})`)
}

/** Throws InvalidLoadOptionsError naming every problem, or returns quietly. */
export function validateCapacitySettings(settings: CapacitySettings): void {
  const problems: string[] = []
  positive(problems, 'startRatePerSec', settings.startRatePerSec)
  positive(problems, 'maxRatePerSec', settings.maxRatePerSec)
  positive(problems, 'resolutionPerSec', settings.resolutionPerSec)
  positive(problems, 'stepDurationMs', settings.stepDurationMs, 1000)
  if (settings.minRequestsPerStep !== undefined) positive(problems, 'minRequestsPerStep', settings.minRequestsPerStep, 1)
  if (settings.maxInFlight !== undefined) positive(problems, 'maxInFlight', settings.maxInFlight, 1)
  if (settings.maxRatePerSec < settings.startRatePerSec) problems.push(`capacity.maxRatePerSec (${settings.maxRatePerSec}) must be at least startRatePerSec (${settings.startRatePerSec})`)
  if (problems.length > 0) throw new InvalidLoadOptionsError(problems)
}
