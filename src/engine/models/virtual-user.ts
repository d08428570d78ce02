/**
 * The virtual user a task receives: its own session state, default headers,
 * and HTTP and WebSocket helpers that record every call under an endpoint name.
 */
import { endpointName } from '../transport/endpoint-name.ts'
import { FormData, type HttpContext, type HttpResponse, mergeHeaders, type RequestOptions, sendRequest } from '../transport/send-request.ts'
import type { AnySession } from '../options.ts'
import { connectWebSocket, type WebSocketSession } from '../transport/websocket-session.ts'

export type RequestExtras = Omit<RequestOptions, 'method' | 'path' | 'json'>

export interface UploadFile {
  field?: string
  filename: string
  contentType: string
  data: Uint8Array
  /** More multipart fields sent before the file. */
  fields?: Record<string, string>
}

export interface WebSocketOptions {
  headers?: Record<string, string>
  name?: string
  timeoutMs?: number
}

export class VirtualUser<Session extends object = AnySession> {
  readonly id: number
  /**
   * The user's own state: token, uploaded ids, anything a task keeps. A typed
   * scenario fills it with what the user's onStart returns: until then, or
   * after an onStart that failed (a failure the run records), it is empty.
   */
  readonly session = {} as Session
  /** Sent with every request of this user (e.g. `authorization`). */
  readonly headers: Record<string, string> = {}
  private readonly http: HttpContext
  private readonly sockets = new Set<WebSocketSession>()
  /** Open model: the scheduled start of the current iteration's first request. */
  private scheduledStartMs: number | undefined

  constructor(id: number, http: HttpContext) {
    this.id = id
    this.http = http
  }

  get signal(): AbortSignal {
    return this.http.signal
  }

  request(options: RequestOptions): Promise<HttpResponse> {
    const startMs = this.scheduledStartMs
    this.scheduledStartMs = undefined
    return sendRequest(this.http, options, this.headers, startMs)
  }

  get(path: string, extras?: RequestExtras): Promise<HttpResponse> {
    return this.request(extras ? { ...extras, method: 'GET', path } : { method: 'GET', path })
  }

  post(path: string, json?: unknown, extras?: RequestExtras): Promise<HttpResponse> {
    return this.request({ ...extras, method: 'POST', path, json })
  }

  put(path: string, json?: unknown, extras?: RequestExtras): Promise<HttpResponse> {
    return this.request({ ...extras, method: 'PUT', path, json })
  }

  delete(path: string, extras?: RequestExtras): Promise<HttpResponse> {
    return this.request({ ...extras, method: 'DELETE', path })
  }

  /** A multipart/form-data upload of one file. */
  upload(path: string, file: UploadFile, extras?: RequestExtras): Promise<HttpResponse> {
    const form = new FormData()
    for (const [key, value] of Object.entries(file.fields ?? {})) form.append(key, value)
    form.append(file.field ?? 'file', new Blob([file.data], { type: file.contentType }), file.filename)
    return this.request({ ...extras, method: 'POST', path, body: form })
  }

  /** Opens a WebSocket, recorded as `WS connect <path>`; undefined when it failed. */
  async websocket(path: string, options: WebSocketOptions = {}): Promise<WebSocketSession | undefined> {
    const url = `${this.http.origin.replace(/^http/, 'ws')}${this.http.basePath}${path}`
    const name = options.name ?? `WS connect ${endpointName('GET', path).slice(4)}`
    const headers = mergeHeaders(this.headers, options.headers)
    const timeoutMs = options.timeoutMs ?? this.http.requestTimeoutMs
    const session = await connectWebSocket(url, name, headers, this.http.recorder, timeoutMs, this.http.signal)
    if (session) {
      this.sockets.add(session)
      void session.closed.then(() => this.sockets.delete(session))
    }
    return session
  }

  /** Records a custom measurement (`TASK join submit→completed`, `WS event delivery`). */
  record(name: string, durationMs: number, failureReason?: string): void {
    this.http.recorder.record(name, durationMs, 0, failureReason)
  }

  /**
   * A check that is not about one response (k6's `check()`, e.g. stats that
   * must agree with what the user did), recorded as `CHECK <name>`: counted,
   * judged by its budget class, its failures grouped by `detail`. Keep the
   * detail stable (`files differ`, not the figures). Returns `condition`.
   */
  check(name: string, condition: boolean, detail = 'failed'): boolean {
    this.http.recorder.recordCheck(`CHECK ${name}`, condition, detail)
    return condition
  }

  /** @internal Open model: the next request measures from this scheduled time. */
  scheduleFrom(startMs: number): void {
    this.scheduledStartMs = startMs
  }

  /** @internal Closes every WebSocket the user still holds. */
  closeSockets(): void {
    for (const socket of this.sockets) socket.close()
    this.sockets.clear()
  }
}
