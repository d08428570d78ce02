/**
 * Prints `N passed, N failed` from one or more Vitest JSON reports, the one
 * line CI reads. A missing report counts as one failure: the run never got to
 * write it. So does a test file that failed with no failed test in it (its
 * setup failed and its tests were skipped): skipped is not passed.
 */
import { existsSync, readFileSync } from 'node:fs'

interface VitestJsonReport {
  numPassedTests: number
  numFailedTests: number
  testResults: { status: string; assertionResults: { status: string }[] }[]
}

/** Files that failed without a failed test of their own: a failed setup, an import error. */
function failedFilesWithoutFailedTests(report: VitestJsonReport): number {
  return report.testResults.filter((file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed')).length
}

let passed = 0
let failed = 0
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`no Vitest report at ${file}`)
    failed += 1
    continue
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as VitestJsonReport
  passed += report.numPassedTests
  failed += report.numFailedTests + failedFilesWithoutFailedTests(report)
}
console.log(`${passed} passed, ${failed} failed`)
