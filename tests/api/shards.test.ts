/**
 * Shards across machines, simulated: three shard processes share a load
 * against one fake server, start together through LOAD_START_AT and leave
 * their results in a directory or on S3 (s3rver); `npm run merge`, started
 * before them, waits for all three and yields exactly the summed counts,
 * percentiles equal to one histogram of every sample, per-second series
 * aligned by timestamp, and one verdict judged with the project's budgets.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHistogram, percentilesMs, recordMs } from '../../src/engine/histogram.ts'
import type { EndpointResult, RunResult } from '../../src/engine/result.ts'
import type { StoredVerdict } from '../../src/report/artifacts.ts'
import { openResultStore } from '../../src/store/result-store.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'
import { runMerge, runShards, type ShardSamples, startS3rver } from '../support/sharded-run.ts'

const SHARDS = 3
const work = mkdtempSync(join(tmpdir(), 'loadgate-shards-'))
let server: FakeServer

beforeAll(async () => {
  // A known latency mix: most requests fast, a quarter slow.
  server = await startFakeServer((_index, path) => ({ delayMs: path === '/health/slow' ? 20 : path === '/health/fast' ? 2 : 0 }))
})
afterAll(() => server?.close())

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0)
const endpoint = (result: RunResult, name: string): EndpointResult | undefined => result.endpoints.find((e) => e.name === name)

async function readShardResults(location: string, env: NodeJS.ProcessEnv): Promise<RunResult[]> {
  const store = await openResultStore(location, { ...process.env, ...env })
  try {
    return await Promise.all(Array.from({ length: SHARDS }, async (_, i) => JSON.parse(await store.read(`sharded.shard-${i + 1}-of-${SHARDS}.json`)) as RunResult))
  } finally {
    store.close()
  }
}

function expectSummedCounts(merged: RunResult, shards: RunResult[]): void {
  const names = new Set(shards.flatMap((s) => s.endpoints.map((e) => e.name)))
  expect(merged.endpoints.map((e) => e.name).sort()).toEqual([...names].sort())
  for (const name of names) {
    expect(endpoint(merged, name)?.requests, name).toBe(sum(shards.map((s) => endpoint(s, name)?.requests ?? 0)))
    expect(endpoint(merged, name)?.failures, name).toBe(sum(shards.map((s) => endpoint(s, name)?.failures ?? 0)))
  }
  expect(merged.total.requests).toBe(sum(shards.map((s) => s.total.requests)))
}

/** The merged percentiles are those of one histogram of every raw sample, and within HDR precision of the exact ones. */
function expectSamplePercentiles(merged: RunResult, samples: ShardSamples[]): void {
  const all = samples.flatMap((s) => s.samples)
  const recorded = endpoint(merged, 'GET /health/recorded')
  // Every shard measured plenty, so the percentiles below say something.
  for (const shard of samples) expect(shard.samples.length).toBeGreaterThan(30)
  expect(recorded?.requests).toBe(all.length)
  const single = createHistogram()
  for (const ms of all) recordMs(single, ms)
  expect(recorded?.percentilesMs).toEqual(percentilesMs(single))
  const sorted = [...all].sort((a, b) => a - b)
  for (const [p, key] of [[50, 'p50'], [95, 'p95'], [99, 'p99']] as const) {
    const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1] as number
    expect(Math.abs((recorded?.percentilesMs[key] ?? 0) - exact), key).toBeLessThanOrEqual(exact * 0.001 + 0.001)
  }
}

function expectAlignedSeries(merged: RunResult, shards: RunResult[], startAtMs: number): void {
  for (const shard of shards) {
    // Each began within its first second: the wait held the early ones back, none came late.
    expect(Date.parse(shard.startedAt) - startAtMs, shard.startedAt).toBeGreaterThanOrEqual(0)
    expect(Date.parse(shard.startedAt) - startAtMs, shard.startedAt).toBeLessThan(500)
    expect(shard.intervals[0]?.timestampSec).toBe(startAtMs / 1000)
  }
  const seconds = [...new Set(shards.flatMap((s) => s.intervals.map((i) => i.timestampSec)))].sort((a, b) => a - b)
  expect(merged.intervals.map((i) => i.timestampSec)).toEqual(seconds)
  for (const point of merged.intervals) {
    const same = shards.flatMap((s) => s.intervals.filter((i) => i.timestampSec === point.timestampSec))
    expect(point.requests).toBe(sum(same.map((i) => i.requests)))
    expect(point.users).toBe(sum(same.map((i) => i.users)))
  }
  // 7 users over 3 shards: 3, 2 and 2, and one set of ids among them.
  expect(shards.map((s) => Math.max(...s.intervals.map((i) => i.users)))).toEqual([3, 2, 2])
}

interface Sharded {
  location: string
  env: NodeJS.ProcessEnv
  outDir: string
}

async function shardAndMerge({ location, env, outDir }: Sharded): Promise<{ code: number | null; output: string; merged: RunResult; verdict: StoredVerdict }> {
  // The merge starts first, as a Kubernetes Job beside the shards would: it waits for them.
  const merging = runMerge(location, ['--shards', String(SHARDS), '--timeout', '60s', '--out', outDir], env)
  const { startAtMs, exits, samples } = await runShards(server.url, SHARDS, work, { ...env, LOAD_RESULTS_URL: location })
  for (const exit of exits) expect(exit.code, exit.output).toBe(0)
  const { code, output } = await merging
  const merged = JSON.parse(readFileSync(join(outDir, 'sharded.json'), 'utf8')) as RunResult
  const shards = await readShardResults(location, env)
  expectSummedCounts(merged, shards)
  expectSamplePercentiles(merged, samples)
  expectAlignedSeries(merged, shards, startAtMs)
  expect(new Set(samples.flatMap((s) => s.userIds)).size).toBe(sum(samples.map((s) => s.userIds.length)))
  for (const file of ['report.html', 'sharded_stats.csv', 'sharded_stats_history.csv', 'sharded_failures.csv']) expect(existsSync(join(outDir, file)), file).toBe(true)
  return { code, output, merged, verdict: JSON.parse(readFileSync(join(outDir, 'sharded.verdict.json'), 'utf8')) as StoredVerdict }
}

describe('a sharded run and its merge', () => {
  it('through a directory: exact counts, one histogram, aligned seconds, and a passing verdict exits 0', async () => {
    const { code, output, verdict } = await shardAndMerge({ location: join(work, 'store'), env: { SAMPLE_MAX_MS: '300' }, outDir: join(work, 'merged-dir') })
    expect(code, output).toBe(0)
    expect(verdict).toMatchObject({ judged: true, pass: true })
    expect(output).toMatch(/PASS {2}sharded: \d+ requests/)
  })

  it('through S3 (s3rver): the same merge, and a budget the whole breaks fails it with a non-zero exit', async () => {
    const s3 = await startS3rver(join(work, 's3'), 'load-results')
    try {
      const env = { ...s3.env, SAMPLE_MAX_MS: '3000' }
      const { code, output, verdict } = await shardAndMerge({ location: 's3://load-results/run-1', env, outDir: join(work, 'merged-s3') })
      expect(code, output).toBe(1)
      expect(verdict).toMatchObject({ judged: true, pass: false })
      expect(output).toMatch(/FAIL {2}sharded:[\s\S]*GET \/health\/recorded: p95 [\d.]+ (ms|s) > budget 500 ms/)
    } finally {
      await s3.close()
    }
  })
})
