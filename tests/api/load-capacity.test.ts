/**
 * `npm run load --profile capacity`, as a user runs it, on the health
 * category against a fake server of known capacity (4 servers x 40 ms = 100
 * req/s): the search's line in the summary and the verdict, its steps in
 * health_capacity.csv, and a passing build, since a capacity run explores.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../../src/engine/result.ts'
import type { StoredVerdict } from '../../src/report/artifacts.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'
import { type NodeRun, runNode } from '../support/run-node.ts'

const work = mkdtempSync(join(tmpdir(), 'loadgate-capacity-cli-'))
let server: FakeServer
beforeAll(async () => {
  server = await startFakeServer(undefined, 0, { servers: 4, serviceMs: 40 })
})
afterAll(async () => {
  await server.close()
  rmSync(work, { recursive: true, force: true })
})

function load(args: string[]): Promise<NodeRun> {
  const { LOAD_BASELINE: _ignored, ...inherited } = process.env
  return runNode(['scripts/load.ts', '--env', 'external', '--base-url', server.url, '--only', 'health', '--profile', 'capacity', ...args], { ...inherited, LOAD_RESULTS_DIR: work })
}

describe('npm run load --profile capacity', () => {
  it('reports where health holds and breaks, writes the steps, and passes the build', async () => {
    const { code, output } = await load(['--duration', '2s'])
    expect(code, output).toBe(0)
    expect(output).toMatch(/capacity: health: holds \d+(\.\d)? req\/s within budgets \(p95 [\d.]+ ms at [\d.]+\/s\); breaks at [\d.]+\/s on GET \/[\w/]+: p\d\d [\d.]+ (ms|s) > budget/)
    const verdict = JSON.parse(readFileSync(join(work, 'health.verdict.json'), 'utf8')) as StoredVerdict
    expect(verdict.pass).toBe(true)
    const { capacity } = JSON.parse(readFileSync(join(work, 'health.json'), 'utf8')) as RunResult
    // The health budget (p95 500 ms) allows half a second of queueing: 2 to 4 s steps break from some 15-25% past 100/s.
    expect(capacity?.outcome).toBe('found')
    expect(capacity?.capacityPerSec).toBeGreaterThanOrEqual(90)
    expect(capacity?.capacityPerSec).toBeLessThanOrEqual(130)
    const csv = readFileSync(join(work, 'health_capacity.csv'), 'utf8').trim().split('\n')
    expect(csv).toHaveLength((capacity?.steps.length ?? 0) + 1)
    expect(csv[1]).toMatch(/^1,ramp,20,20,\d+,0,held,/)
  }, 240_000)
})
