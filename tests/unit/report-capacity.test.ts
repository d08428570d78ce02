/** A capacity search in the reports: `<category>_capacity.csv`, the line in the run summary and the matcher's message, the chart and steps table of report.html. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BudgetSet } from '../../src/engine/verdicts/budget.ts'
import { searchCapacity } from '../../src/engine/capacity/search-capacity.ts'
import type { RunResult } from '../../src/engine/result.ts'
import { judgeRun } from '../../src/engine/verdicts/run-verdict.ts'
import { combineVerdicts, type StoredRun, writeRunArtifacts, writeVerdict } from '../../src/report/artifacts.ts'
import { renderHtmlReport } from '../../src/report/html-report.ts'
import { categoryModel } from '../../src/report/report-model.ts'
import { formatRunSummary } from '../../src/report/run-report.ts'
import { describeInBrowser, launchBrowser, legendLabels, openReport } from '../support/report-browser.ts'
import { ROUTE, stepResult } from '../support/model-server.ts'

const budgets: BudgetSet<'read'> = { classes: { read: { p95Ms: 500 } }, classify: () => 'read', maxFailureRateByProfile: {}, defaultMaxFailureRate: 0.01 }
const LINE = `files: holds 84 req/s within budgets (p95 412 ms at 84/s); breaks at 87/s on ${ROUTE}: p95 612 ms > budget 500 ms`

/** A search from 21/s on a server that holds 412 ms up to 84/s and 612 ms past it, stored as the fixture stores it. */
async function storedSearch(runDir: string): Promise<StoredRun> {
  const settings = { startRatePerSec: 21, maxRatePerSec: 1000, resolutionPerSec: 5, stepDurationMs: 2000 }
  const { search, result } = await searchCapacity({ settings, budgets, runStep: async (rate, ms) => stepResult(rate, ms, rate <= 84 ? 412 : 612) })
  const held: RunResult = { ...result, capacity: search }
  writeRunArtifacts(held, runDir)
  const verdict = combineVerdicts('files', [judgeRun(held, budgets)])
  writeVerdict(runDir, 'files', verdict)
  return { result: held, verdict }
}

describe('a capacity search in the reports', () => {
  it('writes every step to files_capacity.csv, in the order they ran', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgate-capacity-csv-'))
    await storedSearch(dir)
    const lines = readFileSync(join(dir, 'files_capacity.csv'), 'utf8').trim().split('\n')
    expect(lines[0]).toBe('Step,Phase,Rate (req/s),Duration (s),Requests,Dropped arrivals,Result,Worst endpoint,Worst p95 (ms),Broke on')
    expect(lines[1]).toBe(`1,ramp,21,20,420,0,held,${ROUTE},412.0,`)
    expect(lines[4]).toBe(`4,ramp,168,3,504,0,broke,${ROUTE},612.0,${ROUTE}: p95 612 ms > budget 500 ms`)
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['21', '42', '84', '168', '126', '105', '94.5', '89.5', '87'])
  })

  it('puts the capacity line in the matcher message and in the run summary of a passing run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgate-capacity-summary-'))
    const { verdict } = await storedSearch(dir)
    expect(verdict.pass).toBe(true)
    expect(verdict.message).toContain(`capacity: ${LINE}`)
    const summary = formatRunSummary(dir)
    expect(summary).toContain(`  PASS  files: `)
    expect(summary).toContain(`          capacity: ${LINE}`)
    expect(summary).toContain('*_capacity.csv')
  })

  it('models the steps by rate for the chart, held and broken apart, with the p95 budget', async () => {
    const stored = await storedSearch(mkdtempSync(join(tmpdir(), 'loadgate-capacity-model-')))
    const capacity = categoryModel(stored).capacity
    expect(capacity?.line).toBe(LINE)
    expect(capacity?.ratePerSec).toEqual([21, 42, 84, 87, 89.5, 94.5, 105, 126, 168])
    expect(capacity?.heldP95Ms).toEqual([412, 412, 412, null, null, null, null, null, null])
    expect(capacity?.brokeP95Ms).toEqual([null, null, null, 612, 612, 612, 612, 612, 612])
    expect(new Set(capacity?.p95BudgetMs)).toEqual(new Set([500]))
  })
})

describeInBrowser('a capacity search in report.html', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('charts p95 by rate and lists the steps, with the line, and nothing else happens on the page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgate-capacity-html-'))
    const file = join(dir, 'report.html')
    writeFileSync(file, renderHtmlReport([await storedSearch(dir)], 'capacity', 'test'))
    const { page, requests, dialogs, errors } = await openReport(browser, file)
    expect((await legendLabels(page)).at(-1)).toEqual(['held', 'broke', 'p95 budget'])
    expect(await page.textContent('p.capacity')).toBe(LINE)
    expect(await page.$$eval('table.capacity tbody tr', (rows) => rows.map((r) => r.children[6]?.textContent))).toEqual(['held', 'held', 'held', 'broke', 'broke', 'broke', 'broke', 'broke', 'broke'])
    expect([requests, dialogs, errors]).toEqual([[], [], []])
  })
})
