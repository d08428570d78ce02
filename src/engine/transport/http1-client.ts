/**
 * The engine's own HTTP/1.1 client for requests whose body is absent, a string
 * or bytes (everything but multipart uploads, which go through undici, unless
 * the run chose undici for all). Requests are checked and serialised in
 * http1-request.ts; when one is sent again is http1-retry.ts's business.
 *
 * Why not undici for everything: measured on the bench, undici's `request`
 * costs about twice autocannon's CPU per request at full rate and three times
 * at a fixed rate, mostly in machinery a load generator does not need (body
 * streams, dispatcher layers, per-request timers). Here a request is one
 * socket write of a prebuilt head and body, and the response is parsed in
 * place (http1-response-parser.ts). Connections are kept alive in a LIFO pool,
 * one request at a time each, so a closed-model user reuses the same socket.
 * Timeouts are enforced by one coarse sweep per client rather than one timer
 * per request.
 */
import { connect as connectTcp, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'
import { ClientError, type SerializedRequest, serializeRequest } from './http1-request.ts'
import { type ResponseHeaders, ResponseParser } from './http1-response-parser.ts'
import { failedAfterRetry, isStaleClose, mayResend, StaleConnection } from './http1-retry.ts'

export interface RawResponse {
  status: number
  headers: ResponseHeaders
  body: Uint8Array
  /** How many times the request was sent again after its kept-alive connection turned out closed (0 or 1). */
  retries: number
}

const SWEEP_MS = 100
/** Kept-alive connections idle longer than the server's announced timeout, less this margin, are not reused. */
const KEEP_ALIVE_MARGIN_MS = 1000
const KEEP_ALIVE_TIMEOUT = /timeout=(\d+)/

interface Exchange {
  parser: ResponseParser
  /** The request said `connection: close`: the server will close the connection, so it must not be reused. */
  closeAfter: boolean
  /** How many times this request was sent before (0, or 1 after a stale keep-alive). */
  retries: number
  deadline: number
  /** When the request was written, to tell a stale keep-alive from a reset after the server read it. */
  sentAt: number
  resolve: (response: RawResponse) => void
  reject: (error: Error) => void
}

class Connection {
  readonly socket: Socket
  exchange: Exchange | undefined
  /** Whether a response already came back on it: a close before any byte of the next one is then a stale keep-alive. */
  reused = false
  closed = false
  idleSince = 0
  /** From the server's `keep-alive: timeout=N`; unlimited when it announces none. */
  idleLimitMs = Number.POSITIVE_INFINITY
  /** Called once, when the connection closes for any reason: the pool forgets it. */
  private readonly onClosed: (connection: Connection) => void
  /** Called when a response ended and the connection can carry the next request: the pool takes it back. */
  private readonly onIdle: (connection: Connection) => void

  constructor(socket: Socket, onClosed: (connection: Connection) => void, onIdle: (connection: Connection) => void) {
    this.socket = socket
    this.onClosed = onClosed
    this.onIdle = onIdle
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (error: Error) => this.fail(error))
    socket.on('close', () => this.onClose())
  }

  send(request: SerializedRequest, requestWasHead: boolean, timeoutMs: number, retries: number): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const sentAt = performance.now()
      this.exchange = { parser: new ResponseParser(requestWasHead), closeAfter: request.close, retries, deadline: sentAt + timeoutMs, sentAt, resolve, reject }
      this.socket.write(request.bytes)
    })
  }

  /** Ends the exchange in progress with `error` and closes the socket: it is in an unknown state. */
  fail(error: Error): void {
    const exchange = this.exchange
    this.exchange = undefined
    this.markClosed()
    this.socket.destroy()
    if (!exchange) return
    exchange.reject(isStaleClose(this.reused, exchange.parser.started, error, exchange.sentAt) ? new StaleConnection() : error)
  }

  private onData(chunk: Buffer): void {
    const exchange = this.exchange
    if (!exchange) {
      // Bytes nobody asked for: the connection is out of step; drop it.
      this.fail(new ClientError('ECONNRESET', 'unexpected data on an idle connection'))
      return
    }
    try {
      exchange.parser.feed(chunk)
    } catch (error) {
      this.fail(error as Error)
      return
    }
    if (exchange.parser.done) this.complete(exchange)
  }

  private onClose(): void {
    const exchange = this.exchange
    if (exchange?.parser.endsWithClose) {
      exchange.parser.finishAtClose()
      this.markClosed()
      this.complete(exchange)
      return
    }
    if (exchange) this.fail(new ClientError('ECONNRESET', 'the server closed the connection before the response ended'))
    else this.markClosed()
  }

  private markClosed(): void {
    if (this.closed) return
    this.closed = true
    this.onClosed(this)
  }

  private complete(exchange: Exchange): void {
    this.exchange = undefined
    this.reused = true
    const { parser } = exchange
    const keepAlive = parser.headers['keep-alive']
    if (typeof keepAlive === 'string') {
      const seconds = KEEP_ALIVE_TIMEOUT.exec(keepAlive)?.[1]
      if (seconds !== undefined) this.idleLimitMs = Number(seconds) * 1000 - KEEP_ALIVE_MARGIN_MS
    }
    // After `connection: close` the server closes it: reused in the meantime, it would fail the next request.
    if ((!parser.keepAlive || exchange.closeAfter) && !this.closed) {
      this.markClosed()
      this.socket.destroy()
    }
    // Back in the pool before the response is handed on, so no await stands between the two.
    if (!this.closed) {
      this.idleSince = performance.now()
      this.onIdle(this)
    }
    exchange.resolve({ status: parser.status, headers: parser.headers, body: parser.body(), retries: exchange.retries })
  }
}

export class Http1Client {
  private readonly host: string
  private readonly port: number
  private readonly tls: boolean
  private readonly hostHeader: string
  private readonly idle: Connection[] = []
  private readonly all = new Set<Connection>()
  private readonly sweeper: NodeJS.Timeout
  private destroyed = false

  constructor(origin: string) {
    const url = new URL(origin)
    this.tls = url.protocol === 'https:'
    this.host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    this.port = Number(url.port || (this.tls ? 443 : 80))
    this.hostHeader = url.host
    this.sweeper = setInterval(() => this.sweepTimeouts(), SWEEP_MS)
    this.sweeper.unref()
  }

  /**
   * Sends one request; rejects with a coded error on a network failure, a
   * timeout, a malformed response, or a request that cannot be sent as given
   * (ERR_INVALID_ARG_VALUE, before any byte goes out). A failure after a retry
   * carries `retries: 1`, read by retriesOf() (http1-retry.ts).
   */
  async request(method: string, path: string, headers: Record<string, string>, body: string | Uint8Array | undefined, timeoutMs: number): Promise<RawResponse> {
    const serialized = serializeRequest(method, path, this.hostHeader, headers, body)
    const requestWasHead = method === 'HEAD'
    try {
      return await this.take().send(serialized, requestWasHead, timeoutMs, 0)
    } catch (error) {
      if (!(error instanceof StaleConnection)) throw error
      if (!mayResend(method)) throw new ClientError('ECONNRESET', 'the server closed a kept-alive connection as the request went out')
      try {
        return await this.open().send(serialized, requestWasHead, timeoutMs, 1)
      } catch (retryError) {
        throw failedAfterRetry(retryError)
      }
    }
  }

  /** Closes every connection; requests in flight fail. */
  destroy(): void {
    this.destroyed = true
    clearInterval(this.sweeper)
    for (const connection of this.all) connection.fail(new ClientError('UND_ERR_DESTROYED', 'the run ended'))
    this.all.clear()
    this.idle.length = 0
  }

  /** The most recently used idle connection the server will not have closed by now, else a new one. */
  private take(): Connection {
    const now = performance.now()
    for (let connection = this.idle.pop(); connection; connection = this.idle.pop()) {
      if (!connection.closed && now - connection.idleSince < connection.idleLimitMs) return connection
      connection.fail(new ClientError('ECONNRESET', 'idle past the server\'s keep-alive timeout'))
    }
    return this.open()
  }

  private open(): Connection {
    if (this.destroyed) throw new ClientError('UND_ERR_DESTROYED', 'the run ended')
    // Writes before the connection is up are buffered by the socket: no round trip is spent waiting for it.
    const socket = this.tls ? connectTls({ host: this.host, port: this.port, servername: this.host }) : connectTcp({ host: this.host, port: this.port })
    const connection = new Connection(
      socket,
      (closed) => this.all.delete(closed),
      (idle) => {
        if (!this.destroyed) this.idle.push(idle)
      },
    )
    this.all.add(connection)
    return connection
  }

  private sweepTimeouts(): void {
    const now = performance.now()
    for (const connection of this.all) {
      const exchange = connection.exchange
      if (exchange && now > exchange.deadline) connection.fail(new ClientError('ETIMEDOUT', 'no complete response within the request timeout'))
    }
  }
}
