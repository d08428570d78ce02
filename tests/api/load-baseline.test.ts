/**
 * `npm run load --save-baseline` then `--baseline`, as a user runs them, on
 * the health category against the fake server: a slower server fails the
 * run by endpoint with the figures, in the verdict file and the summary; a
 * baseline from another profile is refused before any traffic.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoredVerdict } from '../../src/report/artifacts.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'
import { type NodeRun, runNode } from '../support/run-node.ts'

const work = mkdtempSync(join(tmpdir(), 'loadgate-baseline-cli-'))
let delayMs = 20
let server: FakeServer
beforeAll(async () => {
  server = await startFakeServer(() => ({ delayMs }))
})
afterAll(async () => {
  await server.close()
  rmSync(work, { recursive: true, force: true })
})

function load(run: string, args: string[]): Promise<NodeRun> {
  const { LOAD_BASELINE: _ignored, ...inherited } = process.env
  const env = { ...inherited, LOAD_RESULTS_DIR: join(work, run) }
  const argv = ['scripts/load.ts', '--env', 'external', '--base-url', server.url, '--only', 'health', '--duration', '8s', ...args]
  return runNode(argv, env)
}

describe('npm run load with baselines', () => {
  it('saves a run, fails the next one twice as slow by endpoint, and refuses another profile before any traffic', async () => {
    const kept = join(work, 'kept')
    const saved = await load('first', ['--save-baseline', kept])
    expect(saved.code, saved.output).toBe(0)
    expect(saved.output).toContain(`baseline of health saved in ${kept}`)

    delayMs = 40
    const slower = await load('second', ['--baseline', kept])
    expect(slower.code, slower.output).toBe(1)
    const verdict = JSON.parse(readFileSync(join(work, 'second', 'health.verdict.json'), 'utf8')) as StoredVerdict
    expect(verdict.message).toMatch(/GET \/health\/live: regression against the baseline: p50 4\d\.\d ms vs 2\d\.\d ms baseline \(\+\d+%/)
    expect(slower.output).toContain('FAIL  health')
    expect(slower.output).toMatch(/against the baseline of .*: \d+ regressions?/)
    expect(existsSync(join(work, 'second', 'health.baseline.json'))).toBe(true)

    const before = server.received
    const refused = await load('third', ['--baseline', kept, '--profile', 'baseline'])
    expect(refused.code).toBe(1)
    expect(refused.output).toContain('it ran under profile "smoke", the run under "baseline"')
    // The external environment's reachability probe, and no load.
    expect(server.received - before).toBeLessThan(5)
  }, 120_000)
})
