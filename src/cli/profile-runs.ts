/**
 * What `loadgate run` runs for a profile, as a Locust user reads it: a
 * profile's duration is the whole run's (`--profile normal` takes its 10
 * minutes), shared by the categories that run one after another, none of them
 * shorter than a smoke run's 20 s; `--duration` is shared exactly (Locust's
 * `-t` is the whole run's), each category at least a second; `--each-category`
 * gives every category the whole duration instead. `--profile all` is the Locust guide's sequence
 * (baseline, normal, peak, stress, spike, websocket), one run each.
 */
import { type Profile, profiles, totalProfileMs } from '../profiles/profiles.ts'
import type { LoadTestFile } from './load-test-files.ts'

/** `--profile all`, in order. */
export const PROFILE_SEQUENCE = ['baseline', 'normal', 'peak', 'stress', 'spike', 'websocket'] as const

/** No category's share of a profile's duration is shorter: less says little about p95 and p99. */
export const MIN_CATEGORY_MS = 20_000

export interface ProfileRun {
  profile: Profile
  /** The categories it runs, in the project's order. */
  categories: string[]
  /** Their files, for Vitest's filter; empty when it runs every category of the load project. */
  files: string[]
  /** Each category's length when they share the profile's duration (LOAD_PROFILE_DURATION); undefined when each gets the profile's own. */
  categoryDurationMs?: number
  /** `--duration` as it applies to each category: the whole run's, shared likewise, unless `--each-category`. */
  durationOverrideMs?: number
}

export interface ProfileRunRequest {
  profile: string
  /** `--only`; empty for the profile's categories (or all). */
  only: string[]
  /** The project's load test files, by category, in order. */
  testFiles: LoadTestFile[]
  eachCategory: boolean
  /** `--duration`, if given. */
  durationMs?: number
}

/** The profiles `name` stands for: itself, or the sequence for `all`. */
export function profilesOf(name: string): string[] {
  return name === 'all' ? [...PROFILE_SEQUENCE] : [name]
}

/** The categories a profile runs: `--only`'s, else those it is meant for, else all. Empty when the project has none of them. */
function categoriesOf(profile: Profile, only: string[], categories: string[]): string[] {
  if (only.length > 0) return only
  return profile.categories ? categories.filter((c) => profile.categories?.includes(c)) : categories
}

/** One category's share of `totalMs`, at least `floorMs`, or undefined when it keeps the whole. */
function shareOf(totalMs: number, count: number, eachCategory: boolean, floorMs: number): number | undefined {
  if (eachCategory || count <= 1) return undefined
  return Math.max(floorMs, Math.round(totalMs / count))
}

/** One run per profile of `request.profile`, or a reason where a profile has none of its categories here. */
export function profileRuns(request: ProfileRunRequest): { runs: ProfileRun[]; skipped: string[] } {
  const runs: ProfileRun[] = []
  const skipped: string[] = []
  const all = [...new Set(request.testFiles.map((t) => t.category))]
  for (const name of profilesOf(request.profile)) {
    const profile = profiles[name] as Profile
    const categories = categoriesOf(profile, request.only, all)
    if (categories.length === 0) {
      skipped.push(`profile ${name} is meant for ${profile.categories?.join(', ')}, and this project has no such category (choose some with --only)`)
      continue
    }
    // A capacity search sets its own length; `--duration` is its step's.
    const shared = !profile.capacity
    const categoryDurationMs = shared ? shareOf(totalProfileMs(profile), categories.length, request.eachCategory, MIN_CATEGORY_MS) : undefined
    const durationOverrideMs = request.durationMs === undefined || !shared ? request.durationMs : (shareOf(request.durationMs, categories.length, request.eachCategory, 1000) ?? request.durationMs)
    // Chosen categories are named to Vitest; every one is its load project as it stands.
    const chosen = request.only.length > 0 || profile.categories !== undefined
    const files = chosen ? request.testFiles.filter((t) => categories.includes(t.category)).map((t) => t.file) : []
    runs.push({ profile, categories, files, categoryDurationMs, durationOverrideMs })
  }
  return { runs, skipped }
}
