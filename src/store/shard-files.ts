/**
 * The names shards write in the result store, and what a listing of them
 * says: which shards have finished, which categories each delivered, and
 * what is still missing. A shard writes `<category>.shard-<i>-of-<N>.json`
 * after each category and `shard-<i>-of-<N>.done.json` when its run ends,
 * so the merge knows when no more will come.
 */
import { type Shard, shardLabel } from '../engine/models/shard.ts'

export function shardResultName(category: string, shard: Shard): string {
  return `${category}.${shardLabel(shard)}.json`
}

export function shardDoneName(shard: Shard): string {
  return `${shardLabel(shard)}.done.json`
}

type ShardFile = { kind: 'result'; category: string; shard: Shard } | { kind: 'done'; shard: Shard }

const RESULT = /^(.+)\.shard-(\d+)-of-(\d+)\.json$/
const DONE = /^shard-(\d+)-of-(\d+)\.done\.json$/

function parseShardFileName(name: string): ShardFile | undefined {
  const done = DONE.exec(name)
  if (done) return { kind: 'done', shard: { index: Number(done[1]), count: Number(done[2]) } }
  const result = RESULT.exec(name)
  if (result) return { kind: 'result', category: result[1] as string, shard: { index: Number(result[2]), count: Number(result[3]) } }
  return undefined
}

export interface ShardProgress {
  count: number
  /** Every category seen, with the file of each shard that delivered it. */
  categories: Map<string, Map<number, string>>
  /** What is still missing, in words (`shard 2/3 has not finished`, `files.shard-3-of-3.json`). */
  missing: string[]
  /** Every shard has finished: nothing more will come, complete or not. */
  finished: boolean
}

/** What the store's names say; `count` when the merge was told it, else read from the names (which must agree). */
export function shardProgress(names: string[], count?: number): ShardProgress | string {
  const files = names.map(parseShardFileName).filter((f) => f !== undefined)
  const counts = new Set(files.map((f) => f.shard.count))
  if (count === undefined && counts.size > 1) return `the store holds shards of different runs (of ${[...counts].sort().join(', of ')}); give --shards N or a location of one run`
  const n = count ?? [...counts][0] ?? 0
  const mine = files.filter((f) => f.shard.count === n)
  const categories = new Map<string, Map<number, string>>()
  for (const file of mine) {
    if (file.kind !== 'result') continue
    const byShard = categories.get(file.category) ?? new Map<number, string>()
    byShard.set(file.shard.index, shardResultName(file.category, file.shard))
    categories.set(file.category, byShard)
  }
  const done = new Set(mine.filter((f) => f.kind === 'done').map((f) => f.shard.index))
  const missing: string[] = n === 0 ? ['no shard has written anything yet'] : []
  for (let i = 1; i <= n; i++) if (!done.has(i)) missing.push(`shard ${i}/${n} has not finished`)
  for (const [category, byShard] of [...categories].sort(([a], [b]) => a.localeCompare(b))) {
    for (let i = 1; i <= n; i++) if (!byShard.has(i)) missing.push(shardResultName(category, { index: i, count: n }))
  }
  return { count: n, categories, missing, finished: n > 0 && done.size === n }
}
