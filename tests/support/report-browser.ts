/** Opens a report file in headless Chromium and records what the page tried to do besides drawing. */
import { type Browser, chromium, type Page } from 'playwright-core'
import { describe } from 'vitest'
import { envSwitch } from '../../src/vitest/env-switch.ts'
import { findBrowser } from './find-browser.ts'

// The flags that let Debian's Chromium start here, and keep it from calling home on its own.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

const found = findBrowser(process.env, chromium.executablePath())
// CI must not pass by skipping what it cannot run; on a developer's machine a missing browser is one line, not six failures.
const browserRequired = Boolean(process.env.CI) || envSwitch('LOADGATE_REQUIRE_BROWSER')
const problem = 'problem' in found ? `headless Chromium: ${found.problem}` : undefined
if (problem && !browserRequired) console.warn(`${problem}; browser tests skipped (CI or LOADGATE_REQUIRE_BROWSER=1 makes this a failure)`)

/** A describe for tests that open a page: skipped without a browser, unless one is required. */
export const describeInBrowser = describe.skipIf(problem !== undefined && !browserRequired)

export async function launchBrowser(): Promise<Browser> {
  if ('problem' in found) throw new Error(problem)
  return chromium.launch({ executablePath: found.path, args: ARGS })
}

export interface OpenedReport {
  page: Page
  /** Every URL requested that is not the file itself. */
  requests: string[]
  /** Alerts, confirms and prompts: a script smuggled in through the data would show here. */
  dialogs: string[]
  /** Console errors, CSP refusals among them. */
  errors: string[]
}

export async function openReport(browser: Browser, file: string): Promise<OpenedReport> {
  const page = await browser.newPage()
  const opened: OpenedReport = { page, requests: [], dialogs: [], errors: [] }
  page.on('request', (request) => {
    if (!request.url().startsWith('file://')) opened.requests.push(request.url())
  })
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  page.on('console', (message) => {
    if (message.type() === 'error') opened.errors.push(message.text())
  })
  page.on('pageerror', (error) => opened.errors.push(error.message))
  await page.goto(`file://${file}`)
  return opened
}

/** The legend labels of each chart, in order (uPlot's first row is the x axis). */
export function legendLabels(page: Page): Promise<string[][]> {
  return page.$$eval('.uplot', (charts) => charts.map((chart) => [...chart.querySelectorAll('.u-legend .u-series .u-label')].map((label) => label.textContent ?? '').slice(1)))
}
