/**
 * `npm run analyze -- <results dir | _stats.csv> [--profile NAME]`: budget
 * violations, slowest endpoints, error hot spots and recommendations; exits
 * non-zero when budgets are broken. Reads our run folders and plain Locust CSVs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { type EndpointFigures, analyze, formatAnalysis } from '../src/report/analysis.ts'
import { parseCsv } from '../src/report/locust-csv.ts'

function fromCsv(file: string): EndpointFigures[] {
  return parseCsv(readFileSync(file, 'utf8'))
    .filter((r) => r.Name !== 'Aggregated')
    .map((r) => ({
      name: r.Type ? `${r.Type} ${r.Name}` : (r.Name ?? ''),
      requests: Number(r['Request Count']),
      failures: Number(r['Failure Count']),
      meanMs: Number(r['Average Response Time']),
      p95Ms: Number(r['95%']),
      p99Ms: Number(r['99%']),
    }))
}

function statsFiles(target: string): string[] {
  if (statSync(target).isFile()) return [target]
  return readdirSync(target).filter((f) => f.endsWith('_stats.csv')).map((f) => join(target, f))
}

const args = process.argv.slice(2)
const profileAt = args.indexOf('--profile')
const profile = profileAt >= 0 ? (args[profileAt + 1] ?? 'smoke') : 'smoke'
const target = args.find((a, i) => !a.startsWith('--') && (profileAt < 0 || i !== profileAt + 1))
if (!target || !existsSync(target)) {
  console.error(`usage: npm run analyze -- <results/run-id | file_stats.csv> [--profile NAME]${target ? `\nnot found: ${target}` : ''}`)
  process.exit(2)
}
const files = statsFiles(target)
if (files.length === 0) {
  console.error(`no *_stats.csv in ${target}`)
  process.exit(2)
}
const analysis = analyze(files.flatMap(fromCsv), profile)
console.log(`Analysed ${files.length} stats file(s) against budgets.ts (profile ${profile})\n`)
console.log(formatAnalysis(analysis))
process.exitCode = analysis.violations.length === 0 ? 0 : 1
