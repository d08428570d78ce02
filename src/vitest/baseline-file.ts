/**
 * A category's baseline from the `--baseline` folder (`<category>.json`, as
 * `--save-baseline` keeps it). One from another category, profile or
 * environment is refused before any traffic, so no run is spent on a
 * comparison that cannot be made. A missing one is not fatal: the category is
 * judged on its budgets alone and says so, because a new category has no
 * baseline until one is saved.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { assertComparable } from '../engine/verdicts/baseline.ts'
import type { RunResult } from '../engine/result.ts'

export type BaselineLookup = { baseline: RunResult } | { missing: string }

export function readBaseline(dir: string, run: Pick<RunResult, 'name' | 'profile' | 'environment'>): BaselineLookup {
  const file = join(dir, `${run.name}.json`)
  if (!existsSync(file)) return { missing: `no baseline for ${run.name} at ${file}: judged on its budgets alone` }
  let baseline: RunResult
  try {
    baseline = JSON.parse(readFileSync(file, 'utf8')) as RunResult
  } catch (error) {
    throw new Error(`the baseline ${file} is not a result file: ${(error as Error).message}`)
  }
  if (baseline.formatVersion !== 1) throw new Error(`the baseline ${file} is not a result file of this version (formatVersion ${String(baseline.formatVersion)})`)
  assertComparable(run, baseline)
  return { baseline }
}
