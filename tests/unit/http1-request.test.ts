/**
 * The request side of the engine's own HTTP/1.1 client: every head it
 * serialises is read by Node's strict server parser as exactly one request
 * with the same method, path, headers and body, or is refused before a byte
 * is sent; framing headers belong to the client; and a request is sent again
 * only when its connection closed before the server could have acted on it.
 */
import { once } from 'node:events'
import { createServer as createHttpServer, type IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { Http1Client } from '../../src/engine/transport/http1-client.ts'
import { seededRandom } from '../../src/engine/stats/random.ts'
import { onCleanup, track } from '../support/tracked-servers.ts'

function client(origin: string): Http1Client {
  const created = new Http1Client(origin)
  onCleanup(() => created.destroy())
  return created
}

interface Seen {
  method: string
  url: string
  rawHeaders: string[]
  body: Buffer
}

/** Node's HTTP server with its default, strict parser; counts requests per connection and parse errors. */
async function strictServer(): Promise<{ origin: string; seen: Seen[]; perConnection: number[]; parseErrors: () => number }> {
  const seen: Seen[] = []
  const perConnection: number[] = []
  let parseErrors = 0
  const counts = new WeakMap<Socket, number>()
  const server = createHttpServer((request: IncomingMessage, response) => {
    const index = counts.get(request.socket) ?? perConnection.push(0) - 1
    counts.set(request.socket, index)
    perConnection[index] = (perConnection[index] ?? 0) + 1
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', rawHeaders: request.rawHeaders, body: Buffer.concat(chunks) })
      response.end('ok')
    })
  })
  server.on('clientError', (_error, socket: Socket) => {
    parseErrors += 1
    socket.destroy()
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { origin: track(server), seen, perConnection, parseErrors: () => parseErrors }
}

/** Header values as the server saw them, by lowercase name. */
function headersOf(seen: Seen): Record<string, string[]> {
  const headers: Record<string, string[]> = {}
  for (let i = 0; i < seen.rawHeaders.length; i += 2) {
    const name = (seen.rawHeaders[i] as string).toLowerCase()
    headers[name] = [...(headers[name] ?? []), seen.rawHeaders[i + 1] as string]
  }
  return headers
}

describe('request head', () => {
  it('percent-encodes a path whose characters above U+00FF would turn into CR/LF, for a bytes body too', async () => {
    const { origin, seen, perConnection, parseErrors } = await strictServer()
    // U+010D and U+010A lose their high byte in latin1 and become CR and LF: a second request if sent as is.
    const path = '/a\u010d\u010aGET\u0120/smuggled'
    const response = await client(origin).request('POST', path, {}, new Uint8Array([1, 2, 3]), 5000)
    expect(response.status).toBe(200)
    expect(seen.map((s) => s.url)).toEqual([`/a${encodeURIComponent('\u010d\u010aGET\u0120')}/smuggled`])
    expect([perConnection, parseErrors()]).toEqual([[1], 0])
  })

  it('refuses a header value with characters above U+00FF, a method or header name that is not a token, before any byte is sent', async () => {
    const { origin, seen, perConnection } = await strictServer()
    const http = client(origin)
    const bytes = new Uint8Array([1])
    await expect(http.request('POST', '/', { 'x-a': 'v\u010d\u010ax-b: injected' }, bytes, 5000)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' })
    await expect(http.request('GET / HTTP/1.1\r\nx:', '/', {}, undefined, 5000)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' })
    await expect(http.request('G\u0100T', '/', {}, undefined, 5000)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' })
    await expect(http.request('GET', '/', { 'x a': 'v' }, undefined, 5000)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' })
    await expect(http.request('GET', '/a b', {}, undefined, 5000)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' })
    expect([seen, perConnection]).toEqual([[], []])
  })

  it('sends a latin-1 header value as the same bytes whatever the body', async () => {
    const { origin, seen } = await strictServer()
    const http = client(origin)
    await http.request('POST', '/', { 'x-name': 'café' }, 'é', 5000)
    await http.request('POST', '/', { 'x-name': 'café' }, new Uint8Array([0xc3, 0xa9]), 5000)
    expect(seen.map((s) => [headersOf(s)['x-name'], s.body.toString()])).toEqual([
      [['café'], 'é'],
      [['café'], 'é'],
    ])
  })

  it('lets a user host header replace the default one, whatever its case', async () => {
    const { origin, seen } = await strictServer()
    await client(origin).request('GET', '/', { Host: 'example.test' }, undefined, 5000)
    expect(headersOf(seen[0] as Seen).host).toEqual(['example.test'])
  })

  it('refuses framing headers: the client owns content-length, transfer-encoding, upgrade, keep-alive, and connection but close', async () => {
    const { origin, seen, perConnection } = await strictServer()
    const http = client(origin)
    for (const name of ['Content-Length', 'transfer-encoding', 'CONNECTION', 'upgrade', 'Keep-Alive']) {
      await expect(http.request('POST', '/', { [name]: '5' }, 'hello', 5000)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE', message: expect.stringContaining(name) })
    }
    expect(seen).toEqual([])
    // `connection: close` is honoured: the connection is not reused for the next request.
    for (let i = 0; i < 2; i++) expect((await http.request('GET', '/', { Connection: 'Close' }, undefined, 5000)).retries).toBe(0)
    expect(perConnection).toEqual([1, 1])
  })
})

const PRINTABLE = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i))
const ODD = [' ', '\t', '\r', '\n', '\0', '\x7f', '\x80', 'é', '\xff', '\u010a', '\u010d', '\u0100', '€', '😀', '\ud800']
const TCHAR = [...'abcxyz019-_.!#$%&\'*+^`|~']
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']
const FRAMING = ['content-length', 'Transfer-Encoding', 'Connection', 'Upgrade', 'keep-alive']

function pick<T>(random: () => number, from: readonly T[]): T {
  return from[Math.floor(random() * from.length)] as T
}

function text(random: () => number, length: number, oddShare: number): string {
  return Array.from({ length }, () => (random() < oddShare ? pick(random, ODD) : pick(random, PRINTABLE))).join('')
}

interface Case {
  method: string
  path: string
  headers: Record<string, string>
  body: string | Uint8Array | undefined
}

function generate(random: () => number): Case {
  const method = random() < 0.05 ? pick(random, ['G T', 'GET\r\n', 'G\u0100T', '']) : pick(random, METHODS)
  const headers: Record<string, string> = {}
  for (let i = Math.floor(random() * 4); i > 0; i--) {
    const name = random() < 0.04 ? pick(random, FRAMING) : `x-${Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(random, TCHAR)).join('')}${random() < 0.05 ? pick(random, ODD) : ''}`
    headers[name] = text(random, Math.floor(random() * 12), 0.08)
  }
  const bodyKind = random()
  const body = bodyKind < 0.33 ? undefined : bodyKind < 0.66 ? text(random, Math.floor(random() * 20), 0.2) : new Uint8Array(Array.from({ length: Math.floor(random() * 20) }, () => Math.floor(random() * 256)))
  return { method, path: `/${text(random, Math.floor(random() * 16), 0.1)}`, headers, body }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** The oracle: whether the client must refuse the case (from RFC 9110's grammar, not from the client's code). */
function mustRefuse({ method, path, headers }: Case): boolean {
  if (!TOKEN.test(method) || /[^!-~\u0080-\uffff]/.test(path) || LONE_SURROGATE.test(path)) return true
  const framing = (name: string, value: string): boolean =>
    name.toLowerCase() === 'connection' ? !['close', 'keep-alive'].includes(value.trim().toLowerCase()) : FRAMING.some((f) => f.toLowerCase() === name.toLowerCase())
  return Object.entries(headers).some(([name, value]) => !TOKEN.test(name) || framing(name, value) || !/^[\t\x20-\x7e\x80-\xff]*$/.test(value))
}

describe('request round trip through Node\'s strict parser', () => {
  it('a few hundred generated requests arrive as exactly one request each, intact, or are refused before a byte is sent', async () => {
    const { origin, seen, perConnection, parseErrors } = await strictServer()
    const random = seededRandom(20_261_126)
    let sent = 0
    for (let i = 0; i < 400; i++) {
      const c = generate(random)
      // A fresh client per case: each request has its connection, so "one request per connection" is "exactly one".
      const outcome = await client(origin).request(c.method, c.path, c.headers, c.body, 5000).then(
        (response) => response.status,
        (error: { code?: string }) => error.code,
      )
      if (mustRefuse(c)) {
        expect(outcome, JSON.stringify(c)).toBe('ERR_INVALID_ARG_VALUE')
        expect(seen.length).toBe(sent)
        continue
      }
      expect(outcome, JSON.stringify(c)).toBe(200)
      sent += 1
      const got = seen.at(-1) as Seen
      const path = c.path.replace(/[\u0080-\uffff]+/g, (run) => encodeURIComponent(run))
      const expectedHeaders = Object.fromEntries(Object.entries(c.headers).map(([name, value]) => [name.toLowerCase(), [value.replace(/^[ \t]+|[ \t]+$/g, '')]]))
      const { host: _host, 'content-length': _length, ...gotHeaders } = headersOf(got)
      expect([got.method, got.url, gotHeaders], JSON.stringify(c)).toEqual([c.method, path, expectedHeaders])
      expect(got.body.equals(c.body === undefined ? Buffer.alloc(0) : Buffer.from(c.body))).toBe(true)
    }
    expect(sent).toBeGreaterThan(150)
    expect(perConnection).toEqual(Array(sent).fill(1))
    expect(parseErrors()).toBe(0)
  })
})
