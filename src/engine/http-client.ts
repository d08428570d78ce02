/**
 * HTTP over one shared undici Agent with keep-alive. A request never rejects
 * for HTTP or network failures: they are recorded and returned as data.
 */
import { Agent, FormData } from 'undici'
import { endpointName } from './endpoint-name.ts'
import { failureReasonOf } from './failure-reason.ts'
import type { Recorder } from './recorder.ts'

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
  timeoutMs?: number
}

export interface HttpResponse {
  status: number
  ok: boolean
  headers: Record<string, string | string[] | undefined>
  body: Uint8Array
  /** The failure reason when `ok` is false (`HTTP 500`, `timeout`, `ECONNREFUSED`). */
  failure?: string
  text(): string
  json<T = unknown>(): T
}

export interface HttpContext {
  agent: Agent
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

function makeResponse(status: number, headers: HttpResponse['headers'], body: Uint8Array, failure?: string): HttpResponse {
  return {
    status,
    ok: failure === undefined,
    headers,
    body,
    failure,
    text: () => decoder.decode(body),
    json: <T>() => JSON.parse(decoder.decode(body)) as T,
  }
}

function isExpected(status: number, expect: readonly number[] | undefined): boolean {
  return expect === undefined ? status >= 200 && status < 400 : expect.includes(status)
}

export function createAgent(connections: number): Agent {
  return new Agent({ connections, keepAliveTimeout: 30_000, pipelining: 1 })
}

/**
 * Sends one request and records it. `startMs` lets the open model measure from
 * the scheduled start instead of the moment the request went out.
 */
export async function sendRequest(ctx: HttpContext, options: RequestOptions, startMs?: number): Promise<HttpResponse> {
  const method = options.method.toUpperCase()
  const name = options.name ?? nameFor(method, options.path)
  const headers: Record<string, string> = { ...options.headers }
  let body = options.body
  if (options.json !== undefined) {
    body = JSON.stringify(options.json)
    headers['content-type'] = 'application/json'
  }
  const timeoutMs = options.timeoutMs ?? ctx.requestTimeoutMs
  const began = startMs ?? performance.now()
  try {
    const response = await ctx.agent.request({
      origin: ctx.origin,
      path: ctx.basePath + options.path,
      method: method as 'GET',
      headers,
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    })
    let bytes: Uint8Array = EMPTY
    if (response.statusCode === 204) await response.body.dump()
    else bytes = await response.body.bytes()
    const latencyMs = performance.now() - began
    const failure = isExpected(response.statusCode, options.expect) ? undefined : `HTTP ${response.statusCode}`
    ctx.recorder.record(name, latencyMs, bytes.byteLength, failure)
    ctx.onOutcome(true)
    return makeResponse(response.statusCode, response.headers, bytes, failure)
  } catch (error) {
    const reason = failureReasonOf(error)
    // A request cut by the end of the run is not the server's failure.
    if (!ctx.signal.aborted) {
      ctx.recorder.record(name, performance.now() - began, 0, reason)
      ctx.onOutcome(false, reason)
    }
    return makeResponse(0, {}, EMPTY, ctx.signal.aborted ? 'aborted' : reason)
  }
}

export { FormData }
