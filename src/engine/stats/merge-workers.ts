/**
 * The generator processes of one machine (`--workers N`) merged into one
 * result: exactly as shards are (see merge.ts), with each worker's
 * saturation warnings named, so a verdict refused for a saturated generator
 * says which worker it was (`worker 2 of 4: generator CPU averaged 97%...`).
 */
import { mergeResults } from './merge.ts'
import type { RunResult } from '../result.ts'

/** `results[i]` is worker i + 1's; the merged result keeps the first's name, profile and model. */
export function mergeWorkerResults(results: RunResult[]): RunResult {
  const named = results.map((result, i) => ({
    ...result,
    generator: { ...result.generator, warnings: result.generator.warnings.map((w) => `worker ${i + 1} of ${results.length}: ${w}`) },
  }))
  const [first, ...rest] = named
  if (!first) throw new RangeError('no worker result to merge')
  const merged = mergeResults(first, ...rest)
  return { ...merged, generator: { ...merged.generator, workers: results.length } }
}
