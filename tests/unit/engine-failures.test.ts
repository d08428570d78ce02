/** Failures land in the right reasons; a target that never answers fails fast, one that goes down mid-run is measured through it. */
import { type AddressInfo, createServer as createNetServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { httpFailureReason } from '../../src/engine/transport/http-failure-reason.ts'
import { constant, runLoad, UnreachableTargetError } from '../../src/engine/index.ts'
import type { RunResult } from '../../src/engine/result.ts'
import { type FakeServer, startFakeServer, unusedPort } from '../support/fake-server.ts'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function runAgainst(path: string, timeoutMs = 5000): Promise<RunResult> {
  server = await startFakeServer()
  return runLoad({
    name: 'failures',
    baseUrl: server.url,
    requestTimeoutMs: timeoutMs,
    load: { model: 'closed', stages: [{ users: 2, spawnRatePerSec: 100, durationMs: 600 }] },
    userTypes: [{ name: 'u', tasks: [{ run: (vu) => vu.get(path) }] }],
  })
}

describe('failure reasons', () => {
  it.each([
    ['/status/500', 'GET /status/:id', 'HTTP 500'],
    ['/status/404', 'GET /status/:id', 'HTTP 404'],
    ['/reset', 'GET /reset', 'ECONNRESET'],
  ])('GET %s fails as %s: %s', async (path, endpoint, reason) => {
    const result = await runAgainst(path)
    expect(result.total.requests).toBeGreaterThan(0)
    expect(result.total.failures).toBe(result.total.requests)
    expect(result.failures).toEqual([{ endpoint, reason, occurrences: result.total.requests }])
  })

  it('counts a request past its timeout as a timeout', async () => {
    const result = await runAgainst('/hang', 150)
    expect(result.failures.map((f) => f.reason)).toEqual(['timeout'])
    expect(result.total.percentilesMs.p50).toBeGreaterThanOrEqual(150)
  })

  it('treats listed statuses as success when the task expects them', async () => {
    server = await startFakeServer()
    const result = await runLoad({
      name: 'expected-404',
      baseUrl: server.url,
      load: { model: 'closed', stages: [{ users: 1, spawnRatePerSec: 10, durationMs: 300 }] },
      userTypes: [{ name: 'u', tasks: [{ run: (vu) => vu.get('/status/404', { expect: [404] }) }] }],
    })
    expect(result.total.requests).toBeGreaterThan(0)
    expect(result.total.failures).toBe(0)
  })

  it('records a task that throws under its task name', async () => {
    server = await startFakeServer()
    const result = await runLoad({
      name: 'throws',
      baseUrl: server.url,
      load: { model: 'closed', stages: [{ users: 1, spawnRatePerSec: 10, durationMs: 300 }] },
      userTypes: [{ name: 'u', tasks: [{ name: 'broken', run: () => Promise.reject(new TypeError('no body')) }] }],
    })
    expect(result.failures[0]).toMatchObject({ endpoint: 'TASK broken', reason: 'TypeError: no body' })
  })
})

describe('unreachable target', () => {
  it('fails before any load with a message naming the URL', async () => {
    const url = `http://127.0.0.1:${await unusedPort()}`
    const run = runLoad({
      name: 'nobody',
      baseUrl: url,
      load: { model: 'closed', stages: [{ users: 5, spawnRatePerSec: 5, durationMs: 60_000 }] },
      userTypes: [{ name: 'u', tasks: [{ run: (vu) => vu.get('/') }] }],
    })
    await expect(run).rejects.toThrow(UnreachableTargetError)
    await expect(run).rejects.toThrow(`the target ${url} is unreachable (ECONNREFUSED)`)
  })

  it('keeps measuring through an outage once the target has answered, and sees it recover', async () => {
    const server = await startFakeServer()
    const port = Number(new URL(server.url).port)
    let closed = false
    const run = runLoad({
      name: 'outage',
      baseUrl: server.url,
      load: { model: 'closed', stages: [{ users: 3, spawnRatePerSec: 100, durationMs: 4500 }] },
      userTypes: [{ name: 'u', wait: constant(0.01), tasks: [{ run: (vu) => vu.get('/', { headers: { connection: 'close' } }) }] }],
    })
    // Down after 20 requests for 2.5 s (past the old circuit's 2 s), then back on the same port.
    while (server.received < 20) await sleep(10)
    await server.close()
    closed = true
    await sleep(2500)
    const restarted = startFakeServer(undefined, port)
    const result = await run
    const back = await restarted
    await back.close()
    expect(closed).toBe(true)
    expect(result.aborted).toBe(false)
    expect(result.failures.find((f) => f.reason === 'ECONNREFUSED')?.occurrences).toBeGreaterThan(50)
    expect(back.received).toBeGreaterThan(0)
    expect(result.durationMs).toBeGreaterThanOrEqual(4500)
  })

  it('stops a run whose target never answered, with the refused connections as its failures', async () => {
    // Accepts the probe's connection, then stops listening: no request is ever answered.
    const listener = createNetServer((socket) => {
      socket.destroy()
      listener.close()
    })
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`
    const error = await runLoad({
      name: 'never',
      baseUrl: url,
      load: { model: 'closed', stages: [{ users: 3, spawnRatePerSec: 100, durationMs: 60_000 }] },
      userTypes: [{ name: 'u', wait: constant(0.005), tasks: [{ run: (vu) => vu.get('/') }] }],
    }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(UnreachableTargetError)
    const partial = (error as UnreachableTargetError).result as RunResult
    expect(partial.failures.some((f) => f.reason === 'ECONNREFUSED')).toBe(true)
    expect(partial.durationMs).toBeLessThan(30_000)
  })
})

describe('failure reasons from an API error body', () => {
  it.each([
    ['a dependency outage names the dependency', 503, 'application/json', '{"error":"dependency_unavailable","message":"postgres is unavailable: x","dependency":"postgres"}', 'HTTP 503 dependency_unavailable (postgres)'],
    ['an error code without a dependency', 404, 'application/json; charset=utf-8', '{"error":"not_found","message":"no file 42"}', 'HTTP 404 not_found'],
    ['a problem+json code field', 409, 'application/problem+json', '{"code":"conflict"}', 'HTTP 409 conflict'],
    ['free text is never a grouping key', 500, 'application/json', '{"error":"something broke at 12:03:44 for user 9"}', 'HTTP 500'],
    ['a body that is not JSON', 502, 'text/html', '<h1>Bad gateway</h1>', 'HTTP 502'],
    ['JSON that does not parse', 500, 'application/json', '{"error":', 'HTTP 500'],
  ])('%s', (_, status, type, body, reason) => {
    expect(httpFailureReason(status, { 'content-type': type }, new TextEncoder().encode(body))).toBe(reason)
  })
})
