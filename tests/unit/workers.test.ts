/**
 * `--workers N`, the pure parts: the count read, every worker of every shard
 * given an exact share and ids of its own, and a saturated worker named in
 * the merged result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClosedLoad, UserStage } from '../../src/engine/options.ts'
import { mergeWorkerResults } from '../../src/engine/stats/merge-workers.ts'
import { profiles } from '../../src/profiles/profiles.ts'
import { formatSummaryTable } from '../../src/report/terminal-table.ts'
import { type Shard, shareOfLoad, userIdOf, workerShard } from '../../src/engine/models/shard.ts'
import { generatorRoleFromEnv, parseWorkers } from '../../src/vitest/workers-config.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'
import { recordedRun } from '../support/recorded-run.ts'

const range = (count: number): Shard[] => Array.from({ length: count }, (_, i) => ({ index: i + 1, count }))

describe('parseWorkers', () => {
  it('reads a whole number, auto as one per core, and 1 when unset', () => {
    expect(parseWorkers(undefined)).toBe(1)
    expect(parseWorkers('4')).toBe(4)
    expect(parseWorkers('auto', 6)).toBe(6)
    for (const bad of ['0', '-1', '1.5', 'two']) expect(parseWorkers(bad)).toMatch(/neither a whole number >= 1 nor auto/)
  })

  it('refuses a forked worker without its share or folder', () => {
    expect(generatorRoleFromEnv({})).toBeNull()
    const env = { LOAD_GENERATOR: '2/3', LOAD_GENERATOR_SHARD: '4/6', LOAD_GENERATOR_DIR: '/tmp/x', LOAD_GENERATOR_FIRST_PID: '42' }
    expect(generatorRoleFromEnv(env)).toEqual({ worker: { index: 2, count: 3 }, shard: { index: 4, count: 6 }, dir: '/tmp/x', firstPid: 42, controls: null })
    expect(() => generatorRoleFromEnv({ LOAD_GENERATOR: '2/3' })).toThrow(/LOAD_GENERATOR_SHARD/)
  })
})

describe('workerShard', () => {
  it('gives every worker of every shard an exact share of users and ids no other has', () => {
    const load = profiles.peak?.load as ClosedLoad
    for (const [shards, workers] of [[1, 2], [3, 2], [2, 4], [1, 16]] as const) {
      const all = range(shards).flatMap((shard) => range(workers).map((worker) => workerShard(worker, shards === 1 ? undefined : shard)))
      expect(new Set(all.map((s) => s.index)).size).toBe(shards * workers)
      for (const [i, stage] of load.stages.entries()) {
        const users = all.map((s) => ((shareOfLoad(load, s) as ClosedLoad).stages[i] as UserStage).users)
        expect(users.reduce((a, b) => a + b, 0)).toBe((stage as UserStage).users)
      }
      const ids = all.flatMap((s) => Array.from({ length: 50 }, (_, n) => userIdOf(n + 1, s)))
      expect(new Set(ids).size).toBe(ids.length)
    }
  })

  it('is the shard itself with one worker, and shard 2 of 3 with two workers holds shares 3 and 4 of 6', () => {
    expect(workerShard({ index: 1, count: 1 }, { index: 2, count: 3 })).toEqual({ index: 2, count: 3 })
    expect(range(2).map((w) => workerShard(w, { index: 2, count: 3 }))).toEqual([{ index: 3, count: 6 }, { index: 4, count: 6 }])
  })
})

describe('mergeWorkerResults', () => {
  let server: FakeServer
  beforeAll(async () => {
    server = await startFakeServer()
  })
  afterAll(() => server?.close())

  it('adds the workers exactly and names each saturated one in the warnings', async () => {
    const [a, b] = await Promise.all([recordedRun(server.url, { 'GET /a': [1, 2, 3] }), recordedRun(server.url, { 'GET /a': [4, 5] })])
    const saturated = { ...b, generator: { ...b.generator, saturated: true, warnings: ['generator CPU averaged 97% of a core (limit 90%)'] } }
    const merged = mergeWorkerResults([a, saturated])
    expect(merged.endpoints.find((e) => e.name === 'GET /a')?.requests).toBe(5)
    expect(merged.generator).toMatchObject({ workers: 2, saturated: true })
    expect(formatSummaryTable(merged).split('\n')[0]).toContain('2 generator processes')
    expect(merged.generator.warnings).toEqual(['worker 2 of 2: generator CPU averaged 97% of a core (limit 90%)'])
  })
})
