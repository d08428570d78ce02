/**
 * A test worker's side of the live channel (live-channel.ts): fire and
 * forget. A message is queued and the call returns; one request is in flight
 * at most; when the queue is full the oldest message goes (a newer snapshot
 * supersedes it); and a channel that is down or slow costs the run
 * nothing but the lost messages.
 */
import type { LiveEndpoint, LiveMessage } from './live-channel.ts'

export interface LivePoster {
  post(message: LiveMessage): void
  /** Waits until every queued message is sent (or given up on), `timeoutMs` at most. */
  flush(timeoutMs: number): Promise<void>
}

export interface LivePosterOptions {
  /** Messages waiting at most; default 8. */
  maxQueued?: number
  /** Per request; default 2 s. */
  requestTimeoutMs?: number
}

export function createLivePoster(endpoint: LiveEndpoint, options: LivePosterOptions = {}): LivePoster {
  const maxQueued = options.maxQueued ?? 8
  const requestTimeoutMs = options.requestTimeoutMs ?? 2000
  const queue: LiveMessage[] = []
  const idleWaiters: (() => void)[] = []
  let sending = false

  const send = async (message: LiveMessage, { url, token }: LiveEndpoint): Promise<void> => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const response = await fetch(`${url}/live`, { method: 'POST', headers, body: JSON.stringify(message), signal: AbortSignal.timeout(requestTimeoutMs) })
    await response.body?.cancel()
  }
  const pump = async (target: LiveEndpoint): Promise<void> => {
    sending = true
    for (let message = queue.shift(); message; message = queue.shift()) {
      // A lost message is the price of never slowing or failing the run.
      await send(message, target).catch(() => {})
    }
    sending = false
    for (const resolve of idleWaiters.splice(0)) resolve()
  }

  return {
    post: (message) => {
      queue.push(message)
      if (queue.length > maxQueued) queue.shift()
      if (!sending) void pump(endpoint)
    },
    flush: async (timeoutMs) => {
      if (!sending) return
      let timer: NodeJS.Timeout | undefined
      await Promise.race([new Promise<void>((resolve) => idleWaiters.push(resolve)), new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs) })])
      clearTimeout(timer)
    },
  }
}
