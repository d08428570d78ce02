/**
 * A sharded run on one machine, for tests: N shard processes (shard-main.ts)
 * started together through LOAD_START_AT, the merge (`npm run merge`) as its
 * own process, and s3rver in-process as the shared S3 store.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import S3rver from 's3rver'
import { s3rverCredentials } from '../../src/env/local/s3.ts'
import { type NodeRun, runNode } from './run-node.ts'
import type { ShardSamples } from './shard-load.ts'

export type Exited = NodeRun

const run = (args: string[], env: NodeJS.ProcessEnv): Promise<Exited> => runNode(args, { ...process.env, ...env })

const START_LEAD_MS = 8000

/** A sharded run's shards, all exited: when they were told to start, how each ended, and what each recorded (when all succeeded). */
export interface ShardRun {
  startAtMs: number
  exits: Exited[]
  samples: ShardSamples[]
}

/** LOAD_START_AT for shards starting together: the first whole second at least `leadMs` from now. */
export function startTimeAhead(leadMs: number): number {
  return Math.ceil((Date.now() + leadMs) / 1000) * 1000
}

/**
 * Starts `count` shards that begin together on a whole second, far enough
 * ahead for three processes to start on a busy machine; resolves when all have exited.
 */
export async function runShards(baseUrl: string, count: number, workDir: string, env: NodeJS.ProcessEnv): Promise<ShardRun> {
  const startAtMs = startTimeAhead(START_LEAD_MS)
  const files = Array.from({ length: count }, (_, i) => join(workDir, `samples-${i + 1}.json`))
  const exits = await Promise.all(
    files.map((file, i) => run(['tests/support/shard-main.ts', baseUrl, file], { ...env, LOAD_SHARD: `${i + 1}/${count}`, LOAD_START_AT: new Date(startAtMs).toISOString() })),
  )
  const samples = exits.every((e) => e.code === 0) ? files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as ShardSamples) : []
  return { startAtMs, exits, samples }
}

/** `npm run merge -- <location> ...args` as its own process. */
export function runMerge(location: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Exited> {
  return run(['scripts/merge.ts', location, ...args], env)
}

export interface StartedS3rver {
  /** The AWS variables a shard or the merge needs to reach it. */
  env: NodeJS.ProcessEnv
  close(): Promise<void>
}

export async function startS3rver(directory: string, bucket: string): Promise<StartedS3rver> {
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] })
  const { port } = await server.run()
  return {
    env: {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
    },
    close: () => server.close(),
  }
}
