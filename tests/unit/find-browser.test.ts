/** Where the report tests look for Chromium, and the one line they give when there is none. */
import { describe, expect, it } from 'vitest'
import { findBrowser } from '../support/find-browser.ts'

const PLAYWRIGHT = '/home/u/.cache/ms-playwright/chromium-1/chrome-linux64/chrome'
const only = (...paths: string[]) => (path: string) => paths.includes(path)

describe('findBrowser', () => {
  it('takes the first variable set, ours before CHROME_PATH and PUPPETEER_EXECUTABLE_PATH, over any installed browser', () => {
    const env = { CHROME_PATH: '/opt/chrome', PUPPETEER_EXECUTABLE_PATH: '/opt/puppeteer', PATH: '/usr/bin' }
    const executable = only('/opt/chrome', '/opt/puppeteer', '/opt/ours', PLAYWRIGHT, '/usr/bin/chromium')
    expect(findBrowser(env, PLAYWRIGHT, executable)).toEqual({ path: '/opt/chrome' })
    expect(findBrowser({ ...env, LOADGATE_CHROME: '/opt/ours' }, PLAYWRIGHT, executable)).toEqual({ path: '/opt/ours' })
  })

  it('names a variable that points at nothing rather than quietly using another browser', () => {
    expect(findBrowser({ LOADGATE_CHROME: '/nowhere/chrome' }, PLAYWRIGHT, only(PLAYWRIGHT))).toEqual({ problem: 'LOADGATE_CHROME=/nowhere/chrome is not an executable file' })
  })

  it("prefers Playwright's own download, then the usual names on PATH, then /usr/bin and /snap/bin", () => {
    expect(findBrowser({ PATH: '/usr/local/bin' }, PLAYWRIGHT, only(PLAYWRIGHT, '/usr/local/bin/chromium'))).toEqual({ path: PLAYWRIGHT })
    expect(findBrowser({ PATH: '/usr/local/bin' }, PLAYWRIGHT, only('/usr/local/bin/google-chrome-stable', '/usr/bin/chromium-browser'))).toEqual({ path: '/usr/bin/chromium-browser' })
    expect(findBrowser({ PATH: '/usr/local/bin' }, PLAYWRIGHT, only('/usr/local/bin/google-chrome-stable'))).toEqual({ path: '/usr/local/bin/google-chrome-stable' })
    expect(findBrowser({}, PLAYWRIGHT, only('/snap/bin/chromium'))).toEqual({ path: '/snap/bin/chromium' })
  })

  it('says in one line what to install and which variable to set when there is none', () => {
    const found = findBrowser({ PATH: '/usr/local/bin' }, PLAYWRIGHT, () => false)
    expect(found).toEqual({ problem: expect.stringMatching(/^no Chromium found: install Chromium .*apt-get install -y chromium.* LOADGATE_CHROME$/) })
  })
})
