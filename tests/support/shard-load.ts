/**
 * What the simulated shards (shard-main.ts) run against and hand back: the
 * target's known latency mix, and the raw samples they recorded with their
 * users' ids, the ground truth the merge is held to. A shard on this machine
 * leaves its samples in a file; a shard in a container, whose filesystem the
 * test does not share, prints them as one marked line of its output.
 */
import { writeFileSync } from 'node:fs'
import type { Behaviour } from './fake-server.ts'

/** Most requests fast, a quarter slow. */
export function shardLatencyMix(_index: number, path: string): Behaviour {
  return { delayMs: path === '/health/slow' ? 20 : path === '/health/fast' ? 2 : 0 }
}

export interface ShardSamples {
  samples: number[]
  userIds: number[]
}

const samplesMarker = 'shard samples: '

/** To the file `target`, or to stdout when `target` is `-`. */
export function writeShardSamples(target: string, samples: ShardSamples): void {
  if (target === '-') console.log(`${samplesMarker}${JSON.stringify(samples)}`)
  else writeFileSync(target, JSON.stringify(samples))
}

/** The samples a shard printed among the rest of its output. */
export function shardSamplesFromOutput(stdout: string): ShardSamples {
  const line = stdout.split('\n').find((l) => l.startsWith(samplesMarker))
  if (line === undefined) throw new Error(`the shard printed no samples:\n${stdout}`)
  return JSON.parse(line.slice(samplesMarker.length)) as ShardSamples
}
