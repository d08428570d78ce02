/**
 * Global setup of the load project: one environment per run, started here and
 * handed to every file with `provide` (its fault controls served to the
 * workers, see fault-server.ts); fixtures made when missing; the HTML report
 * and the run summary written when the run ends. A setup that fails
 * says why in one line and hands the reason to every file, whose tests then
 * fail with it (see setup.ts): thrown from here, Vitest would report it as
 * "No test files found" under a stack of its own internals.
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { ensureFixtures, fixturesAreCurrent, fixturesDir } from '../../scripts/fixtures.ts'
import { parseDuration, resolveProfile } from '../engine/profiles.ts'
import { ensureSystemBinaries, resolveEnvironmentKind, startEnvironment } from '../env/index.ts'
import { writeRunReport } from '../report/run-report.ts'
import { serveFaultControls } from './fault-server.ts'
import { shardConfigFromEnv } from './shard-config.ts'
import { publishShardDone } from './shard-publish.ts'
import './provided.ts'

function runIdNow(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
}

function durationFromEnv(): number | null {
  const text = process.env.LOAD_DURATION
  if (!text) return null
  const ms = parseDuration(text)
  if (ms === undefined) throw new Error(`LOAD_DURATION="${text}" is not a duration (examples: 90s, 2m, 1h)`)
  return ms
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    const teardown = await startRun(project)
    project.provide('setupError', null)
    return teardown
  } catch (error) {
    const reason = `loadgate: the run could not start: ${error instanceof Error ? error.message : String(error)}`
    console.error(reason)
    project.provide('setupError', reason)
    return async () => {}
  }
}

async function startRun(project: TestProject): Promise<() => Promise<void>> {
  const profile = resolveProfile(process.env.LOAD_PROFILE ?? 'smoke')
  const durationMs = durationFromEnv()
  const shardConfig = shardConfigFromEnv(process.env)
  const kind = resolveEnvironmentKind(process.env.LOAD_ENV)
  const runId = process.env.LOAD_RUN_ID ?? runIdNow()
  const resultsDir = resolve(process.env.LOAD_RESULTS_DIR ?? join('results', runId))
  mkdirSync(resultsDir, { recursive: true })
  // The fixtures are made with ffmpeg whatever the environment: installed first when missing (as root on Debian).
  if (!fixturesAreCurrent()) await ensureSystemBinaries(['ffmpeg'])
  ensureFixtures()
  const environment = await startEnvironment({ kind, resultsDir })
  console.log(`loadgate: ${environment.description}`)
  console.log(`loadgate: profile ${profile.name} (${profile.purpose})${durationMs ? `, scaled to ${durationMs / 1000} s` : ''}; results in ${resultsDir}`)
  project.provide('baseUrl', environment.baseUrl)
  project.provide('profile', profile.name)
  project.provide('durationMs', durationMs)
  project.provide('runId', runId)
  project.provide('resultsDir', resultsDir)
  project.provide('fixturesDir', fixturesDir)
  project.provide('environment', environment.description)
  project.provide('environmentKind', kind)
  const baselineDir = process.env.LOAD_BASELINE ? resolve(process.env.LOAD_BASELINE) : null
  project.provide('baselineDir', baselineDir)
  if (baselineDir) console.log(`loadgate: each category is compared with its baseline in ${baselineDir}`)
  project.provide('shardConfig', shardConfig)
  if (shardConfig.shard) console.log(`loadgate: shard ${shardConfig.shard.index}/${shardConfig.shard.count}${shardConfig.resultsUrl ? `, results to ${shardConfig.resultsUrl}` : ''}`)
  const faults = environment.faults ? await serveFaultControls(environment.faults).catch(async (error: unknown) => {
    await environment.stop()
    throw error
  }) : undefined
  project.provide('faults', faults ? { url: faults.url, token: faults.token } : null)
  return async () => {
    try {
      await faults?.close()
      await environment.stop()
    } finally {
      writeRunReport(resultsDir, environment.description)
      // Last, so the merge sees this shard finished only once every category it ran was written.
      await publishShardDone(shardConfig).catch((error: unknown) => console.error(`loadgate: could not mark this shard finished at ${shardConfig.resultsUrl}:`, error))
    }
  }
}
