/**
 * Generates a category's load: in this process alone, or with `--workers N`
 * in N generator processes of this machine, this one the first. Each worker
 * takes its share (shard.ts), they start together on a whole second once all
 * are ready, and their results are merged exactly into one (merge-workers.ts)
 * that the test judges once. Beside the load, `during` (faults, measurements)
 * and the progress line run in the first worker only: a fault is injected once.
 */
import type { LoadOptions, LoadShape } from '../engine/options.ts'
import { mergeWorkerResults } from '../engine/stats/merge-workers.ts'
import type { RunResult } from '../engine/result.ts'
import { runLoad } from '../engine/run-load.ts'
import { isIdleShare, type Shard, shareOfLoad, workerShard } from '../engine/models/shard.ts'
import { type ForkOptions, forkGeneratorWorkers } from './generator-workers.ts'
import type { WorkersConfig } from './workers-config.ts'

/** From the announcement to the start: long enough for every worker to read it (they look every 20 ms). */
const START_MARGIN_MS = 300

export interface GenerationPlan {
  /** This machine's shard of a sharded run. */
  shard?: Shard
  /** When a sharded run starts (LOAD_START_AT). */
  startAtMs?: number
  /** Null or a count of 1: this process alone. */
  workers: WorkersConfig | null
  fork: Omit<ForkOptions, 'config' | 'shardOf'>
}

/** A share of `load`; one left without users says so rather than look broken. */
export function shareFor(name: string, load: LoadShape, shard: Shard | undefined, who: string): LoadShape {
  if (!shard) return load
  const share = shareOfLoad(load, shard)
  if (isIdleShare(share)) console.log(`loadgate: ${name}: ${who} has no user in any stage (fewer users than shares); it runs and measures nothing`)
  return share
}

export async function generateLoad(options: LoadOptions, plan: GenerationPlan): Promise<RunResult> {
  const config = plan.workers
  if (!config || config.count === 1) {
    const who = plan.shard ? `shard ${plan.shard.index}/${plan.shard.count}` : 'this run'
    return runLoad({ ...options, load: shareFor(options.name, options.load, plan.shard, who), shard: plan.shard, startAtMs: plan.startAtMs })
  }
  const shardOf = (worker: number): Shard => workerShard({ index: worker, count: config.count }, plan.shard)
  // Before any fork, so a load that cannot be shared (too small an in-flight pool) costs no process.
  const load = shareFor(options.name, options.load, shardOf(1), `generator worker 1 of ${config.count}`)
  const workers = forkGeneratorWorkers({ ...plan.fork, config, shardOf })
  const signal = options.signal ?? new AbortController().signal
  const stopEarly = (): void => workers.stopEarly()
  signal.addEventListener('abort', stopEarly, { once: true })
  try {
    await workers.ready(signal)
    const startAtMs = Math.ceil((Math.max(Date.now() + START_MARGIN_MS, plan.startAtMs ?? 0)) / 1000) * 1000
    workers.start(startAtMs)
    const mine = await runLoad({ ...options, load, shard: shardOf(1), startAtMs })
    return mergeWorkerResults([mine, ...(await workers.shares())])
  } finally {
    signal.removeEventListener('abort', stopEarly)
    workers.stop()
  }
}
