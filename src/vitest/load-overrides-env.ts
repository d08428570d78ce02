/**
 * The command line's load shape (`--users`, `--spawn-rate`, `--rate`,
 * `--duration`) as it travels to the Vitest run: LOAD_* variables, read back
 * here by the CLI (to check them before anything starts) and by the global
 * setup (to hand them to every test). One reading for both.
 */
import type { LoadOverrides } from '../profiles/load-overrides.ts'
import { parseDuration } from '../profiles/profiles.ts'

/** Each override's variable, and the flag that sets it. */
export const loadShapeVariables = {
  users: { variable: 'LOAD_USERS', flag: '--users' },
  spawnRatePerSec: { variable: 'LOAD_SPAWN_RATE', flag: '--spawn-rate' },
  ratePerSec: { variable: 'LOAD_RATE', flag: '--rate' },
  durationMs: { variable: 'LOAD_DURATION', flag: '--duration' },
} as const satisfies Record<keyof LoadOverrides, { variable: string; flag: string }>

type Parse = (text: string) => number | undefined

const positive: Parse = (text) => (/^\d+(\.\d+)?$/.test(text.trim()) && Number(text) > 0 ? Number(text) : undefined)
const parsers: Record<keyof LoadOverrides, { parse: Parse; expected: string }> = {
  users: { parse: (text) => (/^\d+$/.test(text.trim()) && Number(text) >= 1 ? Number(text) : undefined), expected: 'a whole number >= 1' },
  spawnRatePerSec: { parse: positive, expected: 'a number of users per second > 0' },
  ratePerSec: { parse: positive, expected: 'a number of arrivals per second > 0' },
  durationMs: { parse: (text) => ((parseDuration(text) ?? 0) >= 1000 ? parseDuration(text) : undefined), expected: 'a duration of at least 1 s (examples: 90s, 2m, 1h)' },
}

/** The overrides the variables in `env` ask for, and every value that is none, named. */
export function loadOverridesFromEnv(env: NodeJS.ProcessEnv): { overrides: LoadOverrides; problems: string[] } {
  const overrides: LoadOverrides = {}
  const problems: string[] = []
  for (const key of Object.keys(loadShapeVariables) as (keyof LoadOverrides)[]) {
    const { variable, flag } = loadShapeVariables[key]
    const text = env[variable]
    if (text === undefined || text === '') continue
    const value = parsers[key].parse(text)
    if (value === undefined) problems.push(`${flag} (${variable}) "${text}" is not ${parsers[key].expected}`)
    else overrides[key] = value
  }
  return { overrides, problems }
}

/** The variables that carry `overrides` to the Vitest run (a duration in ms, which LOAD_DURATION also takes). */
export function loadOverridesToEnv(overrides: LoadOverrides): Record<string, string> {
  return Object.fromEntries(
    Object.entries(overrides)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [loadShapeVariables[key as keyof LoadOverrides].variable, String(value)]),
  )
}
