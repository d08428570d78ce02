/**
 * `--workers 2` end to end: the test category of tests/support/workers run by
 * Vitest against the fake server (a known latency mix) in two generator
 * processes. The one result the test judged has exactly the summed counts,
 * percentiles of one histogram of every sample, user ids that never collide,
 * and one verdict; a worker that saturates is named in the refusal to judge.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHistogram, percentilesMs, recordMs } from '../../src/engine/histogram.ts'
import type { RunResult } from '../../src/engine/result.ts'
import type { StoredVerdict } from '../../src/report/artifacts.ts'
import type { LoadTestMeta } from '../../src/vitest/load-test.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'

const work = mkdtempSync(join(tmpdir(), 'loadgate-workers-test-'))
let server: FakeServer

beforeAll(async () => {
  server = await startFakeServer((_index, path) => ({ delayMs: path === '/health/slow' ? 20 : path === '/health/fast' ? 2 : 0 }))
})
afterAll(async () => {
  await server?.close()
  rmSync(work, { recursive: true, force: true })
})

interface Run {
  code: number | null
  output: string
  result: RunResult
  verdict: StoredVerdict
  /** Per generator process: the samples it recorded and the ids of its users. */
  processes: { ms: number; userId: number }[][]
  tests: { status: string; meta: { loadgate?: LoadTestMeta } }[]
  /** The control server each generator process was given. */
  controls: string[]
}

async function runWithWorkers(name: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const dir = join(work, name)
  const reportFile = join(dir, 'vitest.json')
  const args = ['node_modules/vitest/vitest.mjs', 'run', '--config', 'tests/support/workers/vitest.workers.config.ts', '--project', 'load', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`]
  const childEnv = { ...process.env, LOAD_ENV: 'external', LOAD_BASE_URL: server.url, LOAD_WORKERS: '2', LOAD_PROGRESS: 'off', LOAD_RESULTS_DIR: join(dir, 'results'), SAMPLES_DIR: dir, ...env }
  const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const collect = (chunk: Buffer): void => {
    output += chunk.toString()
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  const read = <T>(file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T
  const sampleFiles = readdirSync(dir).filter((f) => f.startsWith('samples-'))
  const processes = sampleFiles.map((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { ms: number; userId: number }))
  const tests = read<{ testResults: { assertionResults: Run['tests'] }[] }>('vitest.json').testResults.flatMap((f) => f.assertionResults)
  const controls = readdirSync(dir).filter((f) => f.startsWith('controls-')).map((f) => readFileSync(join(dir, f), 'utf8').trim())
  return { code, output, result: read('results/workers.json'), verdict: read('results/workers.verdict.json'), processes, tests, controls }
}

describe('--workers 2 on one machine', () => {
  it('merges both generators into one exact result with one verdict, and no user id twice', async () => {
    const { code, output, result, verdict, processes, tests, controls } = await runWithWorkers('plain', {})
    expect(code, output).toBe(0)
    // Two generator processes took samples, both given the first's controls; one test, judged once, passed.
    expect(processes).toHaveLength(2)
    expect(controls).toHaveLength(2)
    expect(controls[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+/)
    expect(controls[1]).toBe(controls[0])
    expect(tests, output).toHaveLength(1)
    expect(tests[0]?.status).toBe('passed')
    expect(tests[0]?.meta.loadgate?.runs).toEqual([{ name: 'workers', judged: true, pass: true, trustworthy: true }])
    expect(verdict).toMatchObject({ judged: true, pass: true })

    const all = processes.flat()
    for (const samples of processes) expect(samples.length).toBeGreaterThan(10)
    const recorded = result.endpoints.find((e) => e.name === 'GET /health/recorded')
    expect(recorded?.requests).toBe(all.length)
    const single = createHistogram()
    for (const { ms } of all) recordMs(single, ms)
    expect(recorded?.percentilesMs).toEqual(percentilesMs(single))
    const sorted = all.map((s) => s.ms).sort((a, b) => a - b)
    for (const [p, key] of [[50, 'p50'], [95, 'p95'], [99, 'p99']] as const) {
      const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1] as number
      expect(Math.abs((recorded?.percentilesMs[key] ?? 0) - exact), key).toBeLessThanOrEqual(exact * 0.001 + 0.001)
    }
    expect(result.total.requests).toBe(result.endpoints.reduce((sum, e) => sum + e.requests, 0))
    // 7 users split 4 and 3, their ids interleaved: each process has its own, together 1 to 7.
    const idsOf = processes.map((samples) => new Set(samples.map((s) => s.userId)))
    expect(idsOf.map((ids) => ids.size).sort()).toEqual([3, 4])
    expect([...idsOf.flatMap((ids) => [...ids])].sort()).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(Math.max(...result.intervals.map((i) => i.users))).toBe(7)
  })

  it('names the worker that saturated when the verdict refuses to judge', async () => {
    const { code, output, result, verdict } = await runWithWorkers('burning', { BURN_WORKER: '2' })
    expect(code, output).toBe(1)
    expect(result.generator.saturated).toBe(true)
    expect(result.generator.warnings.join('\n')).toMatch(/^worker 2 of 2: generator event-loop delay p99 was \d+ ms/m)
    expect(result.generator.warnings.join('\n')).not.toMatch(/worker 1 of 2/)
    expect(verdict).toMatchObject({ judged: true, pass: false, trustworthy: false })
    expect(verdict.message).toContain('worker 2 of 2: generator')
  })
})
