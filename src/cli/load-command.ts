/**
 * `loadgate run` (`npm run load` here): runs the project's load suite (its
 * Vitest project `load`) with a profile, or `--validate`s the environment. Options become LOAD_* variables for the
 * Vitest run, and the exit code is passed through. Ctrl-C (or SIGTERM) asks
 * the run to stop: the category in progress ends with its partial results, the
 * reports are written and every process stops; a second Ctrl-C kills (the
 * dashboard's Stop asks the same, through the same file). Under the
 * stress profile, broken budgets are reported with the load at which they
 * first broke and do not fail the build unless --strict; under
 * `--report-only`, under any profile. `--baseline DIR`
 * compares each category with a saved run (the tests judge it, see
 * src/engine/verdicts/baseline.ts); `--save-baseline DIR` keeps this run's results as one.
 * Vitest is the project's own, found from the current folder.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve as resolvePath } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BudgetSet } from '../engine/verdicts/budget.ts'
import { totalProfileMs } from '../profiles/profiles.ts'
import { formatValidationReport, startEnvironment, validateEnvironment, type EnvironmentKind } from '../env/index.ts'
import { killGroup } from '../env/process/process-group.ts'
import { breakingPoints } from '../report/breaking-point.ts'
import { formatSavedBaseline, saveBaseline } from '../report/save-baseline.ts'
import { onlyBudgetFailures } from '../vitest/json-report.ts'
import { loadOverridesToEnv } from '../vitest/load-overrides-env.ts'
import { formatDuration } from '../report/format.ts'
import { type LoadCliOptions, parseLoadOptions, usage } from './load-options.ts'
import { MIN_CATEGORY_MS, type ProfileRun } from './profile-runs.ts'
import { type ProfileOutcome, sequenceSummary } from './sequence-summary.ts'

async function validate(options: LoadCliOptions): Promise<number> {
  const environment = await startEnvironment({ kind: options.env as EnvironmentKind, resultsDir: join('results', 'validate'), baseUrl: options.baseUrl })
  try {
    console.log(environment.description)
    const report = await validateEnvironment(environment)
    console.log(formatValidationReport(report))
    return report.ok ? 0 : 1
  } finally {
    await environment.stop()
  }
}

/** After a stop request, the run gets this long to write its partial results before it is killed. */
const STOP_GRACE_MS = 30_000
/** The exit code of a run interrupted by Ctrl-C, as a shell reports one (128 + SIGINT). */
const INTERRUPTED = 130

/** The project's Vitest, as `npx vitest` would run it. */
function vitestEntry(): string {
  const require = createRequire(join(process.cwd(), 'package.json'))
  try {
    return join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs')
  } catch {
    throw new Error(`loadgate run needs Vitest in the project it runs in (${process.cwd()}): npm i -D vitest`)
  }
}

/** Where the stress run's breaking points are read against; a project without a budgets file gets none. */
async function reportBreakingPoints(runDir: string, budgetsFile: string | undefined): Promise<void> {
  if (!budgetsFile) return
  const { budgets } = (await import(pathToFileURL(resolvePath(budgetsFile)).href)) as { budgets: BudgetSet }
  console.log(breakingPoints(runDir, budgets))
}

/**
 * Where the run's Vitest writes its JSON report: in the run's own folder, so
 * that two runs side by side (a CI matrix, tests of this command) never read
 * each other's. Written when the project's reporters include `json` (this
 * repository's always do); without it a failure stays a failure.
 */
const reportFileOf = (runDir: string): string => join(runDir, 'vitest.json')

/** True when this run's own JSON report (not one left by an earlier run) says every failure was a budget's verdict. */
function failedOnBudgetsAlone(reportFile: string, startedAtMs: number): boolean {
  return existsSync(reportFile) && statSync(reportFile).mtimeMs >= startedAtMs && onlyBudgetFailures(reportFile)
}

/** A baseline that cannot be written is reported; the run's own exit code still stands. */
function keepBaseline(runDir: string, dir: string): void {
  try {
    console.log(formatSavedBaseline(saveBaseline(runDir, dir), dir))
  } catch (error) {
    console.error(`loadgate: could not save the baseline in ${dir}: ${(error as Error).message}`)
  }
}

/** One profile's run of the suite in `runDir`; resolves to its exit code, after the stress and report-only rules. */
function runSuite(options: LoadCliOptions, run: ProfileRun, runId: string, runDir: string): Promise<number> {
  const profile = run.profile
  mkdirSync(runDir, { recursive: true })
  const stopFile = join(runDir, '.stop-requested')
  const env = {
    ...process.env,
    LOAD_PROFILE: profile.name,
    LOAD_ENV: options.env,
    LOAD_RUN_ID: runId,
    LOAD_RESULTS_DIR: runDir,
    LOAD_STOP_FILE: stopFile,
    ...loadOverridesToEnv({ ...options.load, durationMs: run.durationOverrideMs }),
    ...(run.categoryDurationMs !== undefined ? { LOAD_PROFILE_DURATION: String(run.categoryDurationMs) } : {}),
    ...(options.baseUrl ? { LOAD_BASE_URL: options.baseUrl } : {}),
    ...(options.shard ? { LOAD_SHARD: options.shard } : {}),
    ...(options.workers ? { LOAD_WORKERS: options.workers } : {}),
    ...(options.progress !== undefined ? { LOAD_PROGRESS: options.progress } : {}),
    ...(options.dashboard !== undefined ? { LOAD_DASHBOARD: options.dashboard } : {}),
    ...(options.baselineDir ? { LOAD_BASELINE: resolvePath(options.baselineDir) } : {}),
  }
  const startedAtMs = Date.now()
  // Its own process group: a terminal's Ctrl-C reaches only this process, which
  // turns it into a stop request the tests finish cleanly, keeping what they measured.
  const child = spawn(process.execPath, [vitestEntry(), 'run', '--project', 'load', `--outputFile.json=${reportFileOf(runDir)}`, ...run.files], { stdio: ['ignore', 'inherit', 'inherit'], env, detached: true })
  let interrupted = false
  const onSignal = (): void => {
    if (interrupted) {
      killGroup(child.pid as number, 'SIGTERM')
      return
    }
    interrupted = true
    writeFileSync(stopFile, 'stop\n')
    console.error('\nloadgate: stopping; the category in progress ends with its partial results and the reports are written (Ctrl-C again to stop at once)')
    setTimeout(() => killGroup(child.pid as number, 'SIGTERM'), STOP_GRACE_MS).unref()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', async (code) => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      // The dashboard's Stop leaves the file too: a run stopped there ends as one stopped by Ctrl-C.
      const stopped = interrupted || existsSync(stopFile)
      rmSync(stopFile, { force: true })
      if (stopped) return resolve(INTERRUPTED)
      if (options.saveBaselineDir) keepBaseline(runDir, options.saveBaselineDir)
      // A capacity search says where it broke in its own line, in the run summary.
      if (profile.expectsBreach && !profile.capacity) await reportBreakingPoints(runDir, options.budgetsFile).catch(reject)
      if (code !== 0 && (options.reportOnly || (profile.expectsBreach && !options.strict)) && failedOnBudgetsAlone(reportFileOf(runDir), startedAtMs)) {
        console.log(options.reportOnly ? 'loadgate: budgets broke (see above); --report-only: not failing the build' : `${profile.name}: budgets broke as expected; not failing the build (use --strict to fail it)`)
        return resolve(0)
      }
      resolve(code ?? 1)
    })
  })
}

/** What one run covers, said before it starts: its categories and the length of each. */
function describeRun(run: ProfileRun): string {
  const total = totalProfileMs(run.profile)
  const shared = run.categoryDurationMs === undefined ? '' : `, the profile's ${formatDuration(total)} shared by ${run.categories.length}${run.categoryDurationMs * run.categories.length > total ? `, at least ${formatDuration(MIN_CATEGORY_MS)} each` : ''}`
  const length = run.profile.capacity
    ? 'a capacity search'
    : run.durationOverrideMs !== undefined
      ? `${formatDuration(run.durationOverrideMs)} each, from --duration`
      : `${formatDuration(run.categoryDurationMs ?? total)} each${shared}`
  return `loadgate: profile ${run.profile.name}: ${run.categories.join(', ')} (${length})`
}

/** Every run of the command (one, or the `all` sequence, each in its own folder); resolves to the first failure's exit code, else 0. */
async function runProfiles(options: LoadCliOptions): Promise<number> {
  const runId = process.env.LOAD_RUN_ID ?? new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
  const baseDir = process.env.LOAD_RESULTS_DIR ?? join('results', runId)
  const sequence = options.profile === 'all'
  for (const reason of options.skipped) console.log(`loadgate: ${reason}; left out`)
  const outcomes: ProfileOutcome[] = []
  for (const run of options.runs) {
    console.log(describeRun(run))
    const runDir = sequence ? join(baseDir, run.profile.name) : baseDir
    const startedAtMs = Date.now()
    const code = await runSuite(options, run, sequence ? `${runId}-${run.profile.name}` : runId, runDir)
    outcomes.push({ profile: run.profile, runDir, code, elapsedMs: Date.now() - startedAtMs })
    if (code === INTERRUPTED) break
  }
  if (sequence) console.log(`\n${sequenceSummary(outcomes)}`)
  return outcomes.find((o) => o.code !== 0)?.code ?? 0
}

/** Runs the command with its arguments (after `run`); resolves to the exit code. */
export async function loadCommand(argv: string[]): Promise<number> {
  let options: LoadCliOptions
  try {
    options = parseLoadOptions(argv, process.env)
  } catch (error) {
    console.error((error as Error).message)
    return 2
  }
  if (options.help) {
    console.log(usage(options.categories))
    return 0
  }
  try {
    return await (options.validate ? validate(options) : runProfiles(options))
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    return 1
  }
}
