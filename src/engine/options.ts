/**
 * What a run is asked to do, and the validator that reports every problem at
 * once before any traffic (as k6's config validator does).
 */
import { InvalidLoadOptionsError } from './errors.ts'
import type { During } from './models/during.ts'
import type { ProgressSnapshot } from './stats/progress-snapshot.ts'
import type { IntervalPoint } from './result.ts'
import type { Shard } from './models/shard.ts'
import type { VirtualUser } from './models/virtual-user.ts'
import type { WaitTime } from './models/wait-time.ts'

export interface UserStage {
  users: number
  spawnRatePerSec: number
  durationMs: number
}

export interface RateStage {
  /** The rate reached at the end of the stage; it ramps linearly from the previous one. */
  ratePerSec: number
  durationMs: number
}

/** Closed model (Locust): a number of users, each looping over its tasks. */
export interface ClosedLoad {
  model: 'closed'
  stages: UserStage[]
}

/** Open model (k6 arrival rate, wrk2): arrivals on a schedule, whatever the server does. */
export interface OpenLoad {
  model: 'open'
  stages: RateStage[]
  /** The rate at the start of the first stage; defaults to that stage's rate. */
  startRatePerSec?: number
  /** Iterations in flight at most; an arrival finding the pool full is dropped. */
  maxInFlight: number
}

export type LoadShape = ClosedLoad | OpenLoad

/** What a user keeps between its tasks (token, uploaded ids): a plain record unless a scenario types it. */
export type AnySession = Record<string, unknown>

// The hooks are methods, not function properties: a run holds user types of
// different sessions, and method parameters let a typed user type stand where
// the engine, which never reads a session, expects an untyped one.
export interface Task<Session extends object = AnySession> {
  name?: string
  weight?: number
  run(vu: VirtualUser<Session>): Promise<unknown> | unknown
}

export interface UserType<Session extends object = AnySession> {
  name: string
  weight?: number
  /** Think time after each task; none when omitted. */
  wait?: WaitTime
  onStart?(vu: VirtualUser): Promise<unknown> | unknown
  onStop?(vu: VirtualUser<Session>): Promise<unknown> | unknown
  tasks: Task<Session>[]
}

/** Which client sends the requests: the engine's own HTTP/1.1 client, or undici (to compare them). */
export type HttpClientKind = 'own' | 'undici'

const HTTP_CLIENTS: readonly string[] = ['own', 'undici']

export interface LoadOptions {
  name: string
  profile?: string
  baseUrl: string
  load: LoadShape
  userTypes: UserType[]
  signal?: AbortSignal
  /** Per request; a request past it is a `timeout` failure. Default 30 s. */
  requestTimeoutMs?: number
  /** Default: the LOAD_HTTP_CLIENT environment variable, else `own`. Multipart uploads always go through undici. */
  httpClient?: HttpClientKind
  onInterval?: (point: IntervalPoint) => void
  /**
   * Once a second, a live view of the run so far (see progress-snapshot.ts);
   * it costs a summary of every endpoint's histogram, so only when asked for.
   */
  onProgress?: (snapshot: ProgressSnapshot) => void
  /** Runs beside the load, e.g. to inject faults in windows (see during.ts). */
  during?: During
  /** This run is one shard of a load spread over machines: its users' ids interleave with the others' (see shard.ts). */
  shard?: Shard
  /** Epoch ms: the first arrival waits until then, so shards start together (see start-at.ts). */
  startAtMs?: number
}

function checkNumber(problems: string[], label: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    problems.push(`${label} must be a number >= ${min} (got ${String(value)})`)
  }
}

function loadProblems(load: LoadShape | undefined): string[] {
  const problems: string[] = []
  if (!load || (load.model !== 'closed' && load.model !== 'open')) {
    return [`load.model must be 'closed' or 'open' (got ${String((load as { model?: unknown } | undefined)?.model)})`]
  }
  if (!Array.isArray(load.stages) || load.stages.length === 0) problems.push('load.stages must list at least one stage')
  for (const [i, stage] of (load.stages ?? []).entries()) {
    checkNumber(problems, `load.stages[${i}].durationMs`, stage.durationMs, 1)
    if (load.model === 'closed') {
      const s = stage as UserStage
      checkNumber(problems, `load.stages[${i}].users`, s.users, 0)
      checkNumber(problems, `load.stages[${i}].spawnRatePerSec`, s.spawnRatePerSec, 0.001)
    } else {
      checkNumber(problems, `load.stages[${i}].ratePerSec`, (stage as RateStage).ratePerSec, 0)
    }
  }
  if (load.model === 'open') {
    checkNumber(problems, 'load.maxInFlight', load.maxInFlight, 1)
    if (load.startRatePerSec !== undefined) checkNumber(problems, 'load.startRatePerSec', load.startRatePerSec, 0)
  }
  return problems
}

function userTypeProblems(userTypes: UserType[] | undefined): string[] {
  if (!Array.isArray(userTypes) || userTypes.length === 0) return ['userTypes must list at least one user type']
  const problems: string[] = []
  for (const [i, type] of userTypes.entries()) {
    const label = `userTypes[${i}] (${type.name ?? 'unnamed'})`
    if (!type.name) problems.push(`userTypes[${i}].name is required`)
    if (type.weight !== undefined) checkNumber(problems, `${label}.weight`, type.weight, 0.000_001)
    if (!Array.isArray(type.tasks) || type.tasks.length === 0) problems.push(`${label}.tasks must list at least one task`)
    for (const [j, task] of (type.tasks ?? []).entries()) {
      if (typeof task.run !== 'function') problems.push(`${label}.tasks[${j}].run must be a function`)
      if (task.weight !== undefined) checkNumber(problems, `${label}.tasks[${j}].weight`, task.weight, 0.000_001)
    }
  }
  return problems
}

function baseUrlProblems(baseUrl: string | undefined): string[] {
  try {
    const url = new URL(baseUrl ?? '')
    return url.protocol === 'http:' || url.protocol === 'https:' ? [] : [`baseUrl must be http(s) (got ${baseUrl})`]
  } catch {
    return [`baseUrl must be an absolute URL (got ${String(baseUrl)})`]
  }
}

/** Throws InvalidLoadOptionsError naming every problem, or returns quietly. */
export function validateLoadOptions(options: LoadOptions): void {
  const problems = [
    ...(options.name ? [] : ['name is required']),
    ...baseUrlProblems(options.baseUrl),
    ...loadProblems(options.load),
    ...userTypeProblems(options.userTypes),
  ]
  if (options.requestTimeoutMs !== undefined) checkNumber(problems, 'requestTimeoutMs', options.requestTimeoutMs, 1)
  if (options.httpClient !== undefined && !HTTP_CLIENTS.includes(options.httpClient)) problems.push(`httpClient must be 'own' or 'undici' (got ${String(options.httpClient)})`)
  const fromEnv = process.env.LOAD_HTTP_CLIENT
  if (options.httpClient === undefined && fromEnv && !HTTP_CLIENTS.includes(fromEnv)) problems.push(`LOAD_HTTP_CLIENT must be 'own' or 'undici' (got ${fromEnv})`)
  if (problems.length > 0) throw new InvalidLoadOptionsError(problems)
}

/** The client a run uses: its option, else LOAD_HTTP_CLIENT, else the engine's own (validated by validateLoadOptions). */
export function httpClientOf(options: LoadOptions): HttpClientKind {
  return options.httpClient ?? ((process.env.LOAD_HTTP_CLIENT || 'own') as HttpClientKind)
}

export function totalDurationMs(load: LoadShape): number {
  return load.stages.reduce((sum, stage) => sum + stage.durationMs, 0)
}

/** A load shape whose stages, in proportion, last `durationMs` in all (each at least a second). */
export function scaleLoad(load: LoadShape, durationMs: number): LoadShape {
  const scale = durationMs / totalDurationMs(load)
  const stages = load.stages.map((s) => ({ ...s, durationMs: Math.max(1000, Math.round(s.durationMs * scale)) }))
  return { ...load, stages } as LoadShape
}
