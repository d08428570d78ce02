/**
 * LOAD_START_AT: a wall-clock time every shard waits for before its first
 * arrival, so machines started seconds apart by Kubernetes or a CI matrix
 * apply their shares together. Bounded both ways: a time far ahead is a typo
 * that would hold a machine idle, and one well past means this shard started
 * late and would run out of step with the others.
 */

/** How far ahead a start may be set. */
export const MAX_START_AHEAD_MS = 10 * 60_000
/** How late a shard may still join: the clocks of two machines differ by a little. */
export const MAX_START_LATE_MS = 5_000

/** The start time in epoch ms, or the problem named. */
export function parseStartAt(text: string, nowMs: number): number | string {
  const atMs = Date.parse(text)
  if (!/^\d{4}-\d\d-\d\dT/.test(text) || Number.isNaN(atMs)) return `LOAD_START_AT="${text}" is not an ISO time (example: 2025-01-31T12:00:00Z)`
  if (atMs - nowMs > MAX_START_AHEAD_MS) return `LOAD_START_AT=${text} is ${Math.round((atMs - nowMs) / 1000)} s ahead; at most ${MAX_START_AHEAD_MS / 60_000} min is allowed`
  if (nowMs - atMs > MAX_START_LATE_MS) return `LOAD_START_AT=${text} passed ${Math.round((nowMs - atMs) / 1000)} s ago; this shard started too late to run in step with the others`
  return atMs
}
