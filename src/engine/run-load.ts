/**
 * Runs one load scenario and returns its result: validates the options,
 * checks the target answers, drives the closed or open model through its
 * stages, and stops everything on time or on abort, returning what it measured.
 */
import { createAgent, type HttpContext } from './transport/send-request.ts'
import { Http1Client } from './transport/http1-client.ts'
import { driveClosedModel } from './models/closed-model.ts'
import { UnreachableTargetError } from './errors.ts'
import { startGeneratorMonitor } from './stats/generator-monitor.ts'
import { driveOpenModel } from './models/open-model.ts'
import { httpClientOf, type LoadOptions, totalDurationMs, validateLoadOptions } from './options.ts'
import { type RunState, takeSnapshot } from './stats/progress-snapshot.ts'
import { probeTarget } from './probe-target.ts'
import { Recorder } from './stats/recorder.ts'
import type { EndpointResult, GeneratorHealth, RunResult } from './result.ts'
import { settleWithin, sleep } from './models/sleep.ts'
import { userIdOf } from './models/shard.ts'
import { aggregateSeries, type SeriesTotals, summarizeEndpoint } from './stats/summarize.ts'
import { startDuring } from './models/during.ts'
import { createUnreachableCircuit } from './unreachable-circuit.ts'
import { VirtualUser } from './models/virtual-user.ts'

/** In-flight work gets this long to finish once the stages are over, then is cut. */
const END_GRACE_MS = 1000
const DEFAULT_TIMEOUT_MS = 30_000

interface Outcome {
  scheduled: number
  dropped: number
  pending: Promise<unknown>
  users: VirtualUser[]
}

function summarizeAll(series: Map<string, SeriesTotals>, durationMs: number): EndpointResult[] {
  return [...series.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, totals]) => summarizeEndpoint(name, totals, durationMs))
}

function buildResult(options: LoadOptions, recorder: Recorder, startedAt: number, durationMs: number, aborted: boolean, outcome: Outcome, generator: GeneratorHealth): RunResult {
  const endpoints = [...recorder.endpoints.entries()].sort(([a], [b]) => a.localeCompare(b))
  const total = aggregateSeries(recorder.endpoints.values())
  return {
    formatVersion: 1,
    name: options.name,
    profile: options.profile ?? 'custom',
    model: options.load.model,
    baseUrl: options.baseUrl,
    httpClient: httpClientOf(options),
    startedAt: new Date(startedAt).toISOString(),
    durationMs,
    aborted,
    droppedArrivals: outcome.dropped,
    scheduledArrivals: outcome.scheduled,
    endpoints: endpoints.map(([name, series]) => summarizeEndpoint(name, series, durationMs)),
    ...(recorder.steady ? { steady: summarizeAll(recorder.steady, durationMs) } : {}),
    total: summarizeEndpoint('Aggregated', total, durationMs),
    failures: [...recorder.failures.values()].sort((a, b) => b.occurrences - a.occurrences),
    intervals: recorder.intervals,
    generator,
  }
}

/** The 1 s ticker: closes each second's interval, then hands a live snapshot to `onProgress` if there is one. */
function startTicker(recorder: Recorder, onProgress: LoadOptions['onProgress'], state: () => RunState): () => void {
  const timer = setInterval(() => {
    recorder.tick()
    onProgress?.(takeSnapshot(recorder, state()))
  }, 1000)
  return () => clearInterval(timer)
}

export async function runLoad(options: LoadOptions): Promise<RunResult> {
  validateLoadOptions(options)
  await probeTarget(options.baseUrl)
  // After the probe, so the wait absorbs this machine's set-up and not the first arrivals.
  if (options.startAtMs !== undefined) await sleep(options.startAtMs - Date.now(), options.signal ?? new AbortController().signal)
  const stop = new AbortController()
  const onAbort = (): void => stop.abort()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  let activeUsers = 0
  const recorder = new Recorder(() => activeUsers, options.onInterval)
  const circuit = createUnreachableCircuit(() => stop.abort())
  const url = new URL(options.baseUrl)
  const http: HttpContext = {
    client: new Http1Client(url.origin),
    agent: createAgent(Number.MAX_SAFE_INTEGER),
    httpClient: httpClientOf(options),
    origin: url.origin,
    basePath: url.pathname.replace(/\/$/, ''),
    recorder,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: stop.signal,
    onOutcome: (reachable, reason) => circuit.observe(reachable, reason),
  }
  let nextId = 0
  const newUser = (): VirtualUser => new VirtualUser(userIdOf(++nextId, options.shard), http)
  const setActive = (count: number): void => {
    activeUsers = count
  }
  const arrivals = { scheduled: 0, dropped: 0 }
  const setArrivals = (scheduled: number, dropped: number): void => {
    arrivals.scheduled = scheduled
    arrivals.dropped = dropped
  }
  const monitor = startGeneratorMonitor()
  const startedAt = Date.now()
  const t0 = performance.now()
  const plannedMs = totalDurationMs(options.load)
  const stopTicker = startTicker(recorder, options.onProgress, () => ({
    name: options.name,
    profile: options.profile ?? 'custom',
    model: options.load.model,
    httpClient: http.httpClient,
    startedAt: new Date(startedAt).toISOString(),
    elapsedMs: performance.now() - t0,
    plannedMs,
    users: activeUsers,
    droppedArrivals: arrivals.dropped,
    scheduledArrivals: arrivals.scheduled,
    generator: monitor.read(),
  }))
  const during = options.during ? startDuring(options.during, recorder, stop.signal) : undefined
  let outcome: Outcome
  try {
    if (options.load.model === 'closed') {
      const users = await driveClosedModel({ load: options.load, userTypes: options.userTypes, recorder, signal: stop.signal, newUser, setActiveUsers: setActive })
      outcome = { scheduled: 0, dropped: 0, pending: Promise.all(users.map((u) => u.done)), users: [] }
    } else {
      const open = await driveOpenModel({ load: options.load, userTypes: options.userTypes, recorder, signal: stop.signal, newUser, setInFlight: setActive, setArrivals })
      outcome = { scheduled: open.scheduled, dropped: open.dropped, pending: Promise.all(open.inFlight), users: open.users }
    }
    const durationMs = performance.now() - t0
    const aborted = stop.signal.aborted
    during?.stop()
    if (!aborted) await settleWithin(outcome.pending, END_GRACE_MS)
    stop.abort()
    // Requests carry no abort listener (it costs on every request): destroying
    // the client and the agent is what cuts the ones still in flight.
    http.client.destroy()
    const cut = http.agent.destroy()
    await settleWithin(outcome.pending, END_GRACE_MS)
    await cut
    for (const vu of outcome.users) vu.closeSockets()
    await during?.done
    recorder.finish()
    const result = buildResult(options, recorder, startedAt, durationMs, aborted, outcome, monitor.stop())
    if (during) result.windows = during.windows
    if (circuit.trippedReason) {
      const error = new UnreachableTargetError(options.baseUrl, circuit.trippedReason)
      error.result = result
      throw error
    }
    return result
  } finally {
    during?.stop()
    stopTicker()
    options.signal?.removeEventListener('abort', onAbort)
    stop.abort()
    monitor.stop()
    http.client.destroy()
    if (!http.agent.destroyed) await http.agent.destroy()
  }
}
