/**
 * A run's place in a sharded run, from the environment (`npm run load --
 * --shard i/N` sets LOAD_SHARD): which shard, when to start, and where to
 * leave the results for `npm run merge`. Read once by the global setup, which
 * refuses a wrong value before the environment starts, naming every problem.
 */
import { type Shard, shardFromEnv } from '../engine/models/shard.ts'
import { parseStartAt } from '../engine/models/start-at.ts'
import { parseResultLocation } from '../store/result-store.ts'

export interface ShardConfig {
  shard: Shard | null
  /** Epoch ms; null to start at once. */
  startAtMs: number | null
  /** s3://bucket/prefix or a directory; null to keep the results on this machine only. */
  resultsUrl: string | null
}

/** The variables read here, for the test that holds the deployment files to them. */
export const shardVariables = ['LOAD_SHARD', 'LOAD_SHARDS', 'JOB_COMPLETION_INDEX', 'LOAD_START_AT', 'LOAD_RESULTS_URL'] as const

export function shardConfigFromEnv(env: NodeJS.ProcessEnv, nowMs = Date.now()): ShardConfig {
  const problems: string[] = []
  const shard = shardFromEnv(env)
  if (typeof shard === 'string') problems.push(shard)
  const startAt = env.LOAD_START_AT ? parseStartAt(env.LOAD_START_AT, nowMs) : null
  if (typeof startAt === 'string') problems.push(startAt)
  const resultsUrl = env.LOAD_RESULTS_URL || null
  const location = resultsUrl ? parseResultLocation(resultsUrl) : null
  if (typeof location === 'string') problems.push(`LOAD_RESULTS_URL: ${location}`)
  if (problems.length > 0) throw new RangeError(`${problems.length} problem(s) with the shard settings: ${problems.join('; ')}`)
  // A run that publishes without a shard is the one shard of its run, so the merge reads it like any other.
  const resolved = (shard as Shard | undefined) ?? (resultsUrl ? { index: 1, count: 1 } : null)
  return { shard: resolved, startAtMs: startAt as number | null, resultsUrl }
}
