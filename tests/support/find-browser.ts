/**
 * Finds a Chromium for the report tests the way browser tooling does: a path
 * named in the environment first, then Playwright's own download, then the
 * usual system names on PATH and in the usual folders.
 */
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

/** The variables that name a browser, ours first, then those Puppeteer and chrome-launcher users already set. */
export const BROWSER_VARIABLES = ['LOADGATE_CHROME', 'CHROME_PATH', 'PUPPETEER_EXECUTABLE_PATH'] as const

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']
const FOLDERS = ['/usr/bin', '/snap/bin']

const INSTALL_HINT = `install Chromium (as root: apt-get install -y chromium; or npx playwright-core install chromium) or name it in LOADGATE_CHROME`

export type FoundBrowser = { path: string } | { problem: string }

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * `playwrightPath` is where Playwright keeps the browser it downloads
 * (`chromium.executablePath()`), the one matching its version exactly.
 * A variable that names a missing file is a problem, not a reason to look
 * elsewhere: whoever set it meant that browser.
 */
export function findBrowser(env: NodeJS.ProcessEnv, playwrightPath: string, executable: (path: string) => boolean = isExecutable): FoundBrowser {
  for (const name of BROWSER_VARIABLES) {
    const path = env[name]
    if (!path) continue
    return executable(path) ? { path } : { problem: `${name}=${path} is not an executable file` }
  }
  const folders = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...FOLDERS]
  const candidates = [playwrightPath, ...NAMES.flatMap((name) => folders.map((folder) => join(folder, name)))]
  const path = candidates.find(executable)
  return path ? { path } : { problem: `no Chromium found: ${INSTALL_HINT}` }
}
