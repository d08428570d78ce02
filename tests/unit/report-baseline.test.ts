/** A run compared with a baseline in the reports: dashed baseline lines, a table of changes, a line in the summary. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BaselineChange } from '../../src/engine/verdicts/baseline.ts'
import type { BudgetVerdict } from '../../src/engine/verdicts/budget.ts'
import type { StoredRun } from '../../src/report/artifacts.ts'
import { renderHtmlReport } from '../../src/report/html-report.ts'
import { categoryModel } from '../../src/report/report-model.ts'
import { formatRunSummary } from '../../src/report/run-report.ts'
import { describeInBrowser, launchBrowser, legendLabels, openReport } from '../support/report-browser.ts'
import { type Second, storedRun } from '../support/stored-run.ts'

const dir = mkdtempSync(join(tmpdir(), 'loadgate-report-baseline-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const seconds = (n: number, p95Ms: number): Second[] => Array.from({ length: n }, () => ({ requests: 40, p50Ms: 10, p95Ms, p99Ms: 2 * p95Ms }))

function changed(endpoint: string, statistic: BaselineChange['statistic'], baseline: number, current: number, status: BaselineChange['status']): BudgetVerdict {
  const change: BaselineChange = { statistic, baseline, current, absolute: current - baseline, relative: (current - baseline) / baseline, status }
  return { endpoint, metric: 'regression', measured: current, allowed: baseline * 1.15, passed: status !== 'regression', change }
}

/** GET /a 50% slower at p95, GET /b 40% faster at p50; the baseline ran 8 s, the run 10 s. */
function comparedRun(): StoredRun {
  const verdicts = [changed('GET /a', 'p95', 40, 60, 'regression'), changed('GET /a', 'p50', 10, 10.2, 'unchanged'), changed('GET /b', 'p50', 10, 6, 'improvement')]
  const run = storedRun(seconds(10, 60), { endpoints: ['GET /a', 'GET /b'], verdicts })
  return { ...run, baseline: storedRun(seconds(8, 40)).result }
}

describe('report with a baseline', () => {
  it('aligns the baseline seconds with the run, and gives one row of changes per endpoint', () => {
    const model = categoryModel(comparedRun())
    expect(model.baseline?.p95Ms).toEqual([...Array(8).fill(40), null, null])
    expect(model.baseline?.changes.map((row) => [row.endpoint, row.cells.map((c) => `${c.statistic} ${c.text} ${c.status}`)])).toEqual([
      ['GET /a', ['p95 +50% regression', 'p50 +2.0% unchanged']],
      ['GET /b', ['p50 -40% improvement']],
    ])
  })

  it('says in the summary what changed in a run that passed', () => {
    const runDir = join(dir, 'summary')
    mkdirSync(runDir)
    const passing = storedRun(seconds(3, 40), { verdicts: [changed('GET /api/v1/files', 'p50', 10, 6, 'improvement')] })
    writeFileSync(join(runDir, 'files.json'), JSON.stringify(passing.result))
    writeFileSync(join(runDir, 'files.verdict.json'), JSON.stringify(passing.verdict))
    expect(formatRunSummary(runDir)).toContain('PASS  files: ')
    expect(formatRunSummary(runDir)).toContain('against the baseline: 1 improvement')
  })

  describeInBrowser('in headless Chromium', () => {
    let browser: Browser
    beforeAll(async () => {
      browser = await launchBrowser()
    })
    afterAll(() => browser?.close())

    it('draws the baseline p50/p95/p99 dashed on the latency chart, and the changes red and green', async () => {
      const file = join(dir, 'baseline.html')
      writeFileSync(file, renderHtmlReport([comparedRun()], 'report baseline', 'test environment'))
      const { page, errors } = await openReport(browser, file)
      await page.screenshot({ path: join(dir, 'baseline.png'), fullPage: true })
      expect((await legendLabels(page))[2]).toEqual(['p50', 'p95', 'p99', 'baseline p50', 'baseline p95', 'baseline p99'])
      const cells = await page.$$eval('table.changes tbody td', (list) => list.map((c) => `${c.className}:${c.textContent}`))
      expect(cells).toEqual([':GET /a', 'muted:+2.0%', 'fail:+50% regression', ':', ':', ':GET /b', 'pass:-40% improvement', ':', ':', ':'])
      expect(await page.getAttribute('table.changes tbody td.fail', 'title')).toBe('p95 60.0 ms vs 40.0 ms baseline (+50%, +20.0 ms)')
      expect(errors).toEqual([])
    })
  })
})
