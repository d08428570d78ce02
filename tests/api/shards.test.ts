/**
 * Shards across machines, simulated: three shard processes share a load
 * against one fake server, start together through LOAD_START_AT and leave
 * their results in a directory or on S3 (s3rver); `npm run merge`, started
 * before them, waits for all three and yields exactly the summed counts,
 * percentiles equal to one histogram of every sample, per-second series
 * aligned by timestamp (tests/support/sharded-merge.ts), and one verdict
 * judged with the project's budgets.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'
import { shardLatencyMix } from '../support/shard-load.ts'
import { SHARDS, shardAndMerge } from '../support/sharded-merge.ts'
import { runShards, startS3rver } from '../support/sharded-run.ts'

const work = mkdtempSync(join(tmpdir(), 'loadgate-shards-'))
let server: FakeServer

beforeAll(async () => {
  server = await startFakeServer(shardLatencyMix)
})
afterAll(() => server?.close())

/** The three shards as processes on this machine, writing to `location`. */
const shardProcesses = (location: string, env: NodeJS.ProcessEnv) => () => runShards(server.url, SHARDS, work, { ...env, LOAD_RESULTS_URL: location })

describe('a sharded run and its merge', () => {
  it('through a directory: exact counts, one histogram, aligned seconds, and a passing verdict exits 0', async () => {
    const location = join(work, 'store')
    const env = { SAMPLE_MAX_MS: '300' }
    const { code, output, verdict } = await shardAndMerge({ location, env, outDir: join(work, 'merged-dir'), runShards: shardProcesses(location, env) })
    expect(code, output).toBe(0)
    expect(verdict).toMatchObject({ judged: true, pass: true })
    expect(output).toMatch(/PASS {2}sharded: \d+ requests/)
  })

  it('through S3 (s3rver): the same merge, and a budget the whole breaks fails it with a non-zero exit', async () => {
    const s3 = await startS3rver(join(work, 's3'), 'load-results')
    try {
      const location = 's3://load-results/run-1'
      const env = { ...s3.env, SAMPLE_MAX_MS: '3000' }
      const { code, output, verdict } = await shardAndMerge({ location, env, outDir: join(work, 'merged-s3'), runShards: shardProcesses(location, env) })
      expect(code, output).toBe(1)
      expect(verdict).toMatchObject({ judged: true, pass: false })
      expect(output).toMatch(/FAIL {2}sharded:[\s\S]*GET \/health\/recorded: p95 [\d.]+ (ms|s) > budget 500 ms/)
    } finally {
      await s3.close()
    }
  })
})
