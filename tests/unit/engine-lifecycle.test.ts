/** Options are validated up front; abort stops a run promptly with a partial result. */
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { between, InvalidLoadOptionsError, type LoadOptions, runLoad, templatePath } from '../../src/engine/index.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('options', () => {
  it('rejects wrong options before any traffic, naming every problem', async () => {
    server = await startFakeServer()
    const bad = {
      name: '',
      baseUrl: 'not a url',
      load: { model: 'open', stages: [{ ratePerSec: -1, durationMs: 0 }], maxInFlight: 0 },
      userTypes: [{ name: 'u', tasks: [] }],
    } as unknown as LoadOptions
    const error = await runLoad(bad).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidLoadOptionsError)
    expect((error as InvalidLoadOptionsError).code).toBe('ERR_LOAD_INVALID_OPTIONS')
    expect((error as InvalidLoadOptionsError).problems).toEqual([
      'name is required',
      'baseUrl must be an absolute URL (got not a url)',
      'load.stages[0].durationMs must be a number >= 1 (got 0)',
      'load.stages[0].ratePerSec must be a number >= 0 (got -1)',
      'load.maxInFlight must be a number >= 1 (got 0)',
      'userTypes[0] (u).tasks must list at least one task',
    ])
    expect(server.received).toBe(0)
  })

  it.each([
    ['/api/v1/files/3f2a9c1e-0b7d-4c55-9a53-1c2d3e4f5a6b', '/api/v1/files/:id'],
    ['/api/v1/tasks/42?status=done', '/api/v1/tasks/:id'],
    ['/api/v1/files/0123456789abcdef0123/content', '/api/v1/files/:id/content'],
    ['/health/live', '/health/live'],
  ])('templates %s as %s', (path, template) => {
    expect(templatePath(path)).toBe(template)
  })

  it('rejects a think time with min above max', () => {
    expect(() => between(3, 1)).toThrow(RangeError)
  })
})

describe('abort', () => {
  it('stops within a second of the signal and returns the partial result', async () => {
    server = await startFakeServer()
    const controller = new AbortController()
    let abortedAt = 0
    const result = await runLoad({
      name: 'abort',
      baseUrl: server.url,
      signal: controller.signal,
      load: { model: 'closed', stages: [{ users: 5, spawnRatePerSec: 100, durationMs: 60_000 }] },
      userTypes: [{ name: 'u', wait: between(0.01, 0.02), tasks: [{ run: (vu) => vu.get('/delay/20') }] }],
      onInterval: () => {
        abortedAt = performance.now()
        controller.abort()
      },
    })
    const stoppedAfterMs = performance.now() - abortedAt
    expect(result.aborted).toBe(true)
    expect(result.total.requests).toBeGreaterThan(0)
    expect(stoppedAfterMs).toBeLessThan(1000)
    expect(result.durationMs).toBeLessThan(10_000)
  })
})

describe('websocket', () => {
  it('records connect time and message round trips as endpoints of their own', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await once(wss, 'listening')
    wss.on('connection', (socket) => {
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { type: string; id: number }
        if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong', id: message.id }))
      })
    })
    const { port } = wss.address() as AddressInfo
    const result = await runLoad({
      name: 'ws',
      baseUrl: `http://127.0.0.1:${port}`,
      load: { model: 'closed', stages: [{ users: 2, spawnRatePerSec: 100, durationMs: 500 }] },
      userTypes: [
        {
          name: 'listener',
          onStart: async (vu) => {
            vu.session.socket = await vu.websocket('/ws')
          },
          wait: between(0.01, 0.02),
          tasks: [
            {
              run: async (vu) => {
                const socket = vu.session.socket as Awaited<ReturnType<typeof vu.websocket>>
                const id = Math.random()
                await socket?.roundTrip('WS ping', { type: 'ping', id }, (m) => m.type === 'pong' && m.id === id)
              },
            },
          ],
        },
      ],
    })
    wss.close()
    const names = result.endpoints.map((e) => e.name)
    expect(names).toEqual(['TASK listener onStart', 'WS connect /ws', 'WS ping'])
    expect(result.endpoints[1]?.requests).toBe(2)
    expect(result.endpoints[2]?.requests).toBeGreaterThan(2)
    expect(result.total.failures).toBe(0)
  })
})
