/**
 * A shard's results, left in the result store for `npm run merge`: each
 * category's result as it ends, and a marker when the whole run ends, so the
 * merge knows this shard will send nothing more.
 */
import type { RunResult } from '../engine/result.ts'
import { openResultStore } from '../store/result-store.ts'
import { shardDoneName, shardResultName } from '../store/shard-files.ts'
import type { ShardConfig } from './shard-config.ts'

async function put(config: ShardConfig, name: string, body: string): Promise<void> {
  if (!config.resultsUrl || !config.shard) return
  const store = await openResultStore(config.resultsUrl)
  try {
    await store.write(name, body)
    console.log(`loadgate: ${name} written to ${config.resultsUrl}`)
  } finally {
    store.close()
  }
}

export function publishShardResult(config: ShardConfig, result: RunResult): Promise<void> {
  return config.shard ? put(config, shardResultName(result.name, config.shard), JSON.stringify(result)) : Promise.resolve()
}

export function publishShardDone(config: ShardConfig): Promise<void> {
  return config.shard ? put(config, shardDoneName(config.shard), JSON.stringify({ shard: config.shard, finishedAt: new Date().toISOString() })) : Promise.resolve()
}
