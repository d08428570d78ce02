/** Shards: the shares of a load sum exactly to the whole, ids never collide, and a bad shard or start time is refused. */
import { describe, expect, it } from 'vitest'
import type { ClosedLoad, LoadShape, OpenLoad, RateStage, UserStage } from '../../src/engine/options.ts'
import { profiles } from '../../src/profiles/profiles.ts'
import { isIdleShare, parseShard, type Shard, shardFromEnv, shareOfLoad, userIdOf } from '../../src/engine/models/shard.ts'
import { MAX_START_AHEAD_MS, parseStartAt } from '../../src/engine/models/start-at.ts'

const shardsOf = (count: number): Shard[] => Array.from({ length: count }, (_, i) => ({ index: i + 1, count }))
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0)

describe('shareOfLoad', () => {
  const cases = Object.values(profiles).flatMap((p) => [1, 2, 3, 7, 16].map((count) => [p.name, count, p.load] as [string, number, LoadShape]))

  it.each(cases)('%s over %i shards: the shares sum exactly to the whole', (_name, count, load) => {
    const shares = shardsOf(count).map((shard) => shareOfLoad(load, shard))
    for (const [i, stage] of load.stages.entries()) {
      if (load.model === 'closed') {
        const parts = shares.map((s) => (s as ClosedLoad).stages[i] as UserStage)
        expect(sum(parts.map((p) => p.users))).toBe((stage as UserStage).users)
        expect(sum(parts.map((p) => p.spawnRatePerSec))).toBeCloseTo((stage as UserStage).spawnRatePerSec, 9)
        expect(parts.every((p) => p.durationMs === stage.durationMs)).toBe(true)
      } else {
        const parts = shares.map((s) => (s as OpenLoad).stages[i] as RateStage)
        expect(sum(parts.map((p) => p.ratePerSec))).toBeCloseTo((stage as RateStage).ratePerSec, 9)
      }
    }
    if (load.model === 'open') expect(sum(shares.map((s) => (s as OpenLoad).maxInFlight))).toBe(load.maxInFlight)
  })

  it('gives the remainder to the lowest shards, and a shard may have no user at all', () => {
    const load: ClosedLoad = { model: 'closed', stages: [{ users: 2, spawnRatePerSec: 3, durationMs: 1000 }] }
    const shares = shardsOf(3).map((shard) => shareOfLoad(load, shard) as ClosedLoad)
    expect(shares.map((s) => s.stages[0]?.users)).toEqual([1, 1, 0])
    expect(shares.map(isIdleShare)).toEqual([false, false, true])
  })

  it('refuses an in-flight pool smaller than the shards', () => {
    const load: OpenLoad = { model: 'open', stages: [{ ratePerSec: 10, durationMs: 1000 }], maxInFlight: 2 }
    expect(() => shareOfLoad(load, { index: 1, count: 3 })).toThrow('maxInFlight 2 cannot be shared by 3 shards')
  })
})

describe('user ids across shards', () => {
  it('never collide, and one shard alone numbers its users as an unsharded run', () => {
    const ids = shardsOf(4).flatMap((shard) => Array.from({ length: 50 }, (_, n) => userIdOf(n + 1, shard)))
    expect(new Set(ids).size).toBe(200)
    expect([1, 2, 3].map((n) => userIdOf(n, { index: 1, count: 1 }))).toEqual([1, 2, 3])
    expect([1, 2, 3].map((n) => userIdOf(n, undefined))).toEqual([1, 2, 3])
  })
})

describe('the shard from the command line and the environment', () => {
  it.each([
    ['2/3', { index: 2, count: 3 }],
    ['1/1', { index: 1, count: 1 }],
  ])('reads %s', (text, shard) => expect(parseShard(text)).toEqual(shard))

  it.each(['0/3', '4/3', '1/0', '2', 'a/b', '-1/2'])('refuses %s', (text) => expect(parseShard(text)).toMatch(/is not a shard i\/N/))

  it('reads LOAD_SHARD, or a Kubernetes completion index (0-based) with LOAD_SHARDS', () => {
    expect(shardFromEnv({ LOAD_SHARD: '3/4' })).toEqual({ index: 3, count: 4 })
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0', LOAD_SHARDS: '4' })).toEqual({ index: 1, count: 4 })
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '4', LOAD_SHARDS: '4' })).toMatch(/"5\/4" is not a shard/)
    expect(shardFromEnv({ LOAD_SHARDS: '4' })).toMatch(/needs JOB_COMPLETION_INDEX/)
    expect(shardFromEnv({})).toBeUndefined()
  })
})

describe('LOAD_START_AT', () => {
  const now = Date.parse('2025-01-31T12:00:00Z')

  it('accepts a time ahead within the bound, and one just past (clocks differ a little)', () => {
    expect(parseStartAt('2025-01-31T12:02:00Z', now)).toBe(now + 120_000)
    expect(parseStartAt('2025-01-31T11:59:58Z', now)).toBe(now - 2000)
  })

  it.each([
    ['tomorrow', /is not an ISO time/],
    ['1738324800000', /is not an ISO time/],
    [new Date(now + MAX_START_AHEAD_MS + 1000).toISOString(), /601 s ahead; at most 10 min/],
    ['2025-01-31T11:59:00Z', /passed 60 s ago; this shard started too late/],
  ])('refuses %s', (text, message) => expect(parseStartAt(text, now)).toMatch(message))
})
