/**
 * Global setup of the load project: one environment per run, started here and
 * handed to every file with `provide`; its fault controls and resource samples
 * served to the workers (control-server.ts); the live channel started, and
 * from it the terminal progress and the dashboard (live-watch.ts); the stop
 * file named; fixtures made when missing; the HTML report and the run summary written when the run ends. A
 * setup that fails says why in one line and hands the reason to every file,
 * whose tests then fail with it (see setup.ts): thrown from here, Vitest would
 * report it as "No test files found" under a stack of its own internals.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { type LoadOverrides, loadOverrideProblems } from '../profiles/load-overrides.ts'
import { formatDuration } from '../report/format.ts'
import { parseDuration, type Profile, resolveProfile } from '../profiles/profiles.ts'
import { resolveEnvironmentKind, type StartedEnvironment, startEnvironment } from '../env/index.ts'
import { startResourceSampling } from '../env/resources/index.ts'
import { writeRunReport } from '../report/run-report.ts'
import { serveControls } from './control-server.ts'
import { parseDashboard } from './dashboard-server.ts'
import { loadOverridesFromEnv } from './load-overrides-env.ts'
import { startWatching } from './live-watch.ts'
import { parseProgress } from './progress-printer.ts'
import { shardConfigFromEnv } from './shard-config.ts'
import { publishShardDone } from './shard-publish.ts'
import { generatorRoleFromEnv, workersConfigFrom } from './workers-config.ts'
import './provided.ts'

const RESOURCE_INTERVAL_MS = 1000

type Close = () => Promise<unknown> | unknown

function runIdNow(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
}

/** LOAD_USERS, LOAD_SPAWN_RATE, LOAD_RATE and LOAD_DURATION, checked against the profile they reshape. */
function loadOverridesFor(profile: Profile): LoadOverrides {
  const { overrides, problems } = loadOverridesFromEnv(process.env)
  problems.push(...loadOverrideProblems(overrides, profile))
  if (problems.length > 0) throw new Error(problems.join('; '))
  return overrides
}

/** How the command line reshapes every category's load, for the run's first lines. */
function describeOverrides({ users, spawnRatePerSec, ratePerSec, durationMs }: LoadOverrides): string {
  const parts = [
    ...(users === undefined ? [] : [`${users} users`]),
    ...(spawnRatePerSec === undefined ? [] : [`spawning ${spawnRatePerSec}/s`]),
    ...(ratePerSec === undefined ? [] : [`${ratePerSec} arrivals/s`]),
    ...(durationMs === undefined ? [] : [`${durationMs / 1000} s`]),
  ]
  return parts.length > 0 ? `, every category at ${parts.join(', ')}` : ''
}

/** LOAD_PROFILE_DURATION: each category's share of the profile's duration, in ms, as `loadgate run` sets it. */
function profileDurationFromEnv(): number | null {
  const text = process.env.LOAD_PROFILE_DURATION
  if (text === undefined || text === '') return null
  const ms = parseDuration(text)
  if (ms === undefined || ms < 1000) throw new Error(`LOAD_PROFILE_DURATION="${text}" is not a duration of at least 1 s (examples: 75000, 90s, 2m)`)
  return ms
}

function progressFromEnv(): number {
  const ms = parseProgress(process.env.LOAD_PROGRESS)
  if (ms === undefined) throw new Error(`LOAD_PROGRESS="${process.env.LOAD_PROGRESS}" is neither seconds nor off (examples: 5, 1, off)`)
  return ms
}

/** Runs every closer, latest first; a failing one is logged and never stops the others. */
async function closeAll(closers: Close[]): Promise<void> {
  for (const close of closers.splice(0).reverse()) {
    try {
      await close()
    } catch (error) {
      console.error('loadgate: stopping part of the run failed:', error)
    }
  }
}

/** Sampled for the whole run, so each category asks for its own span and no sampler starts or stops between files. */
async function serveEnvironmentControls(project: TestProject, environment: StartedEnvironment, closers: Close[]): Promise<void> {
  const sampling = startResourceSampling(environment, RESOURCE_INTERVAL_MS)
  closers.push(() => sampling.stop())
  const controls = await serveControls({ faults: environment.faults, resources: { sampling, intervalMs: RESOURCE_INTERVAL_MS } })
  closers.push(() => controls.close())
  project.provide('controls', { url: controls.url, token: controls.token, faults: controls.faults, resources: controls.resources })
}

function dashboardFromEnv(): number | undefined {
  const port = parseDashboard(process.env.LOAD_DASHBOARD)
  if (port instanceof Error) throw new Error(`LOAD_DASHBOARD=${port.message}`)
  return port
}

/** `npm run load` names the stop file; without it (`npm test -- --project load`) the run names its own, and a stale one from an earlier run goes. */
function stopFileFor(resultsDir: string, closers: Close[]): string {
  const given = process.env.LOAD_STOP_FILE
  if (given) return given
  const stopFile = join(resultsDir, '.stop-requested')
  rmSync(stopFile, { force: true })
  closers.push(() => rmSync(stopFile, { force: true }))
  return stopFile
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A project's own setup that ran first (see config.ts) and failed has said why; nothing starts.
  if (project.getProvidedContext().setupError) return async () => {}
  const closers: Close[] = []
  try {
    const teardown = await startRun(project, closers)
    project.provide('setupError', null)
    return teardown
  } catch (error) {
    await closeAll(closers)
    const reason = `loadgate: the run could not start: ${error instanceof Error ? error.message : String(error)}`
    console.error(reason)
    project.provide('setupError', reason)
    return async () => {}
  }
}

async function startRun(project: TestProject, closers: Close[]): Promise<() => Promise<void>> {
  const profileDurationMs = profileDurationFromEnv()
  const profile = resolveProfile(process.env.LOAD_PROFILE ?? 'smoke', profileDurationMs ?? undefined)
  const loadOverrides = loadOverridesFor(profile)
  const durationMs = loadOverrides.durationMs ?? null
  const shardConfig = shardConfigFromEnv(process.env)
  const workers = workersConfigFrom(process.env, { root: project.vitest.config.root, configFile: project.vitest.config.config, project: project.name })
  const generator = generatorRoleFromEnv(process.env)
  const progressMs = progressFromEnv()
  const dashboardPort = dashboardFromEnv()
  const kind = resolveEnvironmentKind(process.env.LOAD_ENV)
  const runId = process.env.LOAD_RUN_ID ?? runIdNow()
  const resultsDir = resolve(process.env.LOAD_RESULTS_DIR ?? join('results', runId))
  mkdirSync(resultsDir, { recursive: true })
  const stopFile = stopFileFor(resultsDir, closers)
  const environment = await startEnvironment({ kind, resultsDir })
  closers.push(() => environment.stop())
  console.log(`loadgate: ${environment.description}`)
  console.log(`loadgate: profile ${profile.name} (${profile.purpose})${profileDurationMs === null ? '' : `, ${formatDuration(profileDurationMs)} per category`}${describeOverrides(loadOverrides)}; results in ${resultsDir}`)
  if (workers.count > 1) console.log(`loadgate: ${workers.count} generator workers per category on this machine`)
  if (shardConfig.shard) console.log(`loadgate: shard ${shardConfig.shard.index}/${shardConfig.shard.count}${shardConfig.resultsUrl ? `, results to ${shardConfig.resultsUrl}` : ''}`)
  project.provide('baseUrl', environment.baseUrl)
  project.provide('profile', profile.name)
  project.provide('durationMs', durationMs)
  project.provide('profileDurationMs', profileDurationMs)
  project.provide('loadOverrides', loadOverrides)
  project.provide('runId', runId)
  project.provide('resultsDir', resultsDir)
  project.provide('environment', environment.description)
  project.provide('environmentKind', kind)
  const baselineDir = process.env.LOAD_BASELINE ? resolve(process.env.LOAD_BASELINE) : null
  project.provide('baselineDir', baselineDir)
  if (baselineDir) console.log(`loadgate: each category is compared with its baseline in ${baselineDir}`)
  project.provide('shardConfig', shardConfig)
  project.provide('workers', workers)
  project.provide('generator', generator)
  // A forked generator worker uses the first worker's controls: the environment, faults and samples are its.
  if (generator) project.provide('controls', generator.controls)
  else await serveEnvironmentControls(project, environment, closers)
  project.provide('stopFile', stopFile)
  const watch = await startWatching({ progressMs, dashboardPort, stopFile, environment: environment.description, baseUrl: environment.baseUrl })
  closers.push(() => watch.close())
  project.provide('live', watch.live)
  return async () => {
    await closeAll(closers)
    writeRunReport(resultsDir, environment.description)
    // Last, so the merge sees this shard finished only once every category it ran was written.
    await publishShardDone(shardConfig).catch((error: unknown) => console.error(`loadgate: could not mark this shard finished at ${shardConfig.resultsUrl}:`, error))
  }
}
