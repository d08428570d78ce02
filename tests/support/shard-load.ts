/**
 * What the simulated shards (shard-main.ts) and generator workers
 * (workers/workers.load.test.ts) run against and hand back: the target's known
 * latency mix, the user type that drives it, and the raw samples they recorded
 * with their users' ids, the ground truth the merge is held to. A shard on this machine
 * leaves its samples in a file; a shard in a container, whose filesystem the
 * test does not share, prints them as one marked line of its output.
 */
import { writeFileSync } from 'node:fs'
import { constant } from '../../src/engine/models/wait-time.ts'
import type { VirtualUser } from '../../src/engine/models/virtual-user.ts'
import type { UserType } from '../../src/engine/options.ts'
import type { Behaviour } from './fake-server.ts'

/** Most requests fast, a quarter slow. */
export function shardLatencyMix(_index: number, path: string): Behaviour {
  return { delayMs: path === '/health/slow' ? 20 : path === '/health/fast' ? 2 : 0 }
}

/**
 * Fast and slow requests 3:1, and a long tail of known values up to `maxMs`
 * recorded as `GET /health/recorded`: the exact percentiles a merge must
 * reproduce. `keep` gets each value before it is recorded.
 */
export function latencyMixUserType(maxMs: number, keep: (ms: number, vu: VirtualUser) => void): Omit<UserType, 'onStart'> {
  return {
    name: 'browser',
    wait: constant(0.02),
    tasks: [
      { weight: 3, run: (vu) => vu.get('/health/fast') },
      { weight: 1, run: (vu) => vu.get('/health/slow') },
      {
        run: (vu) => {
          const ms = Math.max(0.05, maxMs * Math.random() ** 4)
          keep(ms, vu)
          vu.record('GET /health/recorded', ms)
        },
      },
    ],
  }
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
