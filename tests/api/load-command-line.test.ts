/**
 * `npm run load` shaped on the command line as a Locust user shapes a run
 * (`--users 3 --duration 5s`), against a real API whose health summary and
 * liveness are slowed past their budget (two of the category's three tasks by
 * weight, so a run of a few seconds all but surely finishes one of them): the
 * run has the users and the length asked for, fails on that budget, and under `--report-only` still reports it but exits
 * 0; a run that itself broke (an API nobody answers) fails even so.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../../src/engine/result.ts'
import { type StartedEnvironment, startEnvironment } from '../../src/env/index.ts'
import { findFreePort } from '../../src/env/free-port.ts'
import type { StoredVerdict } from '../../src/report/artifacts.ts'
import { type NodeRun, runNode } from '../support/run-node.ts'

const SLOWED = ['GET /api/v1/health', 'GET /health/live']
/** The verdict names one of them (or both): which the few users picked first is chance. */
const SLOWED_OVER_BUDGET = /GET \/(api\/v1\/health|health\/live): p95/
const work = mkdtempSync(join(tmpdir(), 'loadgate-cli-'))
let environment: StartedEnvironment

beforeAll(async () => {
  environment = await startEnvironment({ kind: 'local', resultsDir: join(work, 'env'), apiEnv: { API_SLOW_ENDPOINTS: SLOWED.map((endpoint) => `${endpoint}=1200`).join(',') } })
})
afterAll(() => environment?.stop())

/** `npm run load -- --only health --profile smoke ...` against `baseUrl`, its results in `work/<name>`. */
function load(name: string, baseUrl: string, flags: string[]): Promise<NodeRun> {
  const env = { ...process.env, LOAD_RESULTS_DIR: join(work, name) }
  return runNode(['scripts/load.ts', '--only', 'health', '--profile', 'smoke', '--progress', 'off', '--env', 'external', '--base-url', baseUrl, ...flags], env)
}

const readJson = <T>(name: string, file: string): T => JSON.parse(readFileSync(join(work, name, file), 'utf8')) as T

describe('npm run load shaped on the command line', () => {
  it('runs the users and duration asked for, not the profile’s, and fails on the slowed budget', async () => {
    const { code, output } = await load('shaped', environment.baseUrl, ['--users', '3', '-t', '5s'])
    expect(code, output).toBe(1)
    const result = readJson<RunResult>('shaped', 'health.json')
    // The smoke profile alone would run 10 users for 20 s.
    expect(Math.max(...result.intervals.map((p) => p.users))).toBe(3)
    expect(result.durationMs).toBeGreaterThanOrEqual(5000)
    expect(result.durationMs).toBeLessThan(10_000)
    expect(readJson<StoredVerdict>('shaped', 'health.verdict.json').message).toMatch(SLOWED_OVER_BUDGET)
  }, 120_000)

  it('--report-only judges and reports the broken budget but exits 0', async () => {
    const { code, output } = await load('report-only', environment.baseUrl, ['--users', '3', '-t', '3s', '--report-only'])
    expect(code, output).toBe(0)
    expect(output).toContain('--report-only: not failing the build')
    const verdict = readJson<StoredVerdict>('report-only', 'health.verdict.json')
    expect(verdict).toMatchObject({ judged: true, pass: false })
    expect(verdict.message).toMatch(SLOWED_OVER_BUDGET)
  }, 120_000)

  it('--report-only still fails a run that broke: an API nobody answers', async () => {
    const nobody = `http://127.0.0.1:${await findFreePort()}`
    const { code, output } = await load('unreachable', nobody, ['-t', '3s', '--report-only'])
    expect(code, output).not.toBe(0)
    expect(output).not.toContain('not failing the build')
  }, 120_000)
})
