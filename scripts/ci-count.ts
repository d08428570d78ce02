/**
 * Prints `N passed, N failed` from one or more Vitest JSON reports, the one
 * line CI reads. A missing report counts as one failure: the run never got to
 * write it.
 */
import { existsSync, readFileSync } from 'node:fs'

interface VitestJsonReport {
  numPassedTests: number
  numFailedTests: number
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
  failed += report.numFailedTests
}
console.log(`${passed} passed, ${failed} failed`)
