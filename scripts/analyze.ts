/**
 * `npm run analyze -- <results dir | _stats.csv> [--profile NAME]`: budget
 * violations, slowest endpoints, error hot spots and recommendations; exits
 * non-zero when budgets are broken. A run folder is judged from its JSON
 * results (exact histograms, the profile they ran under); a plain Locust
 * `_stats.csv` from its columns, under `--profile` (default smoke).
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { budgets } from '../budgets.ts'
import type { JudgedResult } from '../src/engine/verdicts/budget.ts'
import { analyze, formatAnalysis, resultFromLocustCsv } from '../src/report/analysis.ts'
import { readRunArtifacts } from '../src/report/artifacts.ts'

const args = process.argv.slice(2)
const profileAt = args.indexOf('--profile')
const profile = profileAt >= 0 ? (args[profileAt + 1] ?? 'smoke') : 'smoke'
const target = args.find((a, i) => !a.startsWith('--') && (profileAt < 0 || i !== profileAt + 1))
if (!target || !existsSync(target)) {
  console.error(`usage: npm run analyze -- <results/run-id | file_stats.csv> [--profile NAME]${target ? `\nnot found: ${target}` : ''}`)
  process.exit(2)
}

function fromCsvFile(file: string): [string, JudgedResult] {
  const failuresFile = file.replace(/_stats\.csv$/, '_failures.csv')
  const failures = failuresFile !== file && existsSync(failuresFile) ? readFileSync(failuresFile, 'utf8') : undefined
  return [file, resultFromLocustCsv(readFileSync(file, 'utf8'), failures, profile)]
}

const judged: [string, JudgedResult][] = statSync(target).isFile()
  ? [fromCsvFile(target)]
  : readRunArtifacts(target).map(({ result }) => [`${result.name} (profile ${result.profile})`, result])
if (judged.length === 0) {
  console.error(`no results (*.json) in ${target}`)
  process.exit(2)
}
let failed = 0
for (const [label, result] of judged) {
  const analysis = analyze(result, budgets)
  if (analysis.violations.length > 0) failed += 1
  console.log(`\n== ${label}, against budgets.ts\n`)
  console.log(formatAnalysis(analysis))
}
process.exitCode = failed === 0 ? 0 : 1
