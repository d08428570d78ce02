/**
 * When the engine's own client sends a request again: only when its
 * kept-alive connection closed before the server could have read it, and only
 * for a method that may be repeated. Every retry is counted (RawResponse
 * `retries`, or retriesOf() on a failure), so a server that keeps closing
 * connections under load is seen rather than hidden.
 */

/** A reused connection that the server closed while idle: the request never reached it, so it is sent again. */
export class StaleConnection extends Error {}

/**
 * A close seen this soon after the write, before any byte of a response, is
 * a server that had already closed the idle connection: its FIN or RST was on
 * the way before our request could arrive, so the server never read it and
 * sending it again is safe. A close later than this may come from a server
 * that read the request and acted on it, so it is a failure, not a retry (on
 * a link slower than this round trip, or an event loop lagging more than
 * this, a stale close is reported as a failure: a visible error rather than a
 * hidden second request).
 */
const STALE_CLOSE_WINDOW_MS = 50
/** The server might have acted on a POST or PATCH before closing: those are never sent twice. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])

/** Whether a connection failure is a stale keep-alive: reused, no response byte yet, and soon after the write. */
export function isStaleClose(reused: boolean, responseStarted: boolean, error: Error, sentAt: number): boolean {
  if (!reused || responseStarted || (error as { code?: string }).code === 'ETIMEDOUT') return false
  return performance.now() - sentAt <= STALE_CLOSE_WINDOW_MS
}

export function mayResend(method: string): boolean {
  return IDEMPOTENT.has(method)
}

/** Marks a failure that came after a retry, so the retry is counted too. */
export function failedAfterRetry(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? Object.assign(error, { retries: 1 }) : error
}

/** How many times a failed request had been sent again before it failed. */
export function retriesOf(error: unknown): number {
  const retries = (error as { retries?: unknown } | null)?.retries
  return typeof retries === 'number' ? retries : 0
}
