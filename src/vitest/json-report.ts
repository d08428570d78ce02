/** What `npm run load` reads back from Vitest's JSON report to decide its exit code. */
import { readFileSync } from 'node:fs'
import type { LoadTestMeta } from './load-test.ts'

interface ReportedTest {
  status: string
  meta?: { loadgate?: LoadTestMeta }
}

/**
 * True when every failed test of the run failed on its budgets and on nothing
 * else: its fixture recorded a judged, trustworthy, failing verdict for each
 * run (the test's meta in Vitest's JSON report). No message is parsed.
 */
export function onlyBudgetFailures(reportFile: string): boolean {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { numTotalTests: number; testResults: { status: string; assertionResults: ReportedTest[] }[] }
  // A file that failed outside any test (an import error, a failed global setup) is no budget failure.
  const failedOutsideTests = report.testResults.some((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'))
  if (report.numTotalTests === 0 || failedOutsideTests) return false
  const failed = report.testResults.flatMap((f) => f.assertionResults).filter((a) => a.status === 'failed')
  return failed.every((a) => {
    const runs = a.meta?.loadgate?.runs ?? []
    return runs.length > 0 && runs.some((r) => !r.pass) && runs.every((r) => r.judged && r.trustworthy)
  })
}
