/**
 * The live channel: what the load tests measure while they run, carried from
 * the test workers to Vitest's main process, whose stdout is the terminal and
 * where a dashboard would live. Served on 127.0.0.1 as `POST /live` (one JSON
 * message per request) behind a per-run token, as the fault controls are
 * (fault-server.ts); each message goes to every subscriber in order.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BudgetVerdict } from '../engine/verdicts/budget.ts'
import type { ProgressSnapshot } from '../engine/stats/progress-snapshot.ts'
import type { StoredVerdict } from '../report/artifacts.ts'

/** Once a second while a category runs. */
export interface ProgressMessage {
  type: 'progress'
  category: string
  snapshot: ProgressSnapshot
  /** Every budget check of the figures so far, passed or not; null when the scenario declares no budgets. */
  budget: BudgetVerdict[] | null
}

/** When a category's test ends. */
export interface FinishedMessage {
  type: 'finished'
  category: string
  /** The verdict written beside its results; null when the run ended without a result. */
  verdict: Pick<StoredVerdict, 'judged' | 'pass' | 'trustworthy' | 'message'> | null
}

export type LiveMessage = ProgressMessage | FinishedMessage

export interface LiveEndpoint {
  url: string
  token: string
}

export interface LiveChannel extends LiveEndpoint {
  /** Hands every message from now on to `listener`; returns its unsubscribe. A throwing listener is reported and skipped. */
  subscribe(listener: (message: LiveMessage) => void): () => void
  close(): Promise<void>
}

/** A snapshot of 50 endpoints is about 16 kB; anything far larger is not ours. */
const MAX_BODY_BYTES = 1_000_000

function reply(res: ServerResponse, status: number, message?: string): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(message === undefined ? {} : { message }))
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  let body = ''
  for await (const chunk of req) {
    body += chunk
    if (body.length > MAX_BODY_BYTES) return undefined
  }
  return body
}

function parseMessage(body: string): LiveMessage | undefined {
  try {
    const message = JSON.parse(body) as Partial<LiveMessage> | null
    const known = message?.type === 'progress' || message?.type === 'finished'
    return known && typeof message.category === 'string' ? (message as LiveMessage) : undefined
  } catch {
    return undefined
  }
}

async function handle(token: string, deliver: (message: LiveMessage) => void, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.headers.authorization !== `Bearer ${token}`) return reply(res, 401, 'wrong or missing token')
  if (req.method !== 'POST' || req.url !== '/live') return reply(res, 404, 'POST /live')
  const body = await readBody(req)
  if (body === undefined) return reply(res, 413, `a message is at most ${MAX_BODY_BYTES} bytes`)
  const message = parseMessage(body)
  if (!message) return reply(res, 400, 'expected {"type":"progress"|"finished","category":string,...}')
  reply(res, 202)
  deliver(message)
}

export async function startLiveChannel(): Promise<LiveChannel> {
  const token = randomBytes(24).toString('hex')
  const listeners = new Set<(message: LiveMessage) => void>()
  const deliver = (message: LiveMessage): void => {
    for (const listener of listeners) {
      try {
        listener(message)
      } catch (error) {
        console.error(`loadgate: a live-channel subscriber failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }
  const server = createServer((req, res) => {
    handle(token, deliver, req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: () => {
      listeners.clear()
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
