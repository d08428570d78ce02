/**
 * sendRequest over both clients: headers merged whatever their case, a reset
 * long after the write recorded as a failure and never sent again, a stale
 * kept-alive connection retried once and counted, and the run's choice of
 * client (own or undici) carried to the result and the reports.
 */
import { once } from 'node:events'
import { createServer as createHttpServer } from 'node:http'
import { createServer, type Socket } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createAgent, FormData, type HttpContext, sendRequest } from '../../src/engine/transport/send-request.ts'
import { Http1Client } from '../../src/engine/transport/http1-client.ts'
import { mergeResults, runLoad } from '../../src/engine/index.ts'
import type { HttpClientKind, LoadOptions } from '../../src/engine/options.ts'
import { Recorder } from '../../src/engine/stats/recorder.ts'
import { VirtualUser } from '../../src/engine/models/virtual-user.ts'
import { combineVerdicts } from '../../src/report/artifacts.ts'
import { categoryModel } from '../../src/report/report-model.ts'
import { formatSummaryTable } from '../../src/report/terminal-table.ts'
import { onCleanup, track } from '../support/tracked-servers.ts'

afterEach(() => {
  vi.unstubAllEnvs()
})

function context(origin: string, httpClient: HttpClientKind = 'own'): HttpContext {
  const client = new Http1Client(origin)
  const agent = createAgent(10)
  onCleanup(() => {
    client.destroy()
    return agent.destroy()
  })
  const signal = new AbortController().signal
  return { client, agent, httpClient, origin, basePath: '', recorder: new Recorder(() => 0), requestTimeoutMs: 5000, signal, onOutcome: () => {} }
}

/** A raw server that answers the first request of each connection and treats the next one as `second` says. */
async function secondRequestServer(second: (socket: Socket) => void): Promise<{ origin: string; requests: () => number }> {
  let requests = 0
  const server = createServer((socket) => {
    let onThisConnection = 0
    socket.on('data', () => {
      requests += 1
      onThisConnection += 1
      if (onThisConnection === 1) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
      else second(socket)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { origin: track(server), requests: () => requests }
}

/** Node's server, answering with the headers it received as JSON (name lowercased, every value). */
async function echoServer(): Promise<string> {
  const server = createHttpServer((request, response) => {
    request.resume()
    const headers: Record<string, string[]> = {}
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      const name = (request.rawHeaders[i] as string).toLowerCase()
      headers[name] = [...(headers[name] ?? []), request.rawHeaders[i + 1] as string]
    }
    request.on('end', () => response.end(JSON.stringify(headers)))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  onCleanup(() => server.closeAllConnections())
  return track(server)
}

/** Node's server, answering with the method, path, content type and body it received. */
async function requestEchoServer(): Promise<string> {
  const server = createHttpServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk)
    response.end(JSON.stringify({ method: request.method, url: request.url, contentType: request.headers['content-type'], body: Buffer.concat(chunks).toString() }))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  onCleanup(() => server.closeAllConnections())
  return track(server)
}

describe("a virtual user's HTTP verbs", () => {
  it('get, post, put and delete send their method, put and post their JSON, each recorded under its route', async () => {
    const ctx = context(await requestEchoServer())
    const vu = new VirtualUser(1, ctx)
    const sent = await Promise.all([vu.get('/api/v1/files/7'), vu.post('/api/v1/files', { name: 'a' }), vu.put('/api/v1/files/7', { name: 'b' }), vu.delete('/api/v1/files/7')])
    expect(sent.map((response) => response.json())).toEqual([
      { method: 'GET', url: '/api/v1/files/7', body: '' },
      { method: 'POST', url: '/api/v1/files', contentType: 'application/json', body: '{"name":"a"}' },
      { method: 'PUT', url: '/api/v1/files/7', contentType: 'application/json', body: '{"name":"b"}' },
      { method: 'DELETE', url: '/api/v1/files/7', body: '' },
    ])
    expect([...ctx.recorder.endpoints.keys()].sort()).toEqual(['DELETE /api/v1/files/:id', 'GET /api/v1/files/:id', 'POST /api/v1/files', 'PUT /api/v1/files/:id'])
  })
})

describe('retries', () => {
  it('records a GET whose kept-alive connection is reset 300 ms after the write as ECONNRESET, sent once', async () => {
    const { origin, requests } = await secondRequestServer((socket) => setTimeout(() => socket.resetAndDestroy(), 300))
    const ctx = context(origin)
    expect((await sendRequest(ctx, { method: 'GET', path: '/' }, {})).ok).toBe(true)
    const response = await sendRequest(ctx, { method: 'GET', path: '/' }, {})
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect([response.failure, requests()]).toEqual(['ECONNRESET', 2])
    expect(ctx.recorder.endpoints.get('GET /')).toMatchObject({ requests: 2, failures: 1, retries: 0 })
  })

  it('sends a GET again, once, when the server closes the idle kept-alive connection as the request arrives, and counts it', async () => {
    const { origin, requests } = await secondRequestServer((socket) => socket.destroy())
    const ctx = context(origin)
    await sendRequest(ctx, { method: 'GET', path: '/' }, {})
    expect((await sendRequest(ctx, { method: 'GET', path: '/' }, {})).ok).toBe(true)
    expect(requests()).toBe(3)
    expect(ctx.recorder.endpoints.get('GET /')).toMatchObject({ requests: 2, failures: 0, retries: 1 })
    expect((await ctx.client.request('GET', '/', {}, undefined, 5000)).retries).toBe(1)
  })
})

describe('header merge', () => {
  it.each(['own', 'undici'] as const)('a request header replaces a default one whatever their case, with the %s client', async (httpClient) => {
    const ctx = context(await echoServer(), httpClient)
    const defaults = { Authorization: 'Bearer default', 'X-Trace': 't' }
    const plain = (await sendRequest(ctx, { method: 'GET', path: '/', headers: { authorization: 'Bearer own' } }, defaults)).json<Record<string, string[]>>()
    expect([plain.authorization, plain['x-trace']]).toEqual([['Bearer own'], ['t']])
    const json = await sendRequest(ctx, { method: 'PATCH', path: '/', json: { a: 1 }, headers: { 'Content-Type': 'application/merge-patch+json' } }, defaults)
    expect(json.json<Record<string, string[]>>()['content-type']).toEqual(['application/merge-patch+json'])
    const form = new FormData()
    form.append('field', 'value')
    const multipart = await sendRequest(ctx, { method: 'POST', path: '/', body: form, headers: { AUTHORIZATION: 'Bearer own' } }, defaults)
    expect(multipart.json<Record<string, string[]>>().authorization).toEqual(['Bearer own'])
  })
})

function options(baseUrl: string, extra: Partial<LoadOptions> = {}): LoadOptions {
  return {
    name: 'client-choice',
    baseUrl,
    load: { model: 'closed', stages: [{ users: 1, spawnRatePerSec: 100, durationMs: 300 }] },
    userTypes: [{ name: 'u', tasks: [{ run: (vu) => vu.get('/') }] }],
    ...extra,
  }
}

describe('client choice and reports', () => {
  it('sends through undici when the run asks for it, by option or LOAD_HTTP_CLIENT, and says so', async () => {
    const ctx = context(await echoServer(), 'undici')
    ctx.client.destroy()
    expect((await sendRequest(ctx, { method: 'GET', path: '/' }, {})).ok).toBe(true)
    const origin = await echoServer()
    const byOption = await runLoad(options(origin, { httpClient: 'undici' }))
    vi.stubEnv('LOAD_HTTP_CLIENT', 'undici')
    const byEnv = await runLoad(options(origin))
    expect([byOption.httpClient, byEnv.httpClient, byEnv.total.failures]).toEqual(['undici', 'undici', 0])
    expect(formatSummaryTable(byEnv)).toContain('undici HTTP client')
    expect(categoryModel({ result: byEnv, verdict: combineVerdicts(byEnv.name, []) }).run.httpClient).toBe('undici')
  })

  it('refuses an unknown client, by option or LOAD_HTTP_CLIENT', async () => {
    await expect(runLoad(options('http://127.0.0.1:1', { httpClient: 'curl' as HttpClientKind }))).rejects.toMatchObject({ code: 'ERR_LOAD_INVALID_OPTIONS' })
    vi.stubEnv('LOAD_HTTP_CLIENT', 'curl')
    await expect(runLoad(options('http://127.0.0.1:1'))).rejects.toThrow(/LOAD_HTTP_CLIENT must be 'own' or 'undici'/)
  })

  it('counts retries per endpoint in the result, sums them on merge and shows them in both reports', async () => {
    const { origin } = await secondRequestServer((socket) => socket.destroy())
    const result = await runLoad(options(origin))
    const retries = result.total.retries
    // Failures are not asserted: on a busy machine a stale close can be seen past the retry window and fail instead.
    expect([result.httpClient, result.endpoints[0]?.retries]).toEqual(['own', retries])
    expect(retries).toBeGreaterThan(0)
    expect(mergeResults(result, result).total.retries).toBe(2 * retries)
    expect(formatSummaryTable(result)).toContain(`retries: ${retries} requests sent again`)
    expect(categoryModel({ result, verdict: combineVerdicts(result.name, []) }).endpoints[0]?.retries).toBe(retries)
  })
})
