/**
 * `npm run load`: runs the load suite (Vitest project `load`) with a profile,
 * or `--validate`s the environment. Options become LOAD_* variables for the
 * Vitest run, and the exit code is passed through. Ctrl-C (or SIGTERM) asks
 * the run to stop: the category in progress ends with its partial results, the
 * reports are written and every process stops; a second Ctrl-C kills (the
 * dashboard's Stop asks the same, through the same file). Under the
 * stress profile, broken budgets are reported with the load at which they
 * first broke and do not fail the build unless --strict. `--baseline DIR`
 * compares each category with a saved run (the tests judge it, see
 * src/engine/baseline.ts); `--save-baseline DIR` keeps this run's results as one.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve as resolvePath } from 'node:path'
import { budgets } from '../budgets.ts'
import { profiles } from '../src/engine/profiles.ts'
import { formatValidationReport, startEnvironment, validateEnvironment, type EnvironmentKind } from '../src/env/index.ts'
import { killGroup } from '../src/env/process/process-group.ts'
import { breakingPoints } from '../src/report/breaking-point.ts'
import { formatSavedBaseline, saveBaseline } from '../src/report/save-baseline.ts'
import { onlyBudgetFailures } from '../src/vitest/json-report.ts'
import { type LoadCliOptions, parseLoadOptions, usage } from './load-options.ts'

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

/** A baseline that cannot be written is reported; the run's own exit code still stands. */
function keepBaseline(runDir: string, dir: string): void {
  try {
    console.log(formatSavedBaseline(saveBaseline(runDir, dir), dir))
  } catch (error) {
    console.error(`loadgate: could not save the baseline in ${dir}: ${(error as Error).message}`)
  }
}

function runSuite(options: LoadCliOptions): Promise<number> {
  const runId = process.env.LOAD_RUN_ID ?? new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
  const runDir = process.env.LOAD_RESULTS_DIR ?? join('results', runId)
  mkdirSync(runDir, { recursive: true })
  const stopFile = join(runDir, '.stop-requested')
  const files = options.only.map((c) => `tests/load/${c}.load.test.ts`)
  const env = {
    ...process.env,
    LOAD_PROFILE: options.profile,
    LOAD_ENV: options.env,
    LOAD_RUN_ID: runId,
    LOAD_STOP_FILE: stopFile,
    ...(options.durationMs ? { LOAD_DURATION: `${options.durationMs}ms` } : {}),
    ...(options.baseUrl ? { LOAD_BASE_URL: options.baseUrl } : {}),
    ...(options.shard ? { LOAD_SHARD: options.shard } : {}),
    ...(options.workers ? { LOAD_WORKERS: options.workers } : {}),
    ...(options.progress !== undefined ? { LOAD_PROGRESS: options.progress } : {}),
    ...(options.dashboard !== undefined ? { LOAD_DASHBOARD: options.dashboard } : {}),
    ...(options.baselineDir ? { LOAD_BASELINE: resolvePath(options.baselineDir) } : {}),
  }
  // Its own process group: a terminal's Ctrl-C reaches only this process, which
  // turns it into a stop request the tests finish cleanly, keeping what they measured.
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'load', ...files], { stdio: ['ignore', 'inherit', 'inherit'], env, detached: true })
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
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      // The dashboard's Stop leaves the file too: a run stopped there ends as one stopped by Ctrl-C.
      const stopped = interrupted || existsSync(stopFile)
      rmSync(stopFile, { force: true })
      if (stopped) return resolve(INTERRUPTED)
      if (options.saveBaselineDir) keepBaseline(runDir, options.saveBaselineDir)
      if (profiles[options.profile]?.expectsBreach) {
        console.log(breakingPoints(runDir, budgets))
        if (code !== 0 && !options.strict && onlyBudgetFailures('results/vitest.json')) {
          console.log('stress: budgets broke as expected; not failing the build (use --strict to fail it)')
          return resolve(0)
        }
      }
      resolve(code ?? 1)
    })
  })
}

async function main(): Promise<number> {
  let options: LoadCliOptions
  try {
    options = parseLoadOptions(process.argv.slice(2), process.env)
  } catch (error) {
    console.error((error as Error).message)
    return 2
  }
  if (options.help) {
    console.log(usage)
    return 0
  }
  return options.validate ? validate(options) : runSuite(options)
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  return 1
})
