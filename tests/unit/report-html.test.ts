/** The report's page model, and the page uPlot and our renderer draw from it in headless Chromium. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BudgetVerdict } from '../../src/engine/verdicts/budget.ts'
import type { StoredRun } from '../../src/report/artifacts.ts'
import { renderHtmlReport } from '../../src/report/html-report.ts'
import { buildReportModel, categoryModel, type ReportModel } from '../../src/report/report-model.ts'
import { describeInBrowser, launchBrowser, legendLabels, openReport } from '../support/report-browser.ts'
import { type Second, storedRun, T0 } from '../support/stored-run.ts'

/** The renderer's entry point, as report-renderer.js defines it on the page. */
declare const LoadgateReport: { render(container: unknown, model: ReportModel): { update(model: ReportModel): void } }

const dir = mkdtempSync(join(tmpdir(), 'loadgate-report-html-'))
const HOSTILE = '<img src=x onerror=alert(1)>'

const seconds = (n: number, f: (i: number) => Partial<Second> = () => ({})): Second[] =>
  Array.from({ length: n }, (_, i) => ({ requests: 40 + (i % 3) * 5, p50Ms: 8 + (i % 4), p95Ms: 30 + 3 * (i % 5), p99Ms: 60 + 5 * (i % 5), ...f(i) }))

const verdict = (endpoint: string, metric: 'p95' | 'p99', allowed: number, measured = 20): BudgetVerdict => ({ endpoint, metric, measured, allowed, passed: measured <= allowed })

const faulted = storedRun(
  seconds(20, (i) => (i >= 8 && i < 11 ? { failures: 30 } : {})),
  {
    endpoints: ['GET /api/v1/files', 'POST /api/v1/files'],
    windows: [{ label: 'postgres down', startSec: T0 + 7, endSec: T0 + 12 }],
    failures: [{ endpoint: 'GET /api/v1/files', reason: 'HTTP 503', occurrences: 90 }],
    verdicts: [verdict('GET /api/v1/files', 'p95', 500), verdict('GET /api/v1/files', 'p99', 1000), verdict('POST /api/v1/files', 'p95', 2000), verdict('POST /api/v1/files', 'p99', 5000)],
  },
)

describe('report model', () => {
  it('draws the tightest p95 and p99 budgets a verdict held the category to, named by their endpoint', () => {
    expect(categoryModel(faulted).budgetLines).toEqual([
      { metric: 'p95', allowedMs: 500, endpoint: 'GET /api/v1/files' },
      { metric: 'p99', allowedMs: 1000, endpoint: 'GET /api/v1/files' },
    ])
  })

  it('shades marked windows and the seconds most requests failed, in seconds from the start', () => {
    expect(categoryModel(faulted).bands).toEqual([
      { kind: 'marked', fromSec: 7, toSec: 12, label: 'postgres down' },
      { kind: 'failing', fromSec: 8, toSec: 11, label: '90 of 135 failed' },
    ])
  })

  it('quotes the verdict over budget in the endpoint row, and calls an endpoint without verdicts exempt', () => {
    const run = storedRun(seconds(3), { endpoints: ['GET /a', 'GET /b'], verdicts: [verdict('GET /a', 'p95', 10, 20)] })
    expect(categoryModel(run).endpoints.map((e) => e.budget)).toEqual([
      { status: 'fail', text: 'FAIL: p95 20.0 ms > 10.0 ms' },
      { status: 'exempt', text: 'exempt' },
    ])
  })
})

describeInBrowser('report page in headless Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  async function open(name: string, runs: StoredRun[]) {
    const file = join(dir, `${name}.html`)
    writeFileSync(file, renderHtmlReport(runs, `report ${name}`, 'test environment'))
    const opened = await openReport(browser, file)
    await opened.page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
    return opened
  }

  it('draws four charts per category with budget lines and bands, fills the tables, and requests nothing', async () => {
    const { page, requests, dialogs, errors } = await open('faulted', [faulted])
    const canvases = await page.$$eval('.uplot canvas', (list) => list.map((c) => [c.getBoundingClientRect().width, c.getBoundingClientRect().height]))
    expect(canvases).toHaveLength(4)
    expect(Math.min(...canvases.flat())).toBeGreaterThan(0)
    expect(await legendLabels(page)).toEqual([
      ['rps'],
      ['users'],
      ['p50', 'p95', 'p99', 'p95 budget 500 ms (GET /api/v1/files)', 'p99 budget 1000 ms (GET /api/v1/files)'],
      ['failures'],
    ])
    const bands = await page.$$eval('.band', (list) => list.map((b) => `${b.className} ${b.getBoundingClientRect().width > 0}`))
    expect(bands).toEqual([...Array(4).fill('band band-marked true'), 'band band-failing true'])
    const names = await page.$$eval('table.endpoints tbody tr td:first-child', (cells) => cells.map((c) => c.textContent))
    expect(names).toEqual(faulted.result.endpoints.map((e) => e.name))
    expect(await page.$$eval('table.failures tbody tr', (rows) => rows.map((r) => r.textContent))).toEqual(['GET /api/v1/filesHTTP 50390'])
    expect(await page.textContent('.windows')).toContain('postgres down 7.0–12.0 s')
    expect([requests, dialogs, errors]).toEqual([[], [], []])
  })

  it('says in the legend which percentile a hidden one equals (p95 equal to p99 every second)', async () => {
    const run = storedRun(seconds(10, (i) => ({ p95Ms: 50 + i, p99Ms: 50 + i })))
    const { page } = await open('equal', [run])
    expect((await legendLabels(page))[2]).toEqual(['p50', 'p95 (= p99)', 'p99'])
  })

  it('shows a hostile endpoint name, reason and message as text and runs none of them', async () => {
    const run = storedRun(seconds(3), {
      name: HOSTILE,
      endpoints: [HOSTILE],
      failures: [{ endpoint: HOSTILE, reason: '</script><script>alert(2)</script>', occurrences: 1 }],
      verdicts: [verdict(HOSTILE, 'p95', 1)],
      message: `${HOSTILE} </script><script>alert(3)</script>`,
    })
    const { page, dialogs, errors } = await open('hostile', [run])
    expect(await page.$$eval('img', (list) => list.length)).toBe(0)
    expect(await page.textContent('table.endpoints tbody td')).toBe(HOSTILE)
    expect(await page.textContent('pre.verdict')).toContain('</script><script>alert(3)</script>')
    expect((await legendLabels(page))[2]).toContain(`p95 budget 1 ms (${HOSTILE})`)
    expect([dialogs, errors]).toEqual([[], []])
  })

  it('draws a run that never reached its first second (not judged) without an error', async () => {
    const empty = storedRun([])
    const { page, errors } = await open('empty', [{ ...empty, verdict: { ...empty.verdict, judged: false, message: 'never judged' } }])
    expect(await page.$$eval('.uplot canvas', (list) => list.length)).toBe(4)
    expect(await page.textContent('h2')).toBe('files NOT JUDGED')
    expect(await page.textContent('table.endpoints tbody td:last-child')).toBe('not judged')
    expect(errors).toEqual([])
  })

  it('update(model) feeds new seconds to the same canvases and refills the tables, for a live page', async () => {
    const { page } = await open('live', [storedRun(seconds(5))])
    const later = buildReportModel([storedRun(seconds(12), { endpoints: ['GET /a', 'GET /b', 'GET /c'] })], 'live', 'e')
    const outcome = await page.$eval('body', (body, model) => {
      const container = body.ownerDocument.createElement('div')
      body.append(container)
      const view = LoadgateReport.render(container, { ...model, categories: model.categories.map((c) => ({ ...c, endpoints: c.endpoints.slice(0, 1) })) })
      const canvas = container.querySelector('canvas')
      view.update(model)
      return { sameCanvas: container.querySelector('canvas') === canvas, rows: container.querySelectorAll('table.endpoints tbody tr').length }
    }, later)
    expect(outcome).toEqual({ sameCanvas: true, rows: 3 })
  })
})
