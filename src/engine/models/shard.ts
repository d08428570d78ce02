/**
 * Shards: one share of the load on each of N machines (`--shard i/N`, 1-based
 * as Vitest's and Playwright's). Counts (users, maxInFlight) are split as
 * integers with the remainder to the lowest shards, so the shares sum exactly
 * to the whole; rates are divided evenly, as Locust divides its spawn rate
 * among workers. Pure, so the split is tested without a machine.
 */
import type { LoadShape } from '../options.ts'

export interface Shard {
  /** 1 to count. */
  index: number
  count: number
}

/** `count` split into `shards` integers, the remainder to the lowest indices. */
export function shareOfCount(count: number, shard: Shard): number {
  const base = Math.floor(count / shard.count)
  return base + (shard.index <= count % shard.count ? 1 : 0)
}

/** This shard's part of `load`; throws when the open model's in-flight pool is too small to give each shard one. */
export function shareOfLoad(load: LoadShape, shard: Shard): LoadShape {
  if (load.model === 'closed') {
    const stages = load.stages.map((s) => ({ ...s, users: shareOfCount(s.users, shard), spawnRatePerSec: s.spawnRatePerSec / shard.count }))
    return { ...load, stages }
  }
  if (load.maxInFlight < shard.count) {
    throw new RangeError(`maxInFlight ${load.maxInFlight} cannot be shared by ${shard.count} shards (each needs at least 1)`)
  }
  return {
    ...load,
    stages: load.stages.map((s) => ({ ...s, ratePerSec: s.ratePerSec / shard.count })),
    ...(load.startRatePerSec === undefined ? {} : { startRatePerSec: load.startRatePerSec / shard.count }),
    maxInFlight: shareOfCount(load.maxInFlight, shard),
  }
}

/**
 * Generator `worker` of a machine's workers, within `shard` (or the whole
 * run): one of shard.count x worker.count shards, a shard's workers side by
 * side, so shares sum exactly and user ids stay apart across machines and
 * workers alike.
 */
export function workerShard(worker: Shard, shard: Shard | undefined): Shard {
  const outer = shard ?? { index: 1, count: 1 }
  return { index: (outer.index - 1) * worker.count + worker.index, count: outer.count * worker.count }
}

/** True when the share has no user in any stage: the shard runs, measures nothing, and says so. */
export function isIdleShare(load: LoadShape): boolean {
  return load.model === 'closed' && load.stages.every((s) => s.users === 0)
}

/**
 * The id of a shard's n-th user (n from 1): ids interleave across shards
 * (shard 1 of 3 has 1, 4, 7...), so they never collide and one shard alone
 * numbers its users 1, 2, 3 as an unsharded run does.
 */
export function userIdOf(n: number, shard: Shard | undefined): number {
  return shard ? (n - 1) * shard.count + shard.index : n
}

/** Parses `i/N`, or names the problem. */
export function parseShard(text: string): Shard | string {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count) return `"${text}" is not a shard i/N with 1 <= i <= N (example: 2/3)`
  return { index, count }
}

/**
 * The shard from the environment: LOAD_SHARD=i/N, or on a Kubernetes Indexed
 * Job its JOB_COMPLETION_INDEX (0-based) with LOAD_SHARDS=N. Undefined when
 * unsharded; a string naming the problem when the variables are wrong.
 */
export function shardFromEnv(env: NodeJS.ProcessEnv): Shard | string | undefined {
  if (env.LOAD_SHARD) return parseShard(env.LOAD_SHARD)
  if (env.LOAD_SHARDS === undefined) return undefined
  if (env.JOB_COMPLETION_INDEX === undefined) return `LOAD_SHARDS=${env.LOAD_SHARDS} needs JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job) or LOAD_SHARD=i/N`
  const index = Number(env.JOB_COMPLETION_INDEX)
  return parseShard(`${Number.isInteger(index) ? index + 1 : env.JOB_COMPLETION_INDEX}/${env.LOAD_SHARDS}`)
}

export function shardLabel(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}`
}
