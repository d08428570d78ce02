/**
 * How long a load test's run may take: the length of the shape it actually
 * runs (the profile's, the command line's, or the scenario's own), plus a
 * grace for set-up and the end of in-flight work. Vitest's own test timeout
 * is fixed when the file is collected, before the scenario is known, so the
 * load project turns it off (see config.ts) and the fixture bounds each run
 * with this instead: a scenario longer than its profile is not cut off, and a
 * run that hangs still fails, by name.
 */
import { totalDurationMs } from '../engine/options.ts'
import type { LoadOptions } from '../engine/options.ts'
import { type Profile, totalProfileMs } from '../profiles/profiles.ts'

/** Beyond the load's own length: users' start and stop, the end of in-flight requests, a `during` routine's own checks. */
export const RUN_GRACE_MS = 120_000

export class RunDeadlineError extends Error {
  readonly code = 'ERR_LOAD_RUN_DEADLINE'
}

/** The longest `options` may run: its shape (a capacity search's bound), a shard's wait for its start time, and the grace. */
export function runDeadlineMs(options: Pick<LoadOptions, 'load' | 'startAtMs'>, profile: Profile, nowMs: number = Date.now()): number {
  const loadMs = profile.capacity ? totalProfileMs(profile) : totalDurationMs(options.load)
  const waitMs = options.startAtMs === undefined ? 0 : Math.max(0, options.startAtMs - nowMs)
  return loadMs + waitMs + RUN_GRACE_MS
}

/**
 * Runs `work` with a signal that aborts at the deadline. Past it the promise
 * rejects at once with a RunDeadlineError, whatever `work` is still doing: a
 * run that ignores its signal must not hold the test forever.
 */
export function withinDeadline<T>(deadlineMs: number, signal: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const deadline = new AbortController()
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      deadline.abort()
      reject(new RunDeadlineError(`the run took longer than its load shape plus ${RUN_GRACE_MS / 1000} s (${Math.round(deadlineMs / 1000)} s in all) and was stopped`))
    }, deadlineMs)
    work(AbortSignal.any([signal, deadline.signal])).then(resolve, reject).finally(() => clearTimeout(timer))
  })
}
