/** The run folder: Locust's CSV columns, JSON that reads back, and an HTML report a browser draws. */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { budgets } from '../../budgets.ts'
import { judgeRun, runLoad } from '../../src/engine/index.ts'
import type { RunResult } from '../../src/engine/result.ts'
import { combineVerdicts, readRunArtifacts, writeRunArtifacts, writeVerdict } from '../../src/report/artifacts.ts'
import { parseCsv } from '../../src/report/locust-csv.ts'
import { formatRunSummary, writeHtmlReport } from '../../src/report/run-report.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'
import { describeInBrowser, launchBrowser, legendLabels, openReport } from '../support/report-browser.ts'

let server: FakeServer
let result: RunResult
const runDir = mkdtempSync(join(tmpdir(), 'loadgate-report-'))

beforeAll(async () => {
  server = await startFakeServer((index, path) => (path.startsWith('/health') ? {} : { delayMs: index % 4 === 0 ? 600 : 5, status: index % 7 === 0 ? 500 : 200 }))
  result = await runLoad({
    name: 'files',
    profile: 'smoke',
    baseUrl: server.url,
    load: { model: 'closed', stages: [{ users: 4, spawnRatePerSec: 100, durationMs: 2500 }] },
    userTypes: [
      {
        name: 'u',
        tasks: [
          { run: (vu) => vu.get('/health/live') },
          { run: (vu) => vu.get('/api/v1/files') },
        ],
      },
    ],
  })
  writeRunArtifacts(result, runDir)
  writeVerdict(runDir, result.name, combineVerdicts(result.name, [judgeRun(result, budgets)]))
})
afterAll(() => server.close())

describe('Locust CSV set', () => {
  it('writes _stats.csv with the Locust 2.x columns and an Aggregated row matching the result', () => {
    const text = readFileSync(join(runDir, 'files_stats.csv'), 'utf8')
    expect(text.split('\n')[0]).toBe(
      'Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%',
    )
    const rows = parseCsv(text)
    const aggregated = rows.find((r) => r.Name === 'Aggregated')
    expect(Number(aggregated?.['Request Count'])).toBe(result.total.requests)
    expect(Number(aggregated?.['Failure Count'])).toBe(result.total.failures)
    expect(rows.find((r) => r.Name === '/api/v1/files')?.Type).toBe('GET')
  })

  it('writes _failures.csv grouped by endpoint and reason, and _stats_history.csv per second', () => {
    const failures = parseCsv(readFileSync(join(runDir, 'files_failures.csv'), 'utf8'))
    expect(failures).toContainEqual({ Method: 'GET', Name: '/api/v1/files', Error: 'HTTP 500', Occurrences: String(result.failures[0]?.occurrences) })
    const history = parseCsv(readFileSync(join(runDir, 'files_stats_history.csv'), 'utf8'))
    expect(history.length).toBe(result.intervals.length)
    expect(Number(history.at(-1)?.['Total Request Count'])).toBe(result.total.requests)
  })

  it('reads the JSON result and verdicts back unchanged', () => {
    const [stored] = readRunArtifacts(runDir)
    expect(stored?.result).toEqual(result)
    expect(stored?.verdict.pass).toBe(false)
    expect(stored?.verdict.verdicts.some((v) => !v.passed)).toBe(true)
    expect(formatRunSummary(runDir)).toContain('FAIL  files')
  })
})

describeInBrowser('HTML report', () => {
  it('draws the charts and fills the tables when opened in headless Chromium', async () => {
    const file = writeHtmlReport(runDir, 'test environment')
    const browser = await launchBrowser()
    try {
      const { page, requests, errors } = await openReport(browser, file)
      const legends = await legendLabels(page)
      expect(legends.flat()).toEqual(expect.arrayContaining(['rps', 'users', 'p50', 'p99', 'failures']))
      expect(legends.flat().filter((label) => label.includes('budget'))).toHaveLength(2)
      const sizes = await page.$$eval('.uplot canvas', (canvases) => canvases.map((c) => c.getBoundingClientRect().width * c.getBoundingClientRect().height))
      expect(sizes).toHaveLength(4)
      expect(Math.min(...sizes)).toBeGreaterThan(0)
      const endpointRows = await page.$$eval('table.endpoints tbody tr', (rows) => rows.map((r) => r.textContent ?? ''))
      expect(endpointRows).toHaveLength(result.endpoints.length)
      expect(endpointRows.join('\n')).toContain('FAIL')
      expect(await page.$$eval('table.endpoints th', (cells) => cells.map((c) => c.textContent))).toContain('Retries')
      expect(await page.$$eval('table.failures tbody tr', (rows) => rows.length)).toBe(result.failures.length)
      expect([requests, errors]).toEqual([[], []])
      await page.screenshot({ path: join(runDir, 'report.png'), fullPage: true })
    } finally {
      await browser.close()
    }
  })
})
