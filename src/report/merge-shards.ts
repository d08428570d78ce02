/**
 * The merge of a sharded run: every shard's result of each category merged
 * exactly (histograms added, not averaged), judged once with the budgets as
 * the test would have judged a single run, and written as a single run's
 * reports. Nothing is re-run; the shards' own verdicts are not consulted,
 * because a share of the load passing says nothing about the whole.
 */
import type { BudgetSet } from '../engine/verdicts/budget.ts'
import { mergeResults } from '../engine/stats/merge.ts'
import type { RunResult } from '../engine/result.ts'
import { judgeRun } from '../engine/verdicts/run-verdict.ts'
import { type AwaitShardsOptions, awaitShards } from '../store/await-shards.ts'
import type { ResultStore } from '../store/result-store.ts'
import { combineVerdicts, writeRunArtifacts, writeVerdict } from './artifacts.ts'
import { writeRunReport } from './run-report.ts'

export interface MergedCategory {
  name: string
  pass: boolean
  result: RunResult
}

/** Shards of one run share name, profile and model; a mix means two runs' files in one place. */
function checkSameRun(category: string, results: RunResult[]): void {
  for (const key of ['name', 'profile', 'model'] as const) {
    const values = new Set(results.map((r) => r[key]))
    if (values.size > 1) throw new RangeError(`the shards of ${category} disagree on ${key} (${[...values].join(', ')}): they are not one run`)
  }
}

async function mergeCategory(store: ResultStore, category: string, files: Map<number, string>): Promise<RunResult> {
  const ordered = [...files].sort(([a], [b]) => a - b).map(([, name]) => name)
  const results = await Promise.all(ordered.map(async (name) => JSON.parse(await store.read(name)) as RunResult))
  checkSameRun(category, results)
  const [first, ...rest] = results as [RunResult, ...RunResult[]]
  return mergeResults(first, ...rest)
}

/** Waits for every shard, merges, judges and writes the reports in `outDir`; the categories with their verdicts. */
export async function mergeShards(store: ResultStore, budgets: BudgetSet, outDir: string, options: AwaitShardsOptions): Promise<MergedCategory[]> {
  const progress = await awaitShards(store, options)
  const merged: MergedCategory[] = []
  for (const [category, files] of [...progress.categories].sort(([a], [b]) => a.localeCompare(b))) {
    const result = await mergeCategory(store, category, files)
    const verdict = combineVerdicts(result.name, [judgeRun(result, budgets)])
    writeRunArtifacts(result, outDir)
    writeVerdict(outDir, result.name, verdict)
    merged.push({ name: result.name, pass: verdict.pass, result })
  }
  writeRunReport(outDir, `merged from ${progress.count} shard(s) at ${store.location}`)
  return merged
}
