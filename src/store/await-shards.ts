/**
 * Waits until every shard has finished and delivered every category, or
 * fails naming what is missing: at the timeout, or at once when every shard
 * has finished and a category is still short (it will never come).
 */
import { sleep } from '../engine/models/sleep.ts'
import type { ResultStore } from './result-store.ts'
import { type ShardProgress, shardProgress } from './shard-files.ts'

export interface AwaitShardsOptions {
  /** Expected shard count; read from the names when omitted. */
  shards?: number
  timeoutMs: number
  pollMs?: number
  signal?: AbortSignal
}

export class MissingShardsError extends Error {
  readonly code = 'LOADGATE_MISSING_SHARDS'
  constructor(store: string, reason: string, missing: string[]) {
    super(`${store}: ${reason}; missing:\n  - ${missing.join('\n  - ')}`)
    this.name = 'MissingShardsError'
  }
}

export async function awaitShards(store: ResultStore, options: AwaitShardsOptions): Promise<ShardProgress> {
  const deadline = Date.now() + options.timeoutMs
  const signal = options.signal ?? new AbortController().signal
  for (;;) {
    const progress = shardProgress(await store.list(), options.shards)
    if (typeof progress === 'string') throw new RangeError(`${store.location}: ${progress}`)
    if (progress.missing.length === 0) return progress
    if (progress.finished) throw new MissingShardsError(store.location, 'every shard has finished, but not every category arrived', progress.missing)
    if (Date.now() >= deadline || signal.aborted) {
      throw new MissingShardsError(store.location, `still incomplete after ${Math.round(options.timeoutMs / 1000)} s`, progress.missing)
    }
    await sleep(Math.min(options.pollMs ?? 2000, deadline - Date.now()), signal)
  }
}
