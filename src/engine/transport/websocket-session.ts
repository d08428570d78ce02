/**
 * A WebSocket session of a virtual user, over `ws`. Connect time and message
 * round trips are recorded as endpoints of their own.
 */
import WebSocket from 'ws'
import { failureReasonOf } from './failure-reason.ts'
import type { Recorder } from '../stats/recorder.ts'

type Message = Record<string, unknown>

interface Waiter {
  matches: (message: Message) => boolean
  resolve: (message: Message | undefined) => void
  timer: NodeJS.Timeout
}

export class WebSocketSession {
  private readonly socket: WebSocket
  private readonly recorder: Recorder
  private readonly waiters = new Set<Waiter>()
  private readonly listeners = new Set<(message: Message) => void>()
  /** Resolves when the connection closes, for whatever reason. */
  readonly closed: Promise<void>

  constructor(socket: WebSocket, recorder: Recorder) {
    this.socket = socket
    this.recorder = recorder
    socket.on('message', (data) => this.dispatch(data))
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()))
    void this.closed.then(() => {
      for (const waiter of this.waiters) this.settle(waiter, undefined)
    })
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  send(message: unknown): void {
    if (this.isOpen) this.socket.send(JSON.stringify(message))
  }

  /** Calls `listener` for every message that arrives from now on. */
  onMessage(listener: (message: Message) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The next message matching `matches`, or undefined after `timeoutMs` or on close. */
  waitFor(matches: (message: Message) => boolean, timeoutMs: number): Promise<Message | undefined> {
    if (!this.isOpen) return Promise.resolve(undefined)
    return new Promise((resolve) => {
      const waiter: Waiter = { matches, resolve, timer: setTimeout(() => this.settle(waiter, undefined), timeoutMs) }
      this.waiters.add(waiter)
    })
  }

  /** Sends `message` and records the time until a reply matching `isReply` arrives. */
  async roundTrip(name: string, message: unknown, isReply: (m: Message) => boolean, timeoutMs = 10_000): Promise<Message | undefined> {
    const began = performance.now()
    const reply = this.waitFor(isReply, timeoutMs)
    this.send(message)
    const answer = await reply
    this.recorder.record(name, performance.now() - began, 0, answer ? undefined : this.isOpen ? 'timeout' : 'closed')
    return answer
  }

  close(): void {
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) {
      this.socket.terminate()
    }
  }

  private dispatch(data: WebSocket.RawData): void {
    let message: Message
    try {
      message = JSON.parse(data.toString()) as Message
    } catch {
      return
    }
    for (const listener of this.listeners) listener(message)
    for (const waiter of this.waiters) if (waiter.matches(message)) this.settle(waiter, message)
  }

  private settle(waiter: Waiter, message: Message | undefined): void {
    if (!this.waiters.delete(waiter)) return
    clearTimeout(waiter.timer)
    waiter.resolve(message)
  }
}

/** Connects and records `name` with the connect time; undefined when it failed. */
export function connectWebSocket(
  url: string,
  name: string,
  headers: Record<string, string>,
  recorder: Recorder,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<WebSocketSession | undefined> {
  const began = performance.now()
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers, handshakeTimeout: timeoutMs })
    const onAbort = (): void => socket.terminate()
    signal.addEventListener('abort', onAbort, { once: true })
    socket.once('open', () => {
      recorder.record(name, performance.now() - began, 0)
      resolve(new WebSocketSession(socket, recorder))
    })
    socket.once('unexpected-response', (_request, response) => {
      recorder.record(name, performance.now() - began, 0, `HTTP ${response.statusCode}`)
      socket.terminate()
      resolve(undefined)
    })
    socket.once('error', (error) => {
      if (!signal.aborted) recorder.record(name, performance.now() - began, 0, failureReasonOf(error))
      resolve(undefined)
    })
    socket.once('close', () => {
      signal.removeEventListener('abort', onAbort)
      resolve(undefined)
    })
  })
}
