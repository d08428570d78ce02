/**
 * Sends and records HTTP requests: over the engine's own keep-alive client
 * (http1-client.ts) when the body is absent, a string or bytes, and over one
 * shared undici Agent for multipart uploads, or for every request when the
 * run chose undici (`httpClient: 'undici'`, to compare the two). A request
 * never rejects for HTTP or network failures: they are recorded and returned
 * as data.
 */
import { Agent, FormData } from 'undici'
import { endpointName } from './endpoint-name.ts'
import { failureReasonOf } from './failure-reason.ts'
import { httpFailureReason } from './http-failure-reason.ts'
import type { Http1Client, RawResponse } from './http1-client.ts'
import { retriesOf } from './http1-retry.ts'
import type { HttpClientKind } from '../options.ts'
import type { Recorder } from '../stats/recorder.ts'

export interface RequestOptions {
  method: string
  path: string
  /** Endpoint name; by default the method and the path with ids templated out. */
  name?: string
  headers?: Record<string, string>
  json?: unknown
  body?: string | Uint8Array | FormData
  /** Statuses that count as success; default 2xx and 3xx. */
  expect?: readonly number[]
  /**
   * Named checks of a response with an expected status, as k6's `check()`:
   * the first that returns false (or throws) fails the response, recorded
   * under its endpoint with the reason `check failed: <name>`.
   */
  check?: Record<string, (response: HttpResponse) => boolean>
  timeoutMs?: number
}

export interface HttpResponse {
  status: number
  ok: boolean
  headers: Record<string, string | string[] | undefined>
  body: Uint8Array
  /** The failure reason when `ok` is false (`HTTP 500`, `timeout`, `check failed: …`). */
  failure?: string
  text(): string
  json<T = unknown>(): T
  /**
   * Marks a successful response failed with `reason`, recorded under its own
   * endpoint (Locust's `response.failure()`): for what the task checks after
   * the fact. Keep reasons stable (`bytes differ`, not the bytes): failures are
   * grouped by them. A response that already failed stays as it is.
   */
  fail(reason: string): void
}

export interface HttpContext {
  client: Http1Client
  /** For multipart uploads (FormData bodies), and every request when `httpClient` is undici. */
  agent: Agent
  httpClient: HttpClientKind
  origin: string
  basePath: string
  recorder: Recorder
  requestTimeoutMs: number
  signal: AbortSignal
  onOutcome: (reachable: boolean, reason?: string) => void
}

const EMPTY = new Uint8Array(0)
const decoder = new TextDecoder()
const names = new Map<string, string>()
const NAME_CACHE_LIMIT = 10_000

function nameFor(method: string, path: string): string {
  const key = `${method} ${path}`
  let name = names.get(key)
  if (name === undefined) {
    name = endpointName(method, path)
    if (names.size < NAME_CACHE_LIMIT) names.set(key, name)
  }
  return name
}

/**
 * A response as the task sees it. A class rather than an object literal: one
 * per request, and its methods live on the prototype instead of three new
 * closures each time.
 */
class RecordedResponse implements HttpResponse {
  status: number
  ok: boolean
  headers: HttpResponse['headers']
  body: Uint8Array
  failure: string | undefined
  private readonly markFailed: (reason: string) => void

  constructor(status: number, headers: HttpResponse['headers'], body: Uint8Array, failure: string | undefined, markFailed: (reason: string) => void) {
    this.status = status
    this.ok = failure === undefined
    this.headers = headers
    this.body = body
    this.failure = failure
    this.markFailed = markFailed
  }

  text(): string {
    return decoder.decode(this.body)
  }

  json<T = unknown>(): T {
    return JSON.parse(decoder.decode(this.body)) as T
  }

  fail(reason: string): void {
    if (!this.ok) return
    this.ok = false
    this.failure = reason
    this.markFailed(reason)
  }
}

const ignore = (): void => {}

/** The reason the first failing check gives, or undefined when every check holds. */
function failedCheck(checks: Record<string, (response: HttpResponse) => boolean>, response: HttpResponse): string | undefined {
  for (const [name, holds] of Object.entries(checks)) {
    try {
      if (!holds(response)) return `check failed: ${name}`
    } catch (error) {
      return `check failed: ${name} (${failureReasonOf(error)})`
    }
  }
  return undefined
}

function isExpected(status: number, expect: readonly number[] | undefined): boolean {
  return expect === undefined ? status >= 200 && status < 400 : expect.includes(status)
}

export function createAgent(connections: number): Agent {
  return new Agent({ connections, keepAliveTimeout: 30_000, pipelining: 1 })
}

const JSON_TYPE = { 'content-type': 'application/json' }

/**
 * Header sets merged by name whatever its case (later ones win), under
 * lowercase names, so `authorization` replaces a default `Authorization`
 * instead of going out beside it.
 */
export function mergeHeaders(...sets: (Record<string, string> | undefined)[]): Record<string, string> {
  const merged: Record<string, string> = {}
  for (const set of sets) {
    for (const name in set) merged[name.toLowerCase()] = set[name] as string
  }
  return merged
}

/**
 * Sends one request and records it. `defaultHeaders` (the user's) are merged
 * under the json content type, and both under the request's own headers (a
 * request may send JSON as `application/merge-patch+json`). `startMs` lets the
 * open model measure from the scheduled start instead of the moment the
 * request went out.
 */
export async function sendRequest(ctx: HttpContext, options: RequestOptions, defaultHeaders: Record<string, string>, startMs?: number): Promise<HttpResponse> {
  const method = options.method.toUpperCase()
  const name = options.name ?? nameFor(method, options.path)
  const json = options.json !== undefined
  // The common case, no headers of its own and no JSON, sends the user's as they are: no copy per request.
  const headers = options.headers || json ? mergeHeaders(defaultHeaders, json ? JSON_TYPE : undefined, options.headers) : defaultHeaders
  const body = json ? JSON.stringify(options.json) : options.body
  const timeoutMs = options.timeoutMs ?? ctx.requestTimeoutMs
  const path = ctx.basePath + options.path
  const began = startMs ?? performance.now()
  try {
    const raw =
      body instanceof FormData || ctx.httpClient === 'undici'
        ? await sendWithUndici(ctx, method, path, headers, body, timeoutMs)
        : await ctx.client.request(method, path, headers, body, timeoutMs)
    const latencyMs = performance.now() - began
    let inSteady = false
    const response = new RecordedResponse(raw.status, raw.headers, raw.body, undefined, (reason) => ctx.recorder.markFailed(name, reason, inSteady))
    const failure = isExpected(raw.status, options.expect) ? options.check && failedCheck(options.check, response) : httpFailureReason(raw.status, raw.headers, raw.body)
    if (failure !== undefined) {
      response.ok = false
      response.failure = failure
    }
    inSteady = ctx.recorder.record(name, latencyMs, raw.body.byteLength, failure)
    if (raw.retries > 0) ctx.recorder.recordRetries(name, raw.retries)
    ctx.onOutcome(true)
    return response
  } catch (error) {
    const reason = failureReasonOf(error)
    // A request cut by the end of the run is not the server's failure.
    if (!ctx.signal.aborted) {
      ctx.recorder.record(name, performance.now() - began, 0, reason)
      if (retriesOf(error) > 0) ctx.recorder.recordRetries(name, retriesOf(error))
      ctx.onOutcome(false, reason)
    }
    return new RecordedResponse(0, {}, EMPTY, ctx.signal.aborted ? 'aborted' : reason, ignore)
  }
}

/** Whatever undici does about a closed kept-alive connection happens out of sight: no retry is counted on this path. */
async function sendWithUndici(ctx: HttpContext, method: string, path: string, headers: Record<string, string>, body: RequestOptions['body'], timeoutMs: number): Promise<RawResponse> {
  const response = await ctx.agent.request({
    origin: ctx.origin,
    path,
    method: method as 'POST',
    headers,
    body,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  })
  if (response.statusCode === 204) {
    await response.body.dump()
    return { status: 204, headers: response.headers, body: EMPTY, retries: 0 }
  }
  return { status: response.statusCode, headers: response.headers, body: await response.body.bytes(), retries: 0 }
}

export { FormData }
