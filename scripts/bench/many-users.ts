/**
 * The bench's many-users lines: N closed-model users with Locust's usual think
 * time, `between(1, 3)` (so about N/2 requests per second), held for a while
 * after they have all spawned. Each size runs in a fresh process, so one
 * size's heap does not carry into the next one's memory figure; what is
 * reported is the rate the users asked for against what they got, the
 * generator's own CPU and saturation verdict, and the resident memory the
 * users added (the peak while all were running, less the process before the
 * run), and the live heap they hold (after a full collection while all of
 * them run, less the heap before the run), both per user.
 */
import { fork } from 'node:child_process'
import { between, runLoad } from '../../src/engine/index.ts'
import type { IntervalPoint } from '../../src/engine/result.ts'

export interface ManyUsers {
  users: number
  /** What the think time implies: users / (mean think time + latency). */
  expectedRps: number
  /** Requests per second over the part of the run where every user was running. */
  rps: number
  cpuPercentMean: number
  saturated: boolean
  warnings: string[]
  rssAddedMb: number
  liveHeapAddedMb: number
}

const SPAWN_RATE_PER_SEC = 2000
/** Mean of between(1, 3), seconds. */
const MEAN_THINK_SEC = 2

interface Order {
  url: string
  users: number
  holdSeconds: number
}

/** Runs one size in a child process (this file, forked) and returns its figures. */
export function manyUsers(url: string, users: number, holdSeconds: number): Promise<ManyUsers> {
  const child = fork(new URL(import.meta.url), ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc'] })
  child.send({ url, users, holdSeconds } satisfies Order)
  return new Promise((resolve, reject) => {
    child.once('message', (figures) => resolve(figures as ManyUsers))
    child.once('exit', (code) => reject(new Error(`bench many-users child (${users} users) exited with ${code} before sending its figures`)))
  })
}

async function measure({ url, users, holdSeconds }: Order): Promise<ManyUsers> {
  globalThis.gc?.()
  const before = process.memoryUsage().rss
  const heapBefore = process.memoryUsage().heapUsed
  let liveHeap = heapBefore
  const rampMs = Math.ceil((users / SPAWN_RATE_PER_SEC) * 1000)
  const startedMs = Date.now()
  let peak = before
  const full: IntervalPoint[] = []
  const result = await runLoad({
    name: 'bench-many-users',
    baseUrl: url,
    load: { model: 'closed', stages: [{ users, spawnRatePerSec: SPAWN_RATE_PER_SEC, durationMs: rampMs + holdSeconds * 1000 }] },
    userTypes: [{ name: 'u', wait: between(1, 3), tasks: [{ run: (vu) => vu.get('/') }] }],
    onInterval: (point) => {
      peak = Math.max(peak, process.memoryUsage().rss)
      // Only seconds with every user running and past its first think time count towards the rate.
      if (point.users !== users || point.timestampSec * 1000 < startedMs + rampMs + 3000) return
      full.push(point)
      if (full.length === 2) {
        globalThis.gc?.()
        liveHeap = process.memoryUsage().heapUsed
      }
    },
  })
  // The last second is cut by the end of the run.
  const held = full.slice(0, -1)
  return {
    users,
    expectedRps: users / MEAN_THINK_SEC,
    rps: held.reduce((sum, point) => sum + point.requests, 0) / Math.max(1, held.length),
    cpuPercentMean: result.generator.cpuPercentMean,
    saturated: result.generator.saturated,
    warnings: result.generator.warnings,
    rssAddedMb: (peak - before) / 2 ** 20,
    liveHeapAddedMb: (liveHeap - heapBefore) / 2 ** 20,
  }
}

if (process.argv.includes('--child')) {
  process.once('message', async (order) => {
    process.send?.(await measure(order as Order))
    process.disconnect()
  })
}
