/**
 * The worker's heartbeat in Redis, written by every worker and read by the
 * API's health summary, so "tasks wait because no worker runs" shows up.
 *
 * The key is set with a fixed time to live, and its age is that TTL minus the
 * remaining one: both measured by Redis's clock, so clock skew between the
 * worker's and the API's hosts cannot make a live worker look dead.
 */
import type { Redis } from 'ioredis'

const keepMs = 86_400_000
/** WORKER_HEARTBEAT_MS (2 000): how often a worker writes its heartbeat. */
const heartbeatMs = readMs('WORKER_HEARTBEAT_MS', 2000)
/** A worker missing five beats is taken for dead: survives a slow beat, reports a dead worker within ~10 s. */
const staleMs = heartbeatMs * 5

export interface WorkerHeartbeat {
  ok: boolean
  /** Seconds since any worker's last beat; null when none beat within a day. */
  lastSeenSec: number | null
}

function readMs(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(value) || value < 100) throw new Error(`${name} must be an integer of at least 100, got ${process.env[name]}`)
  return value
}

const heartbeatKey = (queueName: string): string => `${queueName}:worker-heartbeat`

/** Beats now and every WORKER_HEARTBEAT_MS; returns the function that stops it. */
export function startHeartbeat(redis: Redis, queueName: string, workerName: string): () => void {
  const beat = () => {
    redis.set(heartbeatKey(queueName), workerName, 'PX', keepMs).catch((error: Error) => console.error(`heartbeat: ${error.message}`))
  }
  beat()
  const timer = setInterval(beat, heartbeatMs)
  return () => clearInterval(timer)
}

export async function readHeartbeat(redis: Redis, queueName: string): Promise<WorkerHeartbeat> {
  const remainingMs = await redis.pttl(heartbeatKey(queueName))
  if (remainingMs < 0) return { ok: false, lastSeenSec: null }
  const ageMs = keepMs - remainingMs
  return { ok: ageMs < staleMs, lastSeenSec: Math.round(ageMs / 1000) }
}
