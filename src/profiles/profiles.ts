/**
 * The load profiles inherited from the Locust suites, as stage lists. Spike
 * and step-up are just stage lists; open-model profiles schedule arrivals.
 * The capacity profile is a search (see capacity/): its load is one step,
 * and `--duration` sets each step's length.
 */
import { type CapacitySettings, DEFAULT_MAX_IN_FLIGHT, searchBoundMs } from '../engine/capacity/capacity-settings.ts'
import { type LoadShape, scaleLoad, totalDurationMs } from '../engine/options.ts'

export interface Profile {
  name: string
  purpose: string
  load: LoadShape
  /** Profiles expected to exceed budgets (stress, capacity) report where they broke instead of failing. */
  expectsBreach?: boolean
  /** Set on the capacity profile: the load-test fixture runs a capacity search instead of one run of `load`. */
  capacity?: CapacitySettings
  /** The categories it is meant for, when not every one (the websocket profile's long-lived connections); `--only` still chooses. */
  categories?: string[]
}

const MIN = 60_000

/**
 * From 20/s, doubling to 2,000/s at most, then halving the bracket to 5/s;
 * 15 s steps hold 300 requests at 20/s, so the first steps are stretched to
 * the 400 the step-length rule asks (20 s).
 */
const CAPACITY: CapacitySettings = { startRatePerSec: 20, maxRatePerSec: 2000, resolutionPerSec: 5, stepDurationMs: 15_000 }
const closed = (users: number, spawnRatePerSec: number, durationMs: number): LoadShape => ({
  model: 'closed',
  stages: [{ users, spawnRatePerSec, durationMs }],
})

export const profiles: Record<string, Profile> = {
  smoke: { name: 'smoke', purpose: 'CI on every change', load: closed(10, 2, 20_000) },
  baseline: { name: 'baseline', purpose: 'reference numbers', load: closed(30, 5, 5 * MIN) },
  normal: { name: 'normal', purpose: 'expected production load', load: closed(40, 5, 10 * MIN) },
  peak: { name: 'peak', purpose: 'expected peak', load: closed(100, 10, 15 * MIN) },
  stress: {
    name: 'stress',
    purpose: 'find the breaking point: steps of 45 users up to 225',
    expectsBreach: true,
    load: { model: 'closed', stages: [45, 90, 135, 180, 225].map((users) => ({ users, spawnRatePerSec: 10, durationMs: 4 * MIN })) },
  },
  spike: {
    name: 'spike',
    purpose: 'sudden surge and recovery',
    load: {
      model: 'closed',
      stages: [
        { users: 10, spawnRatePerSec: 5, durationMs: 3 * MIN },
        { users: 155, spawnRatePerSec: 150, durationMs: 2 * MIN },
        { users: 10, spawnRatePerSec: 150, durationMs: 5 * MIN },
      ],
    },
  },
  soak: { name: 'soak', purpose: 'leaks and slow drift', load: closed(100, 5, 60 * MIN) },
  websocket: { name: 'websocket', purpose: 'long-lived connections', load: closed(50, 5, 8 * MIN), categories: ['websocket'] },
  'rate-50': {
    name: 'rate-50',
    purpose: 'open model: 50 arrivals/s for 2 min, latency from the scheduled start',
    load: { model: 'open', stages: [{ ratePerSec: 50, durationMs: 2 * MIN }], maxInFlight: 100 },
  },
  'rate-ramp': {
    name: 'rate-ramp',
    purpose: 'open model: 10 to 200 arrivals/s over 5 min',
    load: { model: 'open', startRatePerSec: 10, stages: [{ ratePerSec: 200, durationMs: 5 * MIN }], maxInFlight: 200 },
  },
  capacity: {
    name: 'capacity',
    purpose: 'open model: the highest arrival rate within budgets (doubling from 20/s, then bisection to 5/s)',
    expectsBreach: true,
    capacity: CAPACITY,
    load: { model: 'open', stages: [{ ratePerSec: CAPACITY.startRatePerSec, durationMs: CAPACITY.stepDurationMs }], maxInFlight: DEFAULT_MAX_IN_FLIGHT },
  },
}

export const profileNames = Object.keys(profiles)

/** The profile with its total duration scaled to `durationMs` (stages keep their proportions). */
export function resolveProfile(name: string, durationMs?: number): Profile {
  const profile = profiles[name]
  if (!profile) throw new RangeError(`unknown profile "${name}"; valid profiles: ${profileNames.join(', ')}`)
  if (durationMs === undefined) return profile
  const load = scaleLoad(profile.load, durationMs)
  // One step is the whole load, so the scaled load's length is the step's.
  if (profile.capacity) return { ...profile, load, capacity: { ...profile.capacity, stepDurationMs: totalDurationMs(load) } }
  return { ...profile, load }
}

/** Parses `90s`, `2m`, `1h` or plain milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim())
  if (!match) return undefined
  const factor = { ms: 1, s: 1000, m: MIN, h: 60 * MIN }[(match[2] ?? 'ms') as 'ms']
  return Math.round(Number(match[1]) * factor)
}

/** A capacity search's length is not known ahead: its upper bound (see searchBoundMs). */
export function totalProfileMs(profile: Profile): number {
  return profile.capacity ? searchBoundMs(profile.capacity) : totalDurationMs(profile.load)
}
