/** Writes one category's results under the run folder, and reads them back. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BudgetVerdict } from '../engine/budget.ts'
import type { RunResult } from '../engine/result.ts'
import { failuresCsv, historyCsv, statsCsv } from './locust-csv.ts'

export interface StoredRun {
  result: RunResult
  verdicts: BudgetVerdict[]
}

export function writeRunArtifacts(result: RunResult, runDir: string, verdicts: BudgetVerdict[]): void {
  mkdirSync(runDir, { recursive: true })
  const base = join(runDir, result.name)
  writeFileSync(`${base}.json`, JSON.stringify(result))
  writeFileSync(`${base}.verdicts.json`, JSON.stringify(verdicts, null, 2))
  writeFileSync(`${base}_stats.csv`, statsCsv(result))
  writeFileSync(`${base}_stats_history.csv`, historyCsv(result))
  writeFileSync(`${base}_failures.csv`, failuresCsv(result))
}

/** Every category of a run folder, by name. */
export function readRunArtifacts(runDir: string): StoredRun[] {
  if (!existsSync(runDir)) return []
  return readdirSync(runDir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.verdicts.json'))
    .sort()
    .map((f) => {
      const result = JSON.parse(readFileSync(join(runDir, f), 'utf8')) as RunResult
      const verdictsFile = join(runDir, f.replace(/\.json$/, '.verdicts.json'))
      const verdicts = existsSync(verdictsFile) ? (JSON.parse(readFileSync(verdictsFile, 'utf8')) as BudgetVerdict[]) : []
      return { result, verdicts }
    })
    .filter(({ result }) => result.formatVersion === 1)
}
