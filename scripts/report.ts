/** `npm run report -- <results dir>`: writes report.html again for a run folder and prints the summary. */
import { existsSync } from 'node:fs'
import { formatRunSummary, writeHtmlReport } from '../src/report/run-report.ts'

const runDir = process.argv[2]
if (!runDir || !existsSync(runDir)) {
  console.error(`usage: npm run report -- <results/run-id>${runDir ? `\nno such folder: ${runDir}` : ''}`)
  process.exit(2)
}
const file = writeHtmlReport(runDir)
console.log(formatRunSummary(runDir))
console.log(`\nHTML report: ${file}`)
