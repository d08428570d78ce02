/**
 * The sharded simulation judged: the merge (`npm run merge`) is started first,
 * as a Kubernetes Job beside the shards would be, and waits for them; then its
 * result must have exactly the summed counts of the shards' results, the
 * percentiles of one histogram of every raw sample (within HDR precision of the
 * exact ones), and per-second series aligned by timestamp. The shards run
 * wherever `runShards` puts them (processes, containers); the test reads their
 * results from the same store the merge read.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { createHistogram, percentilesMs, recordMs } from '../../src/engine/stats/histogram.ts'
import type { EndpointResult, RunResult } from '../../src/engine/result.ts'
import type { StoredVerdict } from '../../src/report/artifacts.ts'
import { openResultStore } from '../../src/store/result-store.ts'
import type { ShardSamples } from './shard-load.ts'
import { type Exited, runMerge, type ShardRun } from './sharded-run.ts'

/** How many shards the simulation runs; shard-main.ts's 7 users split 3, 2, 2. */
export const SHARDS = 3

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

export interface Sharded {
  /** Where the shards put their results and the merge finds them (a directory, s3://bucket/prefix). */
  location: string
  /** What the merge and the test's own reads of `location` need (AWS variables). */
  env: NodeJS.ProcessEnv
  outDir: string
  /** Runs the SHARDS shards against the target; they put their results at `location`. */
  runShards: () => Promise<ShardRun>
}

export interface Merged extends Exited {
  merged: RunResult
  verdict: StoredVerdict
}

/** Runs the shards and the merge beside them, checks the merged result against the shards' and their samples, and returns the merge's outcome. */
export async function shardAndMerge({ location, env, outDir, runShards }: Sharded): Promise<Merged> {
  const merging = runMerge(location, ['--shards', String(SHARDS), '--timeout', '60s', '--out', outDir], env)
  const { startAtMs, exits, samples } = await runShards()
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
