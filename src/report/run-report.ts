/** At the end of a run: the HTML report and the summary of every category's verdicts. */
import { writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { readRunArtifacts } from './artifacts.ts'
import { countChanges } from './baseline-text.ts'
import { describeCapacity } from './capacity-text.ts'
import { renderHtmlReport } from './html-report.ts'
import { warningsOf } from './violation.ts'

export function writeHtmlReport(runDir: string, environment = ''): string {
  const file = join(runDir, 'report.html')
  writeFileSync(file, renderHtmlReport(readRunArtifacts(runDir), `loadgate run ${basename(runDir)}`, environment))
  return file
}

export function formatRunSummary(runDir: string): string {
  const runs = readRunArtifacts(runDir)
  const lines = ['', 'loadgate summary']
  for (const { result, verdict } of runs) {
    const warned = warningsOf(verdict.verdicts).length > 0
    const status = !verdict.judged ? 'NOT JUDGED' : !verdict.pass ? 'FAIL' : warned ? 'WARN' : 'PASS'
    lines.push(`  ${status}  ${result.name}: ${result.total.requests} requests, ${result.total.rps.toFixed(1)} rps, p95 ${result.total.percentilesMs.p95} ms, p99 ${result.total.percentilesMs.p99} ms, ${(result.total.failureRate * 100).toFixed(2)}% failed${result.aborted ? ' (aborted)' : ''}`)
    const messageShown = !verdict.pass || warned
    if (messageShown) for (const line of verdict.message.split('\n')) lines.push(`          ${line.trim()}`)
    // A failing run's message has the comparison already; a passing one still says what changed.
    else if (verdict.verdicts.some((v) => v.change)) lines.push(`          against the baseline: ${countChanges(verdict.verdicts)}`)
    // A judged run's message carries the capacity line; a passing or unjudged one's is not shown or has none.
    if (result.capacity && (!messageShown || !verdict.judged)) lines.push(`          capacity: ${describeCapacity(result.name, result.capacity)}`)
  }
  lines.push(`  reports: ${join(runDir, 'report.html')} and the Locust CSVs (*_stats.csv, *_stats_history.csv, *_failures.csv, *_resources.csv, *_capacity.csv) in ${runDir}`)
  return lines.join('\n')
}

/** Writes the HTML report and prints the summary; never throws (it runs in teardown). */
export function writeRunReport(runDir: string, environment = ''): void {
  try {
    writeHtmlReport(runDir, environment)
    console.log(formatRunSummary(runDir))
  } catch (error) {
    console.error(`loadgate: could not write the run report in ${runDir}:`, error)
  }
}
