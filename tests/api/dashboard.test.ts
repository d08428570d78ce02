/**
 * The live dashboard, end to end: a real category run by Vitest with
 * LOAD_DASHBOARD=<port>, its page opened in headless Chromium. The charts and
 * the endpoint table follow the run with no reload, the budget lines are
 * drawn, a stop without the page's token or from another origin is refused
 * and stops nothing, and the page's Stop ends the run as Ctrl-C does, with
 * its partial results written. DASHBOARD_SCREENSHOT=<file> keeps a picture of
 * the page mid-run (docs/dashboard.png is one).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RunResult } from '../../src/engine/result.ts'
import { findFreePort } from '../../src/env/free-port.ts'
import { type DashboardRun, startDashboardRun } from '../support/dashboard-run.ts'
import { alive } from '../support/process-alive.ts'
import { descendantsOf } from '../support/process-tree.ts'
import { describeInBrowser, launchBrowser, legendLabels } from '../support/report-browser.ts'

/** What the page shows of the running category: seconds on the rps chart, requests in the endpoint table, its status. */
async function readPage(page: Page): Promise<{ rpsPoints: number; requests: number; status: string; generator: string }> {
  const rpsPoints = await page.$$eval('figure.chart', (charts) => Number(charts[0]?.getAttribute('data-points') ?? 0))
  const requests = await page.$$eval('table.endpoints tbody tr td:nth-child(2)', (cells) => cells.reduce((sum, cell) => sum + Number(cell.textContent), 0))
  const text = (selector: string): Promise<string> => page.$$eval(selector, (found) => found[0]?.textContent ?? '')
  return { rpsPoints, requests, status: await text('h2 span'), generator: await text('p.generator') }
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs
  let value = await read()
  while (!done(value) && performance.now() < deadline) {
    await sleep(100)
    value = await read()
  }
  return value
}

describeInBrowser('live dashboard', () => {
  let browser: Browser
  let run: DashboardRun
  let page: Page
  const foreign: string[] = []
  const errors: string[] = []
  beforeAll(async () => {
    browser = await launchBrowser()
    run = await startDashboardRun('health', await findFreePort(), '30s')
    page = await browser.newPage({ viewport: { width: 1340, height: 1000 } })
    page.on('request', (request) => {
      if (!request.url().startsWith(run.url)) foreign.push(request.url())
    })
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(run.url)
  }, 90_000)
  afterAll(async () => {
    run?.kill()
    await browser?.close()
  })

  it('follows the run with no reload: more seconds on the rps chart and more requests within 3 s, the budget lines, the generator', async () => {
    const first = await waitFor(() => readPage(page), (view) => view.rpsPoints > 0 && view.requests > 0, 10_000)
    expect(first.rpsPoints, run.output()).toBeGreaterThan(0)
    const later = await waitFor(() => readPage(page), (view) => view.rpsPoints > first.rpsPoints && view.requests > first.requests, 3000)
    expect(later.rpsPoints).toBeGreaterThan(first.rpsPoints)
    expect(later.requests).toBeGreaterThan(first.requests)
    expect(later.status).toBe('RUNNING')
    expect(later.generator).toMatch(/^Generator: CPU mean \d+%, max \d+%; event-loop delay p99 [\d.]+ ms/)
    const legends = (await legendLabels(page)).flat()
    expect(legends.some((label) => label.startsWith('p95 budget 500 ms'))).toBe(true)
    expect(legends.some((label) => label.startsWith('p99 budget 1000 ms'))).toBe(true)
    const screenshot = process.env.DASHBOARD_SCREENSHOT
    if (screenshot) {
      // A picture worth keeping has a few seconds of lines, not two points.
      await waitFor(() => readPage(page), (view) => view.rpsPoints >= 15, 20_000)
      await page.screenshot({ path: screenshot, fullPage: true })
    }
  }, 40_000)

  it('refuses a stop without the token, or with it from another origin, and the run goes on', async () => {
    const token = await page.$eval('#dashboard-token', (block) => JSON.parse(block.textContent ?? '""') as string)
    const noToken = await fetch(`${run.url}stop`, { method: 'POST' })
    const foreignOrigin = await fetch(`${run.url}stop`, { method: 'POST', headers: { 'X-Loadgate-Token': token, Origin: 'http://example.com' } })
    expect([noToken.status, foreignOrigin.status]).toEqual([403, 403])
    const before = await readPage(page)
    const after = await waitFor(() => readPage(page), (view) => view.requests > before.requests, 3000)
    expect(after.requests).toBeGreaterThan(before.requests)
    expect(after.status).toBe('RUNNING')
    expect(existsSync(join(run.resultsDir, '.stop-requested'))).toBe(false)
  })

  it('stops the run from its page: partial results within a few seconds, reports written, every process gone', async () => {
    const started = [run.child.pid as number, ...descendantsOf(run.child.pid as number)]
    expect(started.length).toBeGreaterThan(3)
    const stoppedAt = performance.now()
    await page.click('#dashboard-stop')
    const resultFile = join(run.resultsDir, 'health.json')
    await waitFor(async () => existsSync(resultFile), (written) => written, 10_000)
    expect(existsSync(resultFile), run.output()).toBe(true)
    expect(performance.now() - stoppedAt).toBeLessThan(5000)
    const ended = await waitFor(() => page.textContent('#dashboard-status'), (text) => text?.startsWith('The run has ended') === true, 30_000)
    expect(ended).toMatch(/^The run has ended/)
    expect(await Promise.race([run.exited, sleep(30_000).then(() => 'still running')])).not.toBe('still running')
    // Read once the run is over: the verdict file is written when the test ends, a moment after the result.
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as RunResult
    expect([result.aborted, result.total.requests > 0, result.durationMs < 25_000]).toEqual([true, true, true])
    for (const suffix of ['_stats.csv', '_stats_history.csv', '_failures.csv', '.verdict.json']) {
      expect(existsSync(join(run.resultsDir, `health${suffix}`)), `health${suffix}`).toBe(true)
    }
    expect(existsSync(join(run.resultsDir, 'report.html'))).toBe(true)
    await expect.poll(() => started.filter(alive), { timeout: 10_000, interval: 200 }).toEqual([])
    expect(foreign).toEqual([])
    expect(errors).toEqual([])
  }, 90_000)
})
