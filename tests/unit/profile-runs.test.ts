/**
 * What `npm run load` runs for a profile: its duration is the whole run's,
 * shared by the categories (none under 20 s), unless --each-category; the
 * websocket profile runs the websocket category; `all` is the Locust guide's
 * sequence.
 */
import { describe, expect, it } from 'vitest'
import { parseLoadOptions } from '../../src/cli/load-options.ts'
import { MIN_CATEGORY_MS, PROFILE_SEQUENCE, profileRuns } from '../../src/cli/profile-runs.ts'
import type { LoadTestFile } from '../../src/cli/load-test-files.ts'

const categories = ['auth', 'files', 'health', 'mixed', 'resilience', 'stats', 'tasks', 'websocket']
const testFiles: LoadTestFile[] = categories.map((category) => ({ category, file: `tests/load/${category}.load.test.ts` }))
const MIN = 60_000

describe('a profile run', () => {
  it('shares the profile’s duration between the categories: normal takes its 10 minutes', () => {
    const { runs } = profileRuns({ profile: 'normal', only: [], testFiles, eachCategory: false })
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({ categories, files: [] })
    expect(runs[0]?.categoryDurationMs).toBe((10 * MIN) / 8)
    expect((runs[0]?.categoryDurationMs ?? 0) * categories.length).toBe(10 * MIN)
  })

  it('gives no category less than 20 s: smoke keeps 20 s per category', () => {
    const { runs } = profileRuns({ profile: 'smoke', only: [], testFiles, eachCategory: false })
    expect(runs[0]?.categoryDurationMs).toBe(MIN_CATEGORY_MS)
  })

  it('gives every category the whole duration with --each-category, and one category all of it', () => {
    expect(profileRuns({ profile: 'normal', only: [], testFiles, eachCategory: true }).runs[0]?.categoryDurationMs).toBeUndefined()
    expect(profileRuns({ profile: 'normal', only: ['files'], testFiles, eachCategory: false }).runs[0]).toMatchObject({ categories: ['files'], categoryDurationMs: undefined })
  })

  it('shares --duration exactly, as Locust’s -t is the whole run’s, unless --each-category', () => {
    expect(profileRuns({ profile: 'peak', only: ['auth', 'files'], testFiles, eachCategory: false, durationMs: 4 * MIN }).runs[0]?.durationOverrideMs).toBe(2 * MIN)
    expect(profileRuns({ profile: 'peak', only: [], testFiles, eachCategory: false, durationMs: 16_000 }).runs[0]?.durationOverrideMs).toBe(2000)
    expect(profileRuns({ profile: 'peak', only: [], testFiles, eachCategory: false, durationMs: 4000 }).runs[0]?.durationOverrideMs).toBe(1000)
    expect(profileRuns({ profile: 'peak', only: ['auth', 'files'], testFiles, eachCategory: true, durationMs: 4 * MIN }).runs[0]?.durationOverrideMs).toBe(4 * MIN)
  })

  it('runs the websocket profile on the websocket category, unless --only says otherwise', () => {
    expect(profileRuns({ profile: 'websocket', only: [], testFiles, eachCategory: false }).runs[0]).toMatchObject({ categories: ['websocket'], files: ['tests/load/websocket.load.test.ts'], categoryDurationMs: undefined })
    expect(profileRuns({ profile: 'websocket', only: ['health'], testFiles, eachCategory: false }).runs[0]?.categories).toEqual(['health'])
  })

  it('leaves a capacity search its own length', () => {
    expect(profileRuns({ profile: 'capacity', only: [], testFiles, eachCategory: false }).runs[0]?.categoryDurationMs).toBeUndefined()
  })

  it('runs the guide’s sequence for all, leaving out a profile whose categories the project lacks, with why', () => {
    const { runs, skipped } = profileRuns({ profile: 'all', only: [], testFiles: testFiles.filter((t) => ['health', 'files'].includes(t.category)), eachCategory: false })
    expect(runs.map((r) => r.profile.name)).toEqual(PROFILE_SEQUENCE.filter((p) => p !== 'websocket'))
    expect(skipped).toEqual([expect.stringMatching(/^profile websocket is meant for websocket, and this project has no such category/)])
  })
})

describe('the command line', () => {
  it('takes --profile all and --each-category (or LOAD_EACH_CATEGORY)', () => {
    const all = parseLoadOptions(['--profile', 'all'], {}, testFiles)
    expect(all.runs.map((r) => r.profile.name)).toEqual([...PROFILE_SEQUENCE])
    expect(parseLoadOptions(['--profile', 'peak', '--each-category'], {}, testFiles).runs[0]?.categoryDurationMs).toBeUndefined()
    expect(parseLoadOptions(['--profile', 'peak'], { LOAD_EACH_CATEGORY: 'true' }, testFiles).eachCategory).toBe(true)
  })

  it('refuses a baseline with all, and a wrong LOAD_EACH_CATEGORY, naming both', () => {
    expect(() => parseLoadOptions(['--profile', 'all', '--save-baseline', 'somewhere'], { LOAD_EACH_CATEGORY: 'maybe' }, testFiles)).toThrow(/2 problem\(s\):[\s\S]*LOAD_EACH_CATEGORY[\s\S]*--profile all runs six/)
  })

  it('says when nothing is left to run', () => {
    expect(() => parseLoadOptions(['--profile', 'websocket'], {}, testFiles.filter((t) => t.category !== 'websocket'))).toThrow(/nothing to run:\n {2}- profile websocket is meant for websocket/)
  })
})
