/**
 * The options of `loadgate run` (`npm run load` here), parsed and checked all
 * at once: every problem is named, with the valid values, before anything
 * starts. The categories are the project's own load test files.
 */
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { type LoadOverrides, loadOverrideProblems } from '../profiles/load-overrides.ts'
import { type Profile, profileNames, profiles } from '../profiles/profiles.ts'
import { environmentKinds } from '../env/index.ts'
import { parseSwitch, switchProblem } from '../vitest/env-switch.ts'
import { loadOverridesFromEnv, loadShapeVariables } from '../vitest/load-overrides-env.ts'
import { shardConfigFromEnv } from '../vitest/shard-config.ts'
import { parseDashboard } from '../vitest/dashboard-server.ts'
import { parseProgress } from '../vitest/progress-printer.ts'
import { findLoadTestFiles, type LoadTestFile } from './load-test-files.ts'
import { PROFILE_SEQUENCE, type ProfileRun, profileRuns, profilesOf } from './profile-runs.ts'
import { parseWorkers } from '../vitest/workers-config.ts'

export interface LoadCliOptions {
  /** A profile's name, or `all` for the sequence. */
  profile: string
  /** What runs: one entry per profile (several for `all`), each with its categories and their share of the duration. */
  runs: ProfileRun[]
  /** Profiles of `all` left out, with why (the project has none of their categories). */
  skipped: string[]
  /** Every category gets the profile's whole duration, instead of a share of it. */
  eachCategory: boolean
  /** `--users`, `--spawn-rate`, `--rate`, `--duration`: laid over every category's shape (passed on as LOAD_USERS, ...). */
  load: LoadOverrides
  only: string[]
  /** Every category the project has (for `--help`). */
  categories: string[]
  env: string
  baseUrl?: string
  validate: boolean
  strict: boolean
  /** Budgets are judged and reported but fail nothing: the exit code says only whether the run itself broke. */
  reportOnly: boolean
  /** Seconds between progress lines, or `off`; as given, for LOAD_PROGRESS. */
  progress?: string
  /** `1` (a free port) or a port, for LOAD_DASHBOARD; undefined when off. */
  dashboard?: string
  help: boolean
  /** Generator processes per category on this machine, a number or `auto`, as given (passed on as LOAD_WORKERS). */
  workers?: string
  /** `i/N` when this run is one shard of many (passed on as LOAD_SHARD). */
  shard?: string
  /** Compare each category with `<dir>/<category>.json` (passed on as LOAD_BASELINE). */
  baselineDir?: string
  /** After the run, keep each category's `<category>.json` in this folder. */
  saveBaselineDir?: string
  /** The project's budgets module, for a stress run's breaking points; none when the project has no budgets.ts. */
  budgetsFile?: string
}

export const usage = (categories: string[]): string => `Usage: loadgate run [options]   (in this repository: npm run load -- [options])

  --profile NAME     ${profileNames.join(', ')} (default smoke, or LOAD_PROFILE); its duration is the whole
                     run's, shared by the categories (none under 20 s); all runs ${PROFILE_SEQUENCE.join(', ')} in turn
  --each-category    every category gets the profile's whole duration instead (or LOAD_EACH_CATEGORY=1)
  -u, --users N      users at the peak of every category's load, stages in proportion (or LOAD_USERS);
                     under the open model, the pool of users serving the arrivals
  -r, --spawn-rate N users started per second, in every stage (or LOAD_SPAWN_RATE; closed model)
  -t, --duration TIME  the run lasts this long, shared by the categories like the profile's (each category's
                     with --each-category), stages in proportion: 90s, 2m, 1h (or LOAD_DURATION)
  --rate N           open model: N arrivals per second at the peak (or LOAD_RATE); a closed profile becomes
                     N arrivals/s for its whole length, served by its users (or --users)
                     These four win over the profile and over a category's own shape.
  --only LIST        categories, comma-separated, from the *.load.test.ts files: ${categories.join(', ') || '(none found)'}
  --env KIND         where the API comes from: ${environmentKinds.join(', ')} (default local, or LOAD_ENV)
  --base-url URL     the API for --env external (or LOAD_BASE_URL)
  --validate         start or reach the environment, check every health endpoint, and stop
  --shard i/N        run the i-th of N shares of the load (or LOAD_SHARD; on a Kubernetes Indexed Job,
                     LOAD_SHARDS=N with its JOB_COMPLETION_INDEX); LOAD_START_AT=<ISO time> starts every
                     shard together, LOAD_RESULTS_URL=s3://bucket/prefix or a directory collects the
                     results for npm run merge
  --workers N        run each category's load in N generator processes on this machine, or auto for
                     one per core (or LOAD_WORKERS; default 1): one merged result, judged once
  --baseline DIR     compare each category with DIR/<category>.json (or LOAD_BASELINE): a regression
                     past the thresholds of the budgets and beyond noise fails it; a category without
                     a file there is judged on its budgets alone, and says so
  --save-baseline DIR  after the run, copy each category's results (<category>.json) into DIR
  --budgets FILE     the project's budgets module (export const budgets), read for a stress run's breaking
                     points (default budgets.ts, when there is one)
  --strict           fail the build on a broken budget even under the stress and capacity profiles (or LOAD_STRICT=1)
  --report-only      judge and report the budgets but fail nothing on them: exit 0 unless the run itself broke
                     (a crash, an unreachable API, a test error) (or LOAD_REPORT_ONLY=1)
  --progress SECONDS a progress line this often while a category runs, or off (default 5, or LOAD_PROGRESS)
  --dashboard[=PORT] a live dashboard on 127.0.0.1, on a free port or PORT, with a Stop button (or LOAD_DASHBOARD=1|PORT)
  --help             this text`

const FLAGS_WITH_VALUE = new Set(['--profile', '--users', '--spawn-rate', '--rate', '--duration', '--only', '--env', '--base-url', '--shard', '--workers', '--progress', '--baseline', '--save-baseline', '--budgets'])
const SWITCHES = new Set(['--validate', '--strict', '--report-only', '--each-category', '--help'])
/** Locust's short forms. */
const SHORT_FLAGS: Record<string, string> = { '-u': '--users', '-r': '--spawn-rate', '-t': '--duration' }

export function parseLoadOptions(argv: string[], env: NodeJS.ProcessEnv, testFiles: LoadTestFile[] = findLoadTestFiles()): LoadCliOptions {
  const categories = [...new Set(testFiles.map((t) => t.category))]
  const problems: string[] = []
  const values = new Map<string, string>()
  const switches = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const [given, inline] = (argv[i] as string).split(/=(.*)/s, 2) as [string, string | undefined]
    const flag = SHORT_FLAGS[given] ?? given
    if (SWITCHES.has(flag)) switches.add(flag)
    // Its port is optional, so it is only ever given inline: `--dashboard 8089` would read 8089 as a stray word.
    else if (flag === '--dashboard') values.set(flag, inline ?? '1')
    else if (FLAGS_WITH_VALUE.has(flag)) {
      const value = inline ?? argv[++i]
      if (value === undefined || value.startsWith('--')) problems.push(`${flag} needs a value`)
      else values.set(flag, value)
    } else problems.push(`unknown option ${flag}`)
  }
  const profile = values.get('--profile') ?? env.LOAD_PROFILE ?? 'smoke'
  const known = profile === 'all' || profileNames.includes(profile)
  if (!known) problems.push(`unknown profile "${profile}"; valid: ${profileNames.join(', ')}, all`)
  const load = loadOverridesOf(values, env, problems)
  if (known) for (const name of profilesOf(profile)) problems.push(...loadOverrideProblems(load, profiles[name] as Profile).map((p) => (profile === 'all' ? `${name}: ${p}` : p)))
  const only = (values.get('--only') ?? '').split(',').map((c) => c.trim()).filter(Boolean)
  for (const c of only) if (!categories.includes(c)) problems.push(`unknown category "${c}"; valid: ${categories.join(', ')}`)
  const envKind = values.get('--env') ?? env.LOAD_ENV ?? 'local'
  if (!(environmentKinds as readonly string[]).includes(envKind)) problems.push(`unknown environment "${envKind}"; valid: ${environmentKinds.join(', ')}`)
  const baseUrl = values.get('--base-url') ?? env.LOAD_BASE_URL
  if (envKind === 'external' && !baseUrl) problems.push('--env external needs --base-url URL (or LOAD_BASE_URL)')
  const progress = values.get('--progress') ?? env.LOAD_PROGRESS
  if (parseProgress(progress) === undefined) problems.push(`--progress "${progress}" is neither seconds nor off (examples: 5, 1, off)`)
  const dashboard = values.get('--dashboard') ?? env.LOAD_DASHBOARD
  const port = parseDashboard(dashboard)
  if (port instanceof Error) problems.push(`--dashboard ${port.message}`)
  const budgetsFile = values.get('--budgets')
  if (budgetsFile !== undefined && !existsSync(budgetsFile)) problems.push(`--budgets "${budgetsFile}" does not exist`)
  const shard = values.get('--shard') ?? env.LOAD_SHARD
  try {
    shardConfigFromEnv({ ...env, ...(shard ? { LOAD_SHARD: shard } : {}) })
  } catch (error) {
    problems.push((error as Error).message)
  }
  const workers = values.get('--workers') ?? env.LOAD_WORKERS
  const workerCount = parseWorkers(workers)
  if (typeof workerCount === 'string') problems.push(`--${workerCount}`)
  const baselineDir = values.get('--baseline') ?? env.LOAD_BASELINE
  const saveBaselineDir = values.get('--save-baseline')
  const strict = switches.has('--strict') || parseSwitch(env.LOAD_STRICT) === true
  const reportOnly = switches.has('--report-only') || parseSwitch(env.LOAD_REPORT_ONLY) === true
  problems.push(...['LOAD_STRICT', 'LOAD_REPORT_ONLY', 'LOAD_EACH_CATEGORY'].flatMap((name) => switchProblem(env, name) ?? []))
  if (strict && reportOnly) problems.push('--strict fails the build on a broken budget and --report-only never does: choose one')
  const eachCategory = switches.has('--each-category') || parseSwitch(env.LOAD_EACH_CATEGORY) === true
  if (profile === 'all' && (baselineDir !== undefined || saveBaselineDir !== undefined)) problems.push('--baseline and --save-baseline compare one profile\'s runs; --profile all runs six')
  problems.push(...baselineProblems({ baselineDir, saveBaselineDir, only: only.length > 0 ? only : categories, validate: switches.has('--validate'), shard }))
  if (problems.length > 0) throw new Error(`loadgate run: ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}\n\n${usage(categories)}`)
  const { runs, skipped } = profileRuns({ profile, only, testFiles, eachCategory, durationMs: load.durationMs })
  if (runs.length === 0) throw new Error(`loadgate run: nothing to run:\n  - ${skipped.join('\n  - ')}`)
  return { profile, runs, skipped, eachCategory, load, only, categories, budgetsFile: budgetsFile ?? (existsSync('budgets.ts') ? 'budgets.ts' : undefined), env: envKind, baseUrl, validate: switches.has('--validate'), strict, reportOnly, progress, dashboard: port === undefined || port instanceof Error ? undefined : dashboard, help: switches.has('--help'), shard, workers, baselineDir, saveBaselineDir }
}

/** The load shape from its flags, or else from its LOAD_* variables; what is no number is a problem. */
function loadOverridesOf(values: Map<string, string>, env: NodeJS.ProcessEnv, problems: string[]): LoadOverrides {
  const given = Object.fromEntries(Object.values(loadShapeVariables).map(({ variable, flag }) => [variable, values.get(flag) ?? env[variable]]))
  const { overrides, problems: wrong } = loadOverridesFromEnv(given)
  problems.push(...wrong)
  return overrides
}

interface BaselineFlags {
  baselineDir?: string
  saveBaselineDir?: string
  /** The categories the run covers: `--only`'s, else all. */
  only: string[]
  validate: boolean
  shard?: string
}

/** A baseline folder holding no category of this run is a wrong path, not a new category. */
function baselineProblems({ baselineDir, saveBaselineDir, only, validate, shard }: BaselineFlags): string[] {
  const problems: string[] = []
  const isDir = (dir: string): boolean => existsSync(dir) && statSync(dir).isDirectory()
  if (baselineDir !== undefined) {
    if (!isDir(baselineDir)) problems.push(`--baseline "${baselineDir}" is not a folder (save one with --save-baseline DIR)`)
    else if (!only.some((c) => existsSync(join(baselineDir, `${c}.json`)))) problems.push(`--baseline "${baselineDir}" holds no results of ${only.join(', ')} (<category>.json, as --save-baseline keeps them)`)
  }
  if (saveBaselineDir !== undefined && existsSync(saveBaselineDir) && !isDir(saveBaselineDir)) problems.push(`--save-baseline "${saveBaselineDir}" is a file, not a folder`)
  const used = [...(baselineDir !== undefined ? ['--baseline'] : []), ...(saveBaselineDir !== undefined ? ['--save-baseline'] : [])].join(' and ')
  if (used && validate) problems.push(`${used} need a run; --validate makes none`)
  if (used && shard) problems.push(`${used} compare whole runs; a shard's results are a share of the load (compare the merged result instead)`)
  return problems
}
