/** The page model embedded in a report.html, read back without a browser: what the page will draw. */
import { readFileSync } from 'node:fs'
import type { ReportModel } from '../../src/report/report-model.ts'

export function readReportModel(file: string): ReportModel {
  const html = readFileSync(file, 'utf8')
  const match = /<script type="application\/json" id="report-model">([\s\S]*?)<\/script>/.exec(html)
  if (!match) throw new Error(`${file} holds no report model`)
  return JSON.parse(match[1] as string) as ReportModel
}
