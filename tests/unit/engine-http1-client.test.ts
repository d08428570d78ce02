/**
 * The engine's own HTTP/1.1 client against servers that answer exactly as the
 * test says: raw sockets for framing (lengths, chunks split anywhere, bodies
 * that run to the close, interim 1xx, malformed heads) and node:http for
 * keep-alive, reuse and the server's idle timeout.
 */
import { once } from 'node:events'
import { createServer as createHttpServer } from 'node:http'
import { type AddressInfo, createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { Http1Client } from '../../src/engine/transport/http1-client.ts'
import { onCleanup, track } from '../support/tracked-servers.ts'

/** A server that reads one request head and writes `pieces` with a turn between each, so they arrive as separate chunks. */
async function rawServer(pieces: (string | Buffer)[], { closeAfter = false } = {}): Promise<{ origin: string; heads: string[] }> {
  const heads: string[] = []
  const server = createServer((socket) => {
    let buffered = ''
    socket.on('data', async (data) => {
      buffered += data.toString('latin1')
      if (!buffered.includes('\r\n\r\n')) return
      heads.push(buffered)
      buffered = ''
      for (const piece of pieces) {
        socket.write(piece)
        await new Promise((resolve) => setImmediate(resolve))
      }
      if (closeAfter) socket.end()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { origin: track(server), heads }
}

function client(origin: string): Http1Client {
  const created = new Http1Client(origin)
  onCleanup(() => created.destroy())
  return created
}

describe('response framing', () => {
  it('reads a content-length body split across chunks, the head split too', async () => {
    const { origin } = await rawServer(['HTTP/1.1 200 OK\r\nContent-Le', 'ngth: 11\r\nX-A: 1\r\nX-A: 2\r\n\r\nhello', ' world'])
    const response = await client(origin).request('GET', '/', {}, undefined, 5000)
    expect(response.status).toBe(200)
    expect(Buffer.from(response.body).toString()).toBe('hello world')
    expect(response.headers['x-a']).toEqual(['1', '2'])
  })

  it('decodes a chunked body with extensions and trailers, split at every boundary', async () => {
    const { origin } = await rawServer(['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', '5;ext=1\r', '\nhel', 'lo\r\n', '6\r\n world\r\n0\r\nX-Trailer: t\r\n', '\r\n'])
    const response = await client(origin).request('GET', '/', {}, undefined, 5000)
    expect(Buffer.from(response.body).toString()).toBe('hello world')
  })

  it('reads a body without length until the server closes', async () => {
    const { origin } = await rawServer(['HTTP/1.1 200 OK\r\n\r\nuntil ', 'the close'], { closeAfter: true })
    const response = await client(origin).request('GET', '/', {}, undefined, 5000)
    expect(Buffer.from(response.body).toString()).toBe('until the close')
  })

  it('skips an interim 100 Continue and reads no body for HEAD, 204 and 304', async () => {
    const { origin } = await rawServer(['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n'])
    expect((await client(origin).request('DELETE', '/x', {}, undefined, 5000)).status).toBe(204)
    const head = await rawServer(['HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n'])
    const response = await client(head.origin).request('HEAD', '/', {}, undefined, 5000)
    expect([response.status, response.body.byteLength]).toEqual([200, 0])
  })

  it('rejects a response that is not HTTP with a parse error, and one cut short with ECONNRESET', async () => {
    const garbage = await rawServer(['SSH-2.0-OpenSSH\r\n\r\n'])
    await expect(client(garbage.origin).request('GET', '/', {}, undefined, 5000)).rejects.toMatchObject({ code: 'HPE_INVALID_RESPONSE' })
    const cut = await rawServer(['HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this'], { closeAfter: true })
    await expect(client(cut.origin).request('GET', '/', {}, undefined, 5000)).rejects.toMatchObject({ code: 'ECONNRESET' })
  })

  it('times out a response that never comes, with ETIMEDOUT', async () => {
    const { origin } = await rawServer([])
    const began = performance.now()
    await expect(client(origin).request('GET', '/', {}, undefined, 200)).rejects.toMatchObject({ code: 'ETIMEDOUT' })
    expect(performance.now() - began).toBeGreaterThanOrEqual(200)
  })
})

describe('requests', () => {
  it('sends the method, path, host, headers and a UTF-8 body with its byte length', async () => {
    const { origin, heads } = await rawServer(['HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n'])
    const response = await client(origin).request('POST', '/api/v1/x?y=1', { authorization: 'Bearer t' }, '{"name":"é"}', 5000)
    expect(response.status).toBe(201)
    const [head] = heads
    expect(head).toMatch(/^POST \/api\/v1\/x\?y=1 HTTP\/1\.1\r\n/)
    expect(head).toContain(`host: ${new URL(origin).host}\r\n`)
    expect(head).toContain('authorization: Bearer t\r\n')
    expect(head).toContain('content-length: 13\r\n')
  })

  it('refuses header injection before anything is sent', async () => {
    const { origin, heads } = await rawServer(['HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'])
    await expect(client(origin).request('GET', '/', { 'x-a': 'v\r\nx-b: injected' }, undefined, 5000)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' })
    expect(heads).toEqual([])
  })

  it('fails with ECONNREFUSED when nobody listens', async () => {
    const server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await new Promise((resolve) => server.close(resolve))
    await expect(client(origin).request('GET', '/', {}, undefined, 5000)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })
})

describe('keep-alive', () => {
  async function httpServer(keepAliveTimeoutMs: number): Promise<{ origin: string; connections: () => number }> {
    let connections = 0
    const server = createHttpServer((request, response) => {
      request.resume()
      request.on('end', () => response.end(`${request.method} ${request.url}`))
    })
    server.keepAliveTimeout = keepAliveTimeoutMs
    server.on('connection', () => connections++)
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    onCleanup(() => server.closeAllConnections())
    return { origin: track(server), connections: () => connections }
  }

  it('sends one request after another over a single connection', async () => {
    const { origin, connections } = await httpServer(5000)
    const http = client(origin)
    for (let i = 0; i < 20; i++) expect(Buffer.from((await http.request('GET', `/n/${i}`, {}, undefined, 5000)).body).toString()).toBe(`GET /n/${i}`)
    expect(connections()).toBe(1)
  })

  it('opens one connection per concurrent request and reuses them afterwards', async () => {
    const { origin, connections } = await httpServer(5000)
    const http = client(origin)
    for (let round = 0; round < 3; round++) await Promise.all(Array.from({ length: 5 }, () => http.request('GET', '/', {}, undefined, 5000)))
    expect(connections()).toBe(5)
  })

  it('does not reuse a connection past the timeout the server announced', async () => {
    // Node announces `keep-alive: timeout=2` and closes idle sockets after 2 s; the client stops reusing at 1 s.
    const { origin, connections } = await httpServer(2000)
    const http = client(origin)
    await http.request('GET', '/', {}, undefined, 5000)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect((await http.request('POST', '/', {}, 'x', 5000)).status).toBe(200)
    expect(connections()).toBe(2)
  })

  it('sends a GET again on a fresh connection when the kept-alive one was closed under it, never a POST', async () => {
    let requests = 0
    const server = createServer((socket) => {
      socket.on('data', () => {
        requests += 1
        // The first connection answers once, then closes as the next request arrives: a stale keep-alive.
        if (requests === 2 || requests === 4) socket.destroy()
        else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
      })
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const http = client(track(server))
    await http.request('GET', '/', {}, undefined, 5000)
    expect((await http.request('GET', '/', {}, undefined, 5000)).status).toBe(200)
    expect(requests).toBe(3)
    await expect(http.request('POST', '/', {}, 'once', 5000)).rejects.toMatchObject({ code: 'ECONNRESET' })
    expect(requests).toBe(4)
  })
})
