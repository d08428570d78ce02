/**
 * The load shape asked for on the command line (Locust's `-u/-r/-t`, k6's
 * arrival rate), laid over whatever shape a run would otherwise have: the
 * profile's, or a scenario's own. Only what was given is changed, and it wins:
 * a Locust user who types `--users 50` expects 50 users in every category.
 */
import type { Profile } from './profiles.ts'
import { type ClosedLoad, type LoadShape, type OpenLoad, scaleLoad, totalDurationMs } from '../engine/options.ts'

export interface LoadOverrides {
  /** Closed model: the most users (every stage keeps its share of it). Open model: the pool of users serving arrivals (k6's VUs). */
  users?: number
  /** Closed model: users started per second, in every stage. */
  spawnRatePerSec?: number
  /** Open model: the highest arrival rate (every stage keeps its share of it); makes a closed shape open at this rate. */
  ratePerSec?: number
  /** The whole shape's length; stages keep their proportions. */
  durationMs?: number
}

/** Every value scaled by the same factor, so that the largest becomes `peak` (all `peak` when all were 0). */
function scaleToPeak(values: number[], peak: number): number[] {
  const highest = Math.max(...values)
  return values.map((v) => (highest === 0 ? peak : (v * peak) / highest))
}

/** Users are whole, and a stage that had any keeps one. */
const wholeUsers = (scaled: number, before: number): number => (before === 0 ? 0 : Math.max(1, Math.round(scaled)))

function closedWith(load: ClosedLoad, { users, spawnRatePerSec }: LoadOverrides): ClosedLoad {
  const scaled = users === undefined ? undefined : scaleToPeak(load.stages.map((s) => s.users), users)
  const stages = load.stages.map((s, i) => ({ ...s, users: scaled ? wholeUsers(scaled[i] as number, s.users) : s.users, spawnRatePerSec: spawnRatePerSec ?? s.spawnRatePerSec }))
  return { ...load, stages }
}

function openWith(load: OpenLoad, { users, ratePerSec }: LoadOverrides): OpenLoad {
  const maxInFlight = users ?? load.maxInFlight
  if (ratePerSec === undefined) return { ...load, maxInFlight }
  const rates = [...(load.startRatePerSec === undefined ? [] : [load.startRatePerSec]), ...load.stages.map((s) => s.ratePerSec)]
  const scaled = scaleToPeak(rates, ratePerSec)
  const startRatePerSec = load.startRatePerSec === undefined ? undefined : scaled.shift()
  return { ...load, ...(startRatePerSec === undefined ? {} : { startRatePerSec }), maxInFlight, stages: load.stages.map((s, i) => ({ ...s, ratePerSec: scaled[i] as number })) }
}

/** A closed shape asked for a rate: arrivals at that rate for its whole length, served by its users (or `--users`). */
function openedAt(load: ClosedLoad, ratePerSec: number, users: number | undefined): OpenLoad {
  const maxInFlight = users ?? Math.max(...load.stages.map((s) => s.users))
  return { model: 'open', stages: [{ ratePerSec, durationMs: totalDurationMs(load) }], maxInFlight }
}

export function applyLoadOverrides(load: LoadShape, overrides: LoadOverrides): LoadShape {
  const timed = overrides.durationMs === undefined ? load : scaleLoad(load, overrides.durationMs)
  if (timed.model === 'open') return openWith(timed, overrides)
  if (overrides.ratePerSec !== undefined) return openedAt(timed, overrides.ratePerSec, overrides.users)
  return closedWith(timed, overrides)
}

/** What cannot be laid over `profile`, named for the command line; empty when all of it applies. */
export function loadOverrideProblems({ users, spawnRatePerSec, ratePerSec }: LoadOverrides, profile: Profile): string[] {
  if (profile.capacity && [users, spawnRatePerSec, ratePerSec].some((v) => v !== undefined)) {
    return [`the ${profile.name} profile searches for the rate itself: --users, --spawn-rate and --rate do not apply (--duration sets each step's length)`]
  }
  if (spawnRatePerSec !== undefined && (profile.load.model === 'open' || ratePerSec !== undefined)) {
    return [`--spawn-rate paces the users of the closed model; ${ratePerSec === undefined ? `profile ${profile.name} is` : '--rate makes the load'} open`]
  }
  return []
}
