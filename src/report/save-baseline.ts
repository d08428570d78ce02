/**
 * `--save-baseline DIR`: each category's results (`<category>.json`, with its
 * histograms) copied into DIR, where `--baseline DIR` finds them. A run cut
 * short measured a part of the load, so it is left out and named.
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { readRunArtifacts } from './artifacts.ts'

export interface SavedBaseline {
  saved: string[]
  /** Aborted runs, by name. */
  skipped: string[]
}

export function saveBaseline(runDir: string, dir: string): SavedBaseline {
  mkdirSync(dir, { recursive: true })
  const saved: string[] = []
  const skipped: string[] = []
  for (const { result } of readRunArtifacts(runDir)) {
    if (result.aborted) {
      skipped.push(result.name)
      continue
    }
    copyFileSync(join(runDir, `${result.name}.json`), join(dir, `${result.name}.json`))
    saved.push(result.name)
  }
  return { saved, skipped }
}

export function formatSavedBaseline({ saved, skipped }: SavedBaseline, dir: string): string {
  const kept = saved.length > 0 ? `baseline of ${saved.join(', ')} saved in ${dir}` : `no baseline saved in ${dir}`
  return `loadgate: ${kept}${skipped.length > 0 ? `; not ${skipped.join(', ')}: stopped early, a part of the load is no baseline` : ''}`
}
