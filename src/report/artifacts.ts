/** Writes one category's results and verdict under the run folder, and reads them back. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BudgetVerdict } from '../engine/verdicts/budget.ts'
import type { RunResult } from '../engine/result.ts'
import type { RunVerdict } from '../engine/verdicts/run-verdict.ts'
import { capacityCsv } from './capacity-csv.ts'
import { failuresCsv, historyCsv, statsCsv } from './locust-csv.ts'
import { resourcesCsv } from './resources-csv.ts'
import { formatRunVerdict } from './violation.ts'

/** The verdict its test reached on a run, as the reports read it (`<category>.verdict.json`). */
export interface StoredVerdict {
  /** False when the test never judged the run (it failed before its budget assertion, or has none). */
  judged: boolean
  pass: boolean
  trustworthy: boolean
  /** The matcher's message, word for word. */
  message: string
  verdicts: BudgetVerdict[]
}

export interface StoredRun {
  result: RunResult
  verdict: StoredVerdict
  /** The run it was compared with (`<category>.baseline.json`), so a report or a later judgement needs no other folder. */
  baseline?: RunResult
}

/** Every judgement of one run (usually one) as one verdict: it passes only if each did. */
export function combineVerdicts(name: string, judgements: RunVerdict[], notJudgedBecause = 'its test did not reach expect(result).toMeetBudgets(budgets)'): StoredVerdict {
  if (judgements.length === 0) {
    return { judged: false, pass: false, trustworthy: true, message: `run "${name}" was never judged: ${notJudgedBecause}`, verdicts: [] }
  }
  return {
    judged: true,
    pass: judgements.every((j) => j.pass),
    trustworthy: judgements.every((j) => j.trustworthy),
    message: judgements.map(formatRunVerdict).join('\n'),
    verdicts: judgements.flatMap((j) => j.verdicts),
  }
}

/** The measurements, written as soon as the run ends, whatever its test goes on to do; with the baseline it is compared with. */
export function writeRunArtifacts(result: RunResult, runDir: string, baseline?: RunResult): void {
  mkdirSync(runDir, { recursive: true })
  const base = join(runDir, result.name)
  writeFileSync(`${base}.json`, JSON.stringify(result))
  if (baseline) writeFileSync(`${base}.baseline.json`, JSON.stringify(baseline))
  writeFileSync(`${base}_stats.csv`, statsCsv(result))
  writeFileSync(`${base}_stats_history.csv`, historyCsv(result))
  writeFileSync(`${base}_failures.csv`, failuresCsv(result))
  if (result.resources) writeFileSync(`${base}_resources.csv`, resourcesCsv(result.resources))
  if (result.capacity) writeFileSync(`${base}_capacity.csv`, capacityCsv(result.capacity))
}

export function writeVerdict(runDir: string, name: string, verdict: StoredVerdict): void {
  mkdirSync(runDir, { recursive: true })
  writeFileSync(join(runDir, `${name}.verdict.json`), JSON.stringify(verdict, null, 2))
}

function readVerdict(runDir: string, name: string): StoredVerdict {
  const file = join(runDir, `${name}.verdict.json`)
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredVerdict) : combineVerdicts(name, [])
}

function readBaselineCopy(runDir: string, name: string): Pick<StoredRun, 'baseline'> {
  const file = join(runDir, `${name}.baseline.json`)
  return existsSync(file) ? { baseline: JSON.parse(readFileSync(file, 'utf8')) as RunResult } : {}
}

/** A category's result file, told from its verdict and the baseline copy beside it. */
export const isResultFile = (file: string): boolean => file.endsWith('.json') && !file.endsWith('.verdict.json') && !file.endsWith('.baseline.json')

/** Every category of a run folder, by name. */
export function readRunArtifacts(runDir: string): StoredRun[] {
  if (!existsSync(runDir)) return []
  return readdirSync(runDir)
    .filter(isResultFile)
    .sort()
    .map((f) => JSON.parse(readFileSync(join(runDir, f), 'utf8')) as RunResult)
    .filter((result) => result.formatVersion === 1)
    .map((result) => ({ result, verdict: readVerdict(runDir, result.name), ...readBaselineCopy(runDir, result.name) }))
}
