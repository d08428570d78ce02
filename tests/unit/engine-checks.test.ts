/**
 * Checks are first-class results: a response a check rejects, a response a
 * task fails after the fact, and a check about no response at all each fail
 * under their own name and reason, and fail the verdict. Regression tests for
 * checks that could not fail (a thrown error was recorded under a name no
 * budget judged) and for set-up time leaking into open-model latency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { budgets } from '../../budgets.ts'
import { constant, judgeRun, runLoad, type Task, type UserType } from '../../src/engine/index.ts'
import type { RunResult } from '../../src/engine/result.ts'
import { Recorder } from '../../src/engine/stats/recorder.ts'
import { checkBudgets } from '../../src/vitest/budget-matcher.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'

let server: FakeServer
beforeAll(async () => {
  server = await startFakeServer((_, path) => {
    if (path.startsWith('/api/v1/files/corrupt')) return { body: '{"ok":false}' }
    if (path.startsWith('/api/v1/broken')) return { status: 500 }
    if (path.startsWith('/health/slow')) return { delayMs: 2 }
    return {}
  })
})
afterAll(() => server.close())

function closedRun(tasks: Task[], onStart?: UserType['onStart']): Promise<RunResult> {
  return runLoad({
    name: 'checks',
    profile: 'smoke',
    baseUrl: server.url,
    load: { model: 'closed', stages: [{ users: 2, spawnRatePerSec: 100, durationMs: 400 }] },
    userTypes: [{ name: 'checker', wait: constant(0.02), onStart, tasks }],
  })
}

const endpoint = (result: RunResult, name: string) => result.endpoints.find((e) => e.name === name)
const isOk = { 'body says ok': (r: { json: <T>() => T }) => r.json<{ ok: boolean }>().ok }

describe('checks', () => {
  it('a check option fails the response under its endpoint, with the check as the reason', async () => {
    const result = await closedRun([
      { run: (vu) => vu.get('/api/v1/files/corrupt', { check: isOk }) },
      { run: (vu) => vu.get('/api/v1/files/fine', { check: isOk }) },
    ])
    const corrupt = endpoint(result, 'GET /api/v1/files/corrupt')
    expect(corrupt?.requests).toBeGreaterThan(0)
    expect(corrupt?.failures).toBe(corrupt?.requests)
    expect(endpoint(result, 'GET /api/v1/files/fine')?.failures).toBe(0)
    expect(result.failures).toEqual([{ endpoint: 'GET /api/v1/files/corrupt', reason: 'check failed: body says ok', occurrences: corrupt?.requests }])
    const { pass, message } = checkBudgets(result, budgets)
    expect(pass).toBe(false)
    expect(message).toContain('GET /api/v1/files/corrupt: failure rate 100.00% > budget 0.50% (check failed: body says ok')
  })

  it('response.fail() after the fact counts once, and never on a response that already failed', async () => {
    const result = await closedRun([
      {
        run: async (vu) => {
          const response = await vu.get('/api/v1/files/corrupt')
          if (!response.json<{ ok: boolean }>().ok) response.fail('bytes differ')
          response.fail('bytes differ again')
          const broken = await vu.get('/api/v1/broken')
          broken.fail('also wrong')
        },
      },
    ])
    const corrupt = endpoint(result, 'GET /api/v1/files/corrupt')
    expect(corrupt?.failures).toBe(corrupt?.requests)
    const reasons = result.failures.map((f) => `${f.endpoint}: ${f.reason}`).sort()
    expect(reasons).toEqual(['GET /api/v1/broken: HTTP 500', 'GET /api/v1/files/corrupt: bytes differ'])
    expect(result.total.failures).toBe(result.total.requests)
  })

  it('vu.check() records CHECK <name>, judged by the check class, outside the aggregate latencies', async () => {
    let calls = 0
    const result = await closedRun([
      {
        run: async (vu) => {
          await vu.get('/api/v1/files/fine')
          vu.check('stats agree', ++calls % 2 === 0, 'files differ')
        },
      },
    ])
    const check = endpoint(result, 'CHECK stats agree')
    expect(check?.requests).toBe(calls)
    expect(check?.failures).toBe(Math.ceil(calls / 2))
    expect(result.total.requests).toBe(endpoint(result, 'GET /api/v1/files/fine')?.requests)
    const verdict = judgeRun(result, budgets)
    expect(verdict.pass).toBe(false)
    expect(verdict.verdicts.find((v) => v.endpoint === 'CHECK stats agree' && !v.passed)?.detail).toBe(`files differ ×${check?.failures}`)
  })

  it('a task that throws fails the verdict under TASK <name>', async () => {
    const result = await closedRun([
      {
        name: 'download',
        run: async (vu) => {
          await vu.get('/api/v1/files/fine')
          throw new Error('download does not match the upload')
        },
      },
    ])
    const { pass, message } = checkBudgets(result, budgets)
    expect(pass).toBe(false)
    expect(message).toContain('TASK download: failure rate 100.00% > budget 0.00% (Error: download does not match the upload')
  })

  it('a clean run passes with its set-up judged as a task of its own', async () => {
    const result = await closedRun([{ run: (vu) => vu.get('/api/v1/files/fine', { check: isOk }) }], (vu) => vu.get('/health/live'))
    expect(endpoint(result, 'TASK checker onStart')?.requests).toBe(2)
    const verdict = judgeRun(result, budgets)
    expect(verdict.verdicts.filter((v) => !v.passed)).toEqual([])
    expect(verdict.pass).toBe(true)
  })
})

describe('open model set-up', () => {
  it("keeps a user's 500 ms set-up out of a 2 ms endpoint's latency", async () => {
    const result = await runLoad({
      name: 'open-setup',
      profile: 'smoke',
      baseUrl: server.url,
      load: { model: 'open', stages: [{ ratePerSec: 100, durationMs: 1500 }], maxInFlight: 100 },
      userTypes: [
        {
          name: 'arrival',
          onStart: () => new Promise((resolve) => setTimeout(resolve, 500)),
          tasks: [{ run: (vu) => vu.get('/health/slow') }],
        },
      ],
    })
    const slow = endpoint(result, 'GET /health/slow')
    expect(slow?.requests).toBeGreaterThan(100)
    expect(slow?.percentilesMs.p99).toBeLessThan(20)
    expect(endpoint(result, 'TASK arrival onStart')?.percentilesMs.p50).toBeGreaterThanOrEqual(500)
  })
})

describe('a routine beside the load', () => {
  it('keeps the requests of its windows out of what the budgets judge, and records its own measurements', async () => {
    let broken = false
    const flaky = await startFakeServer(() => (broken ? { status: 503 } : {}))
    try {
      const result = await runLoad({
        name: 'faults',
        profile: 'smoke',
        baseUrl: flaky.url,
        load: { model: 'closed', stages: [{ users: 2, spawnRatePerSec: 100, durationMs: 1500 }] },
        userTypes: [{ name: 'u', wait: constant(0.01), tasks: [{ run: (vu) => vu.get('/api/v1/things') }] }],
        during: async ({ window, record, signal }) => {
          await new Promise((resolve) => setTimeout(resolve, 300))
          const outage = window('server down')
          broken = true
          await new Promise((resolve) => setTimeout(resolve, 400))
          broken = false
          const began = performance.now()
          outage.end()
          record('RECOVERY server', performance.now() - began)
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
        },
      })
      const whole = endpoint(result, 'GET /api/v1/things')
      const steady = result.steady?.find((e) => e.name === 'GET /api/v1/things')
      expect(whole?.failures).toBeGreaterThan(10)
      expect(steady?.failures).toBe(0)
      expect(steady?.requests).toBeLessThan(whole?.requests ?? 0)
      expect(result.windows?.map((w) => w.label)).toEqual(['server down'])
      expect((result.windows?.[0]?.endSec ?? 0) - (result.windows?.[0]?.startSec ?? 0)).toBeGreaterThanOrEqual(0.39)
      const verdict = judgeRun(result, budgets)
      expect(verdict.verdicts.filter((v) => !v.passed)).toEqual([])
      expect(verdict.outsideWindows).toEqual(['server down'])
      // The same run judged on the whole: the outage fails it.
      expect(judgeRun({ ...result, steady: undefined }, budgets).pass).toBe(false)
    } finally {
      await flaky.close()
    }
  })

  it('a routine that throws fails the verdict as TASK during', async () => {
    const result = await closedRun([{ run: (vu) => vu.get('/api/v1/files/fine') }])
    const failing = await runLoad({
      name: 'during-throws',
      profile: 'smoke',
      baseUrl: server.url,
      load: { model: 'closed', stages: [{ users: 1, spawnRatePerSec: 100, durationMs: 300 }] },
      userTypes: [{ name: 'u', wait: constant(0.02), tasks: [{ run: (vu) => vu.get('/api/v1/files/fine') }] }],
      during: () => {
        throw new Error('could not stop postgres')
      },
    })
    expect(judgeRun(result, budgets).pass).toBe(true)
    expect(failing.failures).toContainEqual({ endpoint: 'TASK during', reason: 'Error: could not stop postgres', occurrences: 1 })
    expect(judgeRun(failing, budgets).pass).toBe(false)
  })
})

describe('steady-state attribution', () => {
  it('leaves out of the steady state a request that began inside a window and ended after it', async () => {
    const recorder = new Recorder(() => 0)
    recorder.keepSteady()
    recorder.openWindow()
    await new Promise((resolve) => setTimeout(resolve, 50))
    recorder.closeWindow()
    const straddling = recorder.record('GET /x', 1030, 0)
    const after = recorder.record('GET /x', 0, 0)
    recorder.markFailed('GET /x', 'check failed: body', straddling)
    expect([straddling, after]).toEqual([false, true])
    expect(recorder.steady?.get('GET /x')).toMatchObject({ requests: 1, failures: 0 })
    expect(recorder.endpoints.get('GET /x')).toMatchObject({ requests: 2, failures: 1 })
  })
})
