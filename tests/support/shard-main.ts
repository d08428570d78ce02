/**
 * One shard of a simulated sharded run, in its own process or container as on
 * its own machine: `node shard-main.ts <baseUrl> <samplesFile>` with LOAD_SHARD,
 * LOAD_START_AT and LOAD_RESULTS_URL (plus SAMPLE_MAX_MS). It takes its share
 * of a fixed load and publishes its result as the load-test fixture does; the
 * raw samples it recorded and its users' ids go to `samplesFile` (`-`: stdout),
 * the ground truth the merge is held to (tests/api/shards*.test.ts).
 */
import type { ClosedLoad } from '../../src/engine/options.ts'
import { runLoad } from '../../src/engine/run-load.ts'
import { shareOfLoad } from '../../src/engine/models/shard.ts'
import { shardConfigFromEnv } from '../../src/vitest/shard-config.ts'
import { publishShardDone, publishShardResult } from '../../src/vitest/shard-publish.ts'
import { latencyMixUserType, writeShardSamples } from './shard-load.ts'

const [baseUrl, samplesFile] = process.argv.slice(2) as [string, string]
const config = shardConfigFromEnv(process.env)
if (!config.shard) throw new Error('shard-main.ts needs LOAD_SHARD')
const whole: ClosedLoad = { model: 'closed', stages: [{ users: 7, spawnRatePerSec: 50, durationMs: 3000 }] }
const maxMs = Number(process.env.SAMPLE_MAX_MS ?? 300)
const samples: number[] = []
const userIds = new Set<number>()

const result = await runLoad({
  name: 'sharded',
  profile: 'smoke',
  baseUrl,
  load: shareOfLoad(whole, config.shard),
  shard: config.shard,
  startAtMs: config.startAtMs ?? undefined,
  userTypes: [
    latencyMixUserType(maxMs, (ms, vu) => {
      samples.push(ms)
      userIds.add(vu.id)
    }),
  ],
})
writeShardSamples(samplesFile, { samples, userIds: [...userIds] })
await publishShardResult(config, result)
await publishShardDone(config)
