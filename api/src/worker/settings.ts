/**
 * The worker's recovery timings, read from the environment with their
 * defaults here, so a dead worker's job and a lost job are noticed within
 * seconds. Read apart from config.ts (which the API shares) on purpose: only
 * the worker uses them.
 */

export interface WorkerSettings {
  /**
   * WORKER_LOCK_MS (8 000): a job lock's life without renewal (renewed every half of it); a dead
   * worker's job is free after it. A takeover comes within the lock plus one stalled check of the
   * last renewal, so at most ~12 s after the kill with the defaults.
   */
  lockMs: number
  /** WORKER_STALLED_INTERVAL_MS (4 000): how often any worker looks for jobs whose lock expired. */
  stalledIntervalMs: number
  /** WORKER_RECONCILE_INTERVAL_MS (10 000): how often Postgres's open tasks are checked against the queue. */
  reconcileIntervalMs: number
  /** WORKER_RECONCILE_GRACE_MS (5 000): a queued task younger than this may not be enqueued yet by the API. */
  reconcileGraceMs: number
  /** WORKER_STATE_RETRY_MS (30 000): how long a task's state change is retried across a database outage. */
  stateRetryMs: number
  /** WORKER_METRICS_PORT (unset or 0: none): serves the worker's process metrics on `GET /metrics` at HOST:port. */
  metricsPort: number
}

export function loadWorkerSettings(env: Record<string, string | undefined> = process.env): WorkerSettings {
  const problems: string[] = []
  const int = (name: string, fallback: number, min: number, max = 3_600_000): number => {
    const value = env[name]
    if (value === undefined || value === '') return fallback
    const parsed = Number(value)
    if (Number.isInteger(parsed) && parsed >= min && parsed <= max) return parsed
    problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`)
    return fallback
  }
  const settings = {
    lockMs: int('WORKER_LOCK_MS', 8000, 1000),
    stalledIntervalMs: int('WORKER_STALLED_INTERVAL_MS', 4000, 500),
    reconcileIntervalMs: int('WORKER_RECONCILE_INTERVAL_MS', 10_000, 100),
    reconcileGraceMs: int('WORKER_RECONCILE_GRACE_MS', 5000, 0),
    stateRetryMs: int('WORKER_STATE_RETRY_MS', 30_000, 0),
    metricsPort: int('WORKER_METRICS_PORT', 0, 0, 65_535),
  }
  if (problems.length > 0) throw new Error(`invalid worker configuration:\n  ${problems.join('\n  ')}`)
  return settings
}
