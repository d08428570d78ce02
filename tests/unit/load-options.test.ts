/** `npm run load` options: every problem named at once, before anything starts. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { parseLoadOptions } from '../../src/cli/load-options.ts'
import { loadOverridesFromEnv, loadOverridesToEnv } from '../../src/vitest/load-overrides-env.ts'
import { parseDuration, resolveProfile, totalProfileMs } from '../../src/profiles/profiles.ts'

describe('npm run load options', () => {
  it('takes the defaults from the environment', () => {
    expect(parseLoadOptions([], { LOAD_PROFILE: 'peak', LOAD_ENV: 'local' })).toMatchObject({ profile: 'peak', env: 'local', only: [], strict: false })
  })

  it('reads flags in both spellings', () => {
    const options = parseLoadOptions(['--profile=stress', '--duration', '2m', '--only', 'files,auth', '--strict'], {})
    expect(options).toMatchObject({ profile: 'stress', load: { durationMs: 120_000 }, only: ['files', 'auth'], strict: true })
  })

  it('names every problem at once with the valid values', () => {
    expect(() => parseLoadOptions(['--profile', 'huge', '--only', 'files,nope', '--env', 'cloud', '--wat'], {})).toThrow(
      /4 problem\(s\):\n {2}- unknown option --wat\n {2}- unknown profile "huge"; valid: smoke.*\n {2}- unknown category "nope".*\n {2}- unknown environment "cloud"; valid: local, containers, external/,
    )
  })

  it('takes a shard, and refuses a wrong one with the other shard settings', () => {
    expect(parseLoadOptions(['--shard', '2/3'], {})).toMatchObject({ shard: '2/3' })
    expect(() => parseLoadOptions(['--shard', '3/2'], { LOAD_START_AT: 'noon' })).toThrow(/"3\/2" is not a shard i\/N.*; LOAD_START_AT="noon" is not an ISO time/)
  })

  it('takes a number of workers or auto, and refuses another word', () => {
    expect(parseLoadOptions(['--workers', '4'], {})).toMatchObject({ workers: '4' })
    expect(parseLoadOptions([], { LOAD_WORKERS: 'auto' })).toMatchObject({ workers: 'auto' })
    expect(() => parseLoadOptions(['--workers=0'], {})).toThrow('--workers "0" is neither a whole number >= 1 nor auto')
  })

  it.each([
    [[], {}, undefined],
    [['--progress', '1'], {}, '1'],
    [['--progress=off'], { LOAD_PROGRESS: '2' }, 'off'],
    [[], { LOAD_PROGRESS: '0' }, '0'],
  ])('takes the progress period from %j and %j', (argv, env, progress) => {
    expect(parseLoadOptions(argv, env).progress).toBe(progress)
  })

  it('names a progress period that is neither seconds nor off', () => {
    expect(() => parseLoadOptions(['--progress', 'often'], {})).toThrow('--progress "often" is neither seconds nor off (examples: 5, 1, off)')
  })

  it.each([
    [[], {}, undefined],
    [['--dashboard'], {}, '1'],
    [['--dashboard=8089'], {}, '8089'],
    [[], { LOAD_DASHBOARD: '1' }, '1'],
    [[], { LOAD_DASHBOARD: 'off' }, undefined],
    [['--dashboard=9000'], { LOAD_DASHBOARD: 'off' }, '9000'],
  ])('takes the dashboard from %j and %j', (argv, env, dashboard) => {
    expect(parseLoadOptions(argv, env).dashboard).toBe(dashboard)
  })

  it.each([['--dashboard=80'], ['--dashboard=soon'], ['--dashboard=70000']])('names a dashboard port out of range: %s', (flag) => {
    expect(() => parseLoadOptions([flag], {})).toThrow(`--dashboard "${flag.split('=')[1]}" is neither 1 (a free port) nor a port from 1024 to 65535`)
  })

  it('needs a base URL for the external environment', () => {
    expect(() => parseLoadOptions(['--env', 'external'], {})).toThrow('--env external needs --base-url URL')
  })
})

describe('npm run load load shape, as Locust shapes it', () => {
  it.each([
    [['--users', '3', '--spawn-rate', '1.5', '--duration', '5s'], {}, { users: 3, spawnRatePerSec: 1.5, durationMs: 5000 }],
    [['-u', '50', '-r=5', '-t', '2m'], {}, { users: 50, spawnRatePerSec: 5, durationMs: 120_000 }],
    [['--rate', '20'], { LOAD_USERS: '30' }, { users: 30, ratePerSec: 20 }],
    [['--users=7'], { LOAD_USERS: '30', LOAD_DURATION: '90s' }, { users: 7, durationMs: 90_000 }],
    [[], {}, {}],
  ])('reads %j with %j as %j', (argv, env, load) => {
    expect(parseLoadOptions(argv, env).load).toEqual(load)
  })

  it('hands the shape to the Vitest run as LOAD_* variables that read back the same', () => {
    const { load } = parseLoadOptions(['-u', '3', '--rate', '12.5', '-t', '5s'], {})
    const env = loadOverridesToEnv(load)
    expect(env).toEqual({ LOAD_USERS: '3', LOAD_RATE: '12.5', LOAD_DURATION: '5000' })
    expect(loadOverridesFromEnv(env)).toEqual({ overrides: load, problems: [] })
  })

  it('hands on no variable for a shape left unset, not the word undefined', () => {
    expect(loadOverridesToEnv({ users: 3, durationMs: undefined })).toEqual({ LOAD_USERS: '3' })
  })

  it('names every wrong value at once', () => {
    expect(() => parseLoadOptions(['--users', '0', '--spawn-rate', 'fast', '--rate', '-1', '-t', '0.5s'], {})).toThrow(
      /4 problem\(s\):\n {2}- --users \(LOAD_USERS\) "0" is not a whole number >= 1\n {2}- --spawn-rate \(LOAD_SPAWN_RATE\) "fast" is not a number of users per second > 0\n {2}- --rate \(LOAD_RATE\) "-1" is not a number of arrivals per second > 0\n {2}- --duration \(LOAD_DURATION\) "0.5s" is not a duration of at least 1 s/,
    )
  })

  it.each([
    [['--rate', '10', '--spawn-rate', '2'], '--spawn-rate paces the users of the closed model; --rate makes the load open'],
    [['--profile', 'rate-50', '-r', '2'], '--spawn-rate paces the users of the closed model; profile rate-50 is open'],
    [['--profile', 'capacity', '--users', '10'], 'the capacity profile searches for the rate itself: --users, --spawn-rate and --rate do not apply'],
  ])('refuses a shape the profile cannot take: %j', (argv, problem) => {
    expect(() => parseLoadOptions(argv, {})).toThrow(problem)
  })
})

describe('npm run load --report-only and the switches', () => {
  it.each([
    [['--report-only'], {}, { reportOnly: true, strict: false }],
    [[], { LOAD_REPORT_ONLY: 'yes' }, { reportOnly: true, strict: false }],
    [[], { LOAD_STRICT: 'TRUE', LOAD_REPORT_ONLY: 'off' }, { reportOnly: false, strict: true }],
    [[], { LOAD_STRICT: '', LOAD_REPORT_ONLY: '0' }, { reportOnly: false, strict: false }],
  ])('reads %j with %j', (argv, env, expected) => {
    expect(parseLoadOptions(argv, env)).toMatchObject(expected)
  })

  it('refuses --report-only with --strict, and a switch that is no switch, naming both', () => {
    expect(() => parseLoadOptions(['--report-only', '--strict'], { LOAD_REPORT_ONLY: 'maybe' })).toThrow(
      /2 problem\(s\):\n {2}- LOAD_REPORT_ONLY="maybe" is not a switch: use 1, true, yes, on or 0, false, no, off\n {2}- --strict fails the build on a broken budget and --report-only never does: choose one/,
    )
  })
})

describe('profiles', () => {
  it.each([
    ['90s', 90_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['500', 500],
    ['soon', undefined],
  ])('parses the duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it('scales a profile to a duration keeping its stages in proportion', () => {
    const spike = resolveProfile('spike', 60_000)
    expect(totalProfileMs(spike)).toBe(60_000)
    expect(spike.load.stages.map((s) => s.durationMs)).toEqual([18_000, 12_000, 30_000])
  })

  it('rejects an unknown profile naming the valid ones', () => {
    expect(() => resolveProfile('huge')).toThrow(/valid profiles: smoke, baseline/)
  })
})

describe('npm run load baseline options', () => {
  it('takes --baseline (or LOAD_BASELINE) holding a category, and --save-baseline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgate-options-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'files.json'), '{}')
    expect(parseLoadOptions(['--baseline', dir, '--save-baseline', join(dir, 'next')], {})).toMatchObject({ baselineDir: dir, saveBaselineDir: join(dir, 'next') })
    expect(parseLoadOptions([], { LOAD_BASELINE: dir })).toMatchObject({ baselineDir: dir })
  })

  it('names every baseline problem at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgate-options-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'file'), '')
    expect(() => parseLoadOptions(['--baseline', dir, '--only', 'files', '--save-baseline', join(dir, 'file'), '--validate'], {})).toThrow(
      /3 problem\(s\):\n {2}- --baseline ".*" holds no results of files \(<category>\.json.*\n {2}- --save-baseline ".*file" is a file, not a folder\n {2}- --baseline and --save-baseline need a run; --validate makes none/,
    )
    expect(() => parseLoadOptions(['--baseline', join(dir, 'nowhere'), '--shard', '1/2'], {})).toThrow(/is not a folder[\s\S]*--baseline compare whole runs/)
  })
})
