/** The command line's load shape laid over a profile's or a scenario's, and each run bounded by the shape it runs. */
import { describe, expect, it } from 'vitest'
import { applyLoadOverrides } from '../../src/profiles/load-overrides.ts'
import { type LoadShape, totalDurationMs } from '../../src/engine/options.ts'
import { resolveProfile } from '../../src/profiles/profiles.ts'
import { RUN_GRACE_MS, RunDeadlineError, runDeadlineMs, withinDeadline } from '../../src/vitest/run-deadline.ts'

const users = (load: LoadShape): number[] => load.stages.map((s) => ('users' in s ? s.users : Number.NaN))

describe('applyLoadOverrides', () => {
  it('gives a one-stage closed profile the users, spawn rate and duration asked for, as Locust -u -r -t', () => {
    expect(applyLoadOverrides(resolveProfile('smoke').load, { users: 3, spawnRatePerSec: 1, durationMs: 5000 })).toEqual({ model: 'closed', stages: [{ users: 3, spawnRatePerSec: 1, durationMs: 5000 }] })
  })

  it('sets the peak of a staged profile and keeps its stages in proportion', () => {
    expect(users(applyLoadOverrides(resolveProfile('stress').load, { users: 90 }))).toEqual([18, 36, 54, 72, 90])
    expect(users(applyLoadOverrides(resolveProfile('spike').load, { users: 31 }))).toEqual([2, 31, 2])
  })

  it('leaves what was not asked for as it was', () => {
    expect(applyLoadOverrides(resolveProfile('spike').load, {})).toEqual(resolveProfile('spike').load)
    expect(applyLoadOverrides(resolveProfile('spike').load, { spawnRatePerSec: 3 }).stages.map((s) => ('users' in s ? [s.users, s.spawnRatePerSec, s.durationMs] : []))).toEqual([
      [10, 3, 180_000],
      [155, 3, 120_000],
      [10, 3, 300_000],
    ])
  })

  it('sets the peak arrival rate of an open profile, its start in proportion, and --users as its pool', () => {
    expect(applyLoadOverrides(resolveProfile('rate-ramp').load, { ratePerSec: 100, users: 40 })).toEqual({ model: 'open', startRatePerSec: 5, stages: [{ ratePerSec: 100, durationMs: 300_000 }], maxInFlight: 40 })
  })

  it('makes a closed shape open at --rate for its whole length, served by its users', () => {
    expect(applyLoadOverrides(resolveProfile('spike').load, { ratePerSec: 20, durationMs: 60_000 })).toEqual({ model: 'open', stages: [{ ratePerSec: 20, durationMs: 60_000 }], maxInFlight: 155 })
  })

  it('wins over a scenario that reshapes the profile, in what it sets and only there', () => {
    // As the resilience category does: fewer users for longer than the profile.
    const scenario: LoadShape = { model: 'closed', stages: [{ users: 5, spawnRatePerSec: 1, durationMs: 48_000 }] }
    expect(applyLoadOverrides(scenario, { users: 3 })).toEqual({ model: 'closed', stages: [{ users: 3, spawnRatePerSec: 1, durationMs: 48_000 }] })
    expect(totalDurationMs(applyLoadOverrides(scenario, { durationMs: 10_000 }))).toBe(10_000)
  })
})

describe('the run deadline', () => {
  it('follows the shape the run actually runs, a scenario longer than its profile included', () => {
    const longScenario: LoadShape = { model: 'closed', stages: [{ users: 5, spawnRatePerSec: 1, durationMs: 600_000 }] }
    expect(runDeadlineMs({ load: longScenario }, resolveProfile('smoke'))).toBe(600_000 + RUN_GRACE_MS)
    expect(runDeadlineMs({ load: resolveProfile('smoke').load, startAtMs: 31_000 }, resolveProfile('smoke'), 1000)).toBe(20_000 + 30_000 + RUN_GRACE_MS)
  })

  it('bounds a capacity search by its steps, scaled by --duration', () => {
    const capacity = resolveProfile('capacity', 5000)
    expect(runDeadlineMs({ load: capacity.load }, capacity)).toBeGreaterThan(10 * 5000 + RUN_GRACE_MS)
  })

  it('stops a run that outlives it and fails it by name, even when the run ignores the signal', async () => {
    let seen: AbortSignal | undefined
    const hanging = withinDeadline(50, new AbortController().signal, (signal) => {
      seen = signal
      return new Promise<never>(() => {})
    })
    await expect(hanging).rejects.toThrow(RunDeadlineError)
    await expect(hanging).rejects.toThrow(/took longer than its load shape plus 120 s/)
    expect(seen?.aborted).toBe(true)
  })

  it('hands back what a run within it returns', async () => {
    await expect(withinDeadline(10_000, new AbortController().signal, async () => 'done')).resolves.toBe('done')
  })
})
