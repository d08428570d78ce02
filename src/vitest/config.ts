/**
 * `loadgate/vitest/config`: the `load` project for a Vitest config. Kept apart
 * from `loadgate/vitest` because a config file runs outside any test, where
 * the fixture and the matcher (which import Vitest's test API) must not load.
 * The paths point at this module's own siblings, so they name the `.ts`
 * sources in this repository and the built `.js` files in the package.
 */
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProjectInlineConfiguration } from 'vitest/config'

const sibling = (name: string): string => fileURLToPath(new URL(`./${name}${extname(import.meta.url)}`, import.meta.url))

/** The package's global setup: starts or reaches the API (`LOAD_ENV`), the live channel, the reports. */
export const globalSetupPath = sibling('global-setup')
/** The setup file: registers `toMeetBudgets` and fails every file with the global setup's reason. */
export const setupPath = sibling('setup')

export interface LoadProjectOptions {
  /** The load test files (default `tests/load/**\/*.load.test.ts`); `npx loadgate run --only` names them by their stem. */
  include?: string[]
  /**
   * The project's own global setups, run before the package's: one may start
   * the project's API and set `LOAD_ENV=external` and `LOAD_BASE_URL`, or make
   * upload fixtures and `provide('fixturesDir', dir)`. One that fails should
   * `provide('setupError', reason)`: nothing starts, and every file fails with it.
   */
  globalSetup?: string[]
}

/** The `load` project: one file at a time, so categories do not load the machine together. */
export function loadProject(options: LoadProjectOptions = {}): TestProjectInlineConfiguration {
  return {
    test: {
      name: 'load',
      include: options.include ?? ['tests/load/**/*.load.test.ts'],
      fileParallelism: false,
      globalSetup: [...(options.globalSetup ?? []), globalSetupPath],
      setupFiles: [setupPath],
      // Off: fixed at collection, it could not know a scenario's own shape. The fixture bounds each run by the shape it runs (run-deadline.ts).
      testTimeout: 0,
      hookTimeout: 120_000,
    },
  }
}
