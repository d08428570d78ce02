/** What the run cost the target, in the reports: charts per service, the figures, warnings, the CSV and the analysis. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { budgets } from '../../budgets.ts'
import { judgeRun } from '../../src/engine/verdicts/run-verdict.ts'
import { analyze, formatAnalysis } from '../../src/report/analysis.ts'
import { combineVerdicts } from '../../src/report/artifacts.ts'
import { renderHtmlReport } from '../../src/report/html-report.ts'
import { categoryModel } from '../../src/report/report-model.ts'
import { resourcesCsv } from '../../src/report/resources-csv.ts'
import { formatSummaryTable } from '../../src/report/terminal-table.ts'
import { describeInBrowser, launchBrowser, legendLabels, openReport } from '../support/report-browser.ts'
import { MIB, resources, samples } from '../support/resource-series.ts'
import { storedRun, T0 } from '../support/stored-run.ts'

const dir = mkdtempSync(join(tmpdir(), 'loadgate-report-resources-'))

/** A 20-second run whose worker is busy (`workerCpu`) and whose API is quiet, judged by budgets.ts as its test would. */
function judgedRun(workerCpu: (i: number) => number) {
  const { result } = storedRun(Array.from({ length: 20 }, () => ({ requests: 40, p50Ms: 8, p95Ms: 30, p99Ms: 60 })))
  result.resources = resources({ api: samples(20, () => 4, (i) => (150 + i) * MIB, T0), worker: samples(20, workerCpu, () => 180 * MIB, T0) }, T0)
  return { result, verdict: combineVerdicts(result.name, [judgeRun(result, budgets)]) }
}

describe('resources in the text reports', () => {
  it('gives the end-of-category table a block of mean and peak CPU and peak RSS per service', () => {
    const text = formatSummaryTable(judgedRun(() => 30).result)
    expect(text).toContain('Resources (local; CPU % of the machine; RSS peak with its share of the memory limit)')
    expect(text).toMatch(/worker\s+30\.0%\s+30\.0%\s+180 MB \(2\.2%\)\s+20/)
    expect(text).toMatch(/all services\s+34\.0%\s+34\.0%\s+349 MB/)
  })

  it("shows a container's CPU limit beside its CPU, which is a percent of it, in the table and the CSV", () => {
    const { result } = storedRun([{ requests: 40, p50Ms: 8, p95Ms: 30, p99Ms: 60 }])
    // 0.45 CPU used under a 0.5 CPU quota: 90% of its limit.
    result.resources = { ...resources({ worker: samples(5, () => 22.5).map((s) => ({ ...s, cpuLimitCores: 0.5 })) }, T0), kind: 'containers' }
    expect(formatSummaryTable(result)).toContain('Resources (containers; CPU % of the machine, or of its CPU limit where it has one;')
    expect(formatSummaryTable(result)).toMatch(/worker\s+90\.0%\s+90\.0%\s+0\.5 CPU\s+120 MB/)
    expect(resourcesCsv(result.resources).split('\n')[1]).toBe(`${T0 + 1}.000,worker,1.000,45.00,22.50,${120 * MIB},${8 * 1024 * MIB},0.500,0,0,100,200`)
  })

  it('writes one CSV row per service and second, in time order', () => {
    const lines = resourcesCsv(judgedRun(() => 30).result.resources as never).trim().split('\n')
    expect(lines[0]).toBe('Timestamp,Service,Interval (s),CPU % of core,CPU % of machine,RSS bytes,Memory limit bytes,CPU limit (CPUs),Disk read bytes,Disk write bytes,Net rx bytes,Net tx bytes')
    expect(lines).toHaveLength(41)
    expect(lines[2]).toBe(`${T0 + 1}.000,worker,1.000,60.00,30.00,${180 * MIB},${8 * 1024 * MIB},,0,0,100,200`)
  })

  it('names a CPU-bound service in the analysis, with what to do', () => {
    const analysis = analyze(judgedRun(() => 95).result, budgets)
    expect(analysis.violations).toContain('worker: CPU peak 95% of the machine > budget 85%')
    expect(analysis.recommendations).toContain('worker: CPU-bound (CPU mean 95% of the machine) — add workers or cores, or make each task cheaper (ffmpeg presets, threads).')
    expect(formatAnalysis(analysis)).toMatch(/FAIL$/)
  })

  it('lists warnings apart in the analysis, and passes', () => {
    const analysis = analyze(judgedRun(() => 75).result, budgets)
    expect(analysis.violations).toEqual([])
    expect(analysis.warnings).toContain('worker: CPU mean 75% of the machine > warning 70%')
    expect(formatAnalysis(analysis)).toMatch(/Warnings \(4, not failures\):\n {2}worker: CPU mean 75%[\s\S]*PASS$/)
  })
})

describeInBrowser('resources in report.html', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  it('draws a CPU and memory chart per service, the figures table, and a warning verdict', async () => {
    const run = judgedRun(() => 75)
    expect(categoryModel(run).verdict.status).toBe('warn')
    const file = join(dir, 'resources.html')
    writeFileSync(file, renderHtmlReport([run], 'resources', 'test environment'))
    const { page, errors, requests } = await openReport(browser, file)
    await page.screenshot({ path: join(dir, 'resources.png'), fullPage: true })
    const canvases = await page.$$eval('.uplot canvas', (list) => list.map((c) => c.getBoundingClientRect().width))
    expect(canvases).toHaveLength(6)
    expect(Math.min(...canvases)).toBeGreaterThan(0)
    expect((await legendLabels(page)).slice(4)).toEqual([
      ['CPU %', 'RSS MB'],
      ['CPU %', 'RSS MB'],
    ])
    expect(await page.$$eval('.u-title', (titles) => titles.slice(4).map((t) => t.textContent))).toEqual(['api: CPU and memory', 'worker: CPU and memory'])
    expect(await page.$$eval('table.resources tbody tr td:first-child', (cells) => cells.map((c) => c.textContent))).toEqual(['api', 'worker', 'all services'])
    expect(await page.textContent('h2')).toBe('files PASS WITH WARNINGS')
    expect(await page.textContent('pre.verdict')).toContain('worker: CPU mean 75% of the machine > warning 70%')
    expect([errors, requests]).toEqual([[], []])
  })
})
