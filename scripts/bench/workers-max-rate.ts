/**
 * The bench's `--workers` line: the max-rate load run by `count` generator
 * processes (generator-worker.ts) that start together on a whole second and
 * are merged exactly, as `--workers N` merges them. One process is measured
 * the same way (forked, rate from the merged result), so the two compare
 * like for like; the Vitest start-up `--workers` adds comes before the start and is not measured.
 */
import { fork } from 'node:child_process'
import { mergeWorkerResults } from '../../src/engine/stats/merge-workers.ts'
import type { ClosedLoad } from '../../src/engine/options.ts'
import type { RunResult } from '../../src/engine/result.ts'
import type { WorkerOrder } from './generator-worker.ts'

/** Forked processes start in well under this on a busy machine. */
const START_LEAD_MS = 2000

function runWorker(order: WorkerOrder): Promise<RunResult> {
  const child = fork(new URL('./generator-worker.ts', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  child.send(order)
  return new Promise((resolve, reject) => {
    child.once('message', (result) => resolve(result as RunResult))
    child.once('exit', (code) => reject(new Error(`bench generator worker ${order.worker} exited with ${code} before sending its result`)))
  })
}

export interface WorkersRate {
  rps: number
  /** The named warnings of any saturated worker. */
  warnings: string[]
}

export async function workersMaxRate(url: string, count: number, users: number, seconds: number): Promise<WorkersRate> {
  const load: ClosedLoad = { model: 'closed', stages: [{ users, spawnRatePerSec: 10_000, durationMs: seconds * 1000 }] }
  const startAtMs = Math.ceil((Date.now() + START_LEAD_MS) / 1000) * 1000
  const results = await Promise.all(Array.from({ length: count }, (_, i) => runWorker({ url, worker: i + 1, count, startAtMs, load })))
  const merged = mergeWorkerResults(results)
  return { rps: merged.total.requests / (merged.durationMs / 1000), warnings: merged.generator.warnings }
}
