/**
 * `npm run merge -- <location>`: waits for every shard of a sharded run,
 * merges each category exactly, judges it once with budgets.ts and writes the
 * reports a single run writes (JSON, Locust CSVs, verdicts, report.html, the
 * summary). Exits 1 when a verdict fails or a shard is missing, 2 on bad options.
 */
import { budgets } from '../budgets.ts'
import { mergeShards } from '../src/report/merge-shards.ts'
import { openResultStore } from '../src/store/result-store.ts'
import { type MergeCliOptions, mergeUsage, parseMergeOptions } from './merge-options.ts'

async function merge(options: MergeCliOptions): Promise<number> {
  const store = await openResultStore(options.location)
  try {
    console.log(`loadgate merge: waiting up to ${options.timeoutMs / 1000} s for ${options.shards === undefined ? 'every shard' : `${options.shards} shard(s)`} at ${options.location}`)
    const merged = await mergeShards(store, budgets, options.outDir, { shards: options.shards, timeoutMs: options.timeoutMs })
    if (merged.length === 0) {
      console.error('loadgate merge: every shard finished, but none delivered a category')
      return 1
    }
    return merged.every((m) => m.pass) ? 0 : 1
  } finally {
    store.close()
  }
}

async function main(): Promise<number> {
  let options: MergeCliOptions
  try {
    options = parseMergeOptions(process.argv.slice(2), process.env)
  } catch (error) {
    console.error((error as Error).message)
    return 2
  }
  if (options.help) {
    console.log(mergeUsage)
    return 0
  }
  return merge(options)
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`loadgate merge: ${error instanceof Error ? error.message : String(error)}`)
  return 1
})
