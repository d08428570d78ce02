/**
 * Shards across machines, simulated with containers: on a bridge network the
 * test creates, the target server (the same known latency mix as
 * shards.test.ts) and the S3 stand-in run as containers, and three shard
 * containers, started together through LOAD_START_AT, put their results into
 * the stand-in over that network. `npm run merge -- s3://…`, a separate process
 * on this machine, reaches the stand-in through a port published on 127.0.0.1
 * only: nothing passes through a shared directory (the repository is mounted
 * read-only, as code). The merge has exactly the summed counts, the
 * percentiles of one histogram of every sample and series aligned by
 * timestamp (tests/support/sharded-merge.ts), and afterwards no container or
 * network of the run is left.
 *
 * Needs a Docker engine and the images LOAD_NODE_IMAGE and LOAD_MINIO_IMAGE
 * name (.ci/run selects scripts/build-images.sh's). Without an engine it is
 * skipped, unless LOADGATE_REQUIRE_DOCKER=1, which makes that a failure.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeNeedingDocker } from '../support/docker-required.ts'
import { type ShardNetwork, startShardNetwork } from '../support/shard-containers.ts'
import { SHARDS, shardAndMerge } from '../support/sharded-merge.ts'

const describeWithDocker = await describeNeedingDocker('shards-containers')
const work = mkdtempSync(join(tmpdir(), 'loadgate-shards-containers-'))
const bucket = 'load-results'

describeWithDocker('a sharded run in containers, merged from the S3 stand-in (needs a Docker engine)', () => {
  let run: ShardNetwork | undefined

  beforeAll(async () => {
    run = await startShardNetwork(work, bucket)
  })
  // On a failure too; a crash of this process leaves it to the run's reaper.
  afterAll(() => run?.remove())

  it('three shard containers through the stand-in: exact counts, one histogram, aligned seconds, a passing verdict', async () => {
    const shardNetwork = run as ShardNetwork
    const location = `s3://${bucket}/run-1`
    const { code, output, verdict } = await shardAndMerge({
      location,
      env: shardNetwork.hostS3Env,
      outDir: join(work, 'merged'),
      runShards: () => shardNetwork.runShards(SHARDS, location, { SAMPLE_MAX_MS: '300' }),
    })
    expect(code, output).toBe(0)
    expect(verdict).toMatchObject({ judged: true, pass: true })
    expect(output).toMatch(/PASS {2}sharded: \d+ requests/)
  })

  it('removes every container and the network of the run', async () => {
    const shardNetwork = run as ShardNetwork
    // The target, the stand-in and the shards that ran (exited, not yet removed), on one network.
    const before = await shardNetwork.leftovers()
    expect(before.networks).toBe(1)
    expect(before.containers).toBeGreaterThanOrEqual(2)
    await shardNetwork.remove()
    expect(await shardNetwork.leftovers()).toEqual({ containers: 0, networks: 0 })
  })
})
