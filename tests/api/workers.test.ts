/**
 * `--workers 2` end to end: the test category of tests/support/workers run by
 * Vitest against the fake server (a known latency mix) in two generator
 * processes. The one result the test judged has exactly the summed counts,
 * percentiles of one histogram of every sample, user ids that never collide,
 * and one verdict; a worker that saturates is named in the refusal to judge.
 * And no generator outlives its run: a stop request, a test timeout and a
 * killed first worker each end the forked one.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHistogram, percentilesMs, recordMs } from '../../src/engine/stats/histogram.ts'
import { killGroup } from '../../src/env/process/process-group.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'
import { bothRunning, filesOf, pause, type RunFiles, readWorkersRun, startWorkersRun } from '../support/workers/workers-run.ts'

const work = mkdtempSync(join(tmpdir(), 'loadgate-workers-test-'))
let server: FakeServer

beforeAll(async () => {
  server = await startFakeServer((_index, path) => ({ delayMs: path === '/health/slow' ? 20 : path === '/health/fast' ? 2 : 0 }))
})
afterAll(async () => {
  await server?.close()
  rmSync(work, { recursive: true, force: true })
})

interface Run extends RunFiles {
  code: number | null
  output: string
}

async function runWithWorkers(name: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const dir = join(work, name)
  const { code, output } = await startWorkersRun(server.url, dir, env).exited
  return { code, output, ...readWorkersRun(dir) }
}

/** The generators' meeting folders (generator-rendezvous.ts) in the temporary directory: none may outlive its run. */
const meetingFolders = (): string[] => readdirSync(tmpdir()).filter((name) => /^loadgate-workers-(?!test-)/.test(name))

/** Recording stops well before the 60 s load would end: no generator was left behind, running its share out. */
async function expectRecordingStops(dir: string): Promise<void> {
  const deadline = performance.now() + 15_000
  let before = -1
  for (let size = filesOf(dir, 'samples-').join('').length; size !== before; size = filesOf(dir, 'samples-').join('').length) {
    expect(performance.now(), 'a generator still records').toBeLessThan(deadline)
    before = size
    await pause(1000)
  }
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

  it('as one shard of a sharded run, its workers take that shard\'s shares and ids, and the shard publishes the merged result', async () => {
    const store = join(work, 'store')
    const { code, output, result, processes } = await runWithWorkers('sharded', { LOAD_SHARD: '1/2', LOAD_RESULTS_URL: store })
    expect(code, output).toBe(0)
    // 7 users over 2 shards of 2 workers, shares 1 to 4 of 4 (2, 2, 2, 1): shard 1 holds shares 1 and 2, ids 1, 5 and 2, 6.
    expect(processes.map((samples) => [...new Set(samples.map((s) => s.userId))].sort()).sort()).toEqual([[1, 5], [2, 6]])
    const published = JSON.parse(readFileSync(join(store, 'workers.shard-1-of-2.json'), 'utf8')) as typeof result
    expect(published.total.requests).toBe(result.total.requests)
    expect(published.generator.workers).toBe(2)
  })

  it('a stop request ends every worker early, and the merged result keeps what each measured', async () => {
    const stopFile = join(work, 'stop-requested')
    const began = performance.now()
    const stopping = bothRunning(join(work, 'stopped')).then(() => writeFileSync(stopFile, 'stop\n'))
    const { code, output, result, processes } = await runWithWorkers('stopped', { LOAD_STOP_FILE: stopFile, WORKERS_LOAD_MS: '60000' })
    await stopping
    expect(code, output).toBe(0)
    expect(performance.now() - began).toBeLessThan(40_000)
    expect(result.aborted).toBe(true)
    expect(processes).toHaveLength(2)
    expect(result.endpoints.find((e) => e.name === 'GET /health/recorded')?.requests).toBe(processes.flat().length)
  })

  it('a test that times out stops its forked worker instead of leaving it to run its share out', async () => {
    const dir = join(work, 'timed-out')
    const folders = meetingFolders()
    const began = performance.now()
    const { code, output } = await startWorkersRun(server.url, dir, { WORKERS_TEST_TIMEOUT_MS: '12000', WORKERS_LOAD_MS: '60000' }).exited
    expect(code, output).toBe(1)
    expect(output).toMatch(/Test timed out in 12000ms/)
    expect(performance.now() - began).toBeLessThan(40_000)
    await expectRecordingStops(dir)
    expect(meetingFolders()).toEqual(folders)
  })

  it('a first worker killed outright (its Vitest run SIGKILLed) leaves no forked worker running', async () => {
    const dir = join(work, 'killed')
    const folders = meetingFolders()
    const run = startWorkersRun(server.url, dir, { WORKERS_LOAD_MS: '60000' })
    await bothRunning(dir)
    // The Vitest run's group: its main process and test worker; the forked worker leads a group of its own.
    killGroup(run.pid, 'SIGKILL')
    await run.exited
    await expectRecordingStops(dir)
    expect(meetingFolders()).toEqual(folders)
  })
})
