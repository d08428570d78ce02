/**
 * Three projects: `unit` (the engine against in-process servers), `api`
 * (functional tests of the reference API) and `load` (the load suite, one file
 * per endpoint category, see src/vitest/config.ts).
 */
import { defineConfig } from 'vitest/config'
import { loadProject } from './src/vitest/config.ts'
import { envSwitch } from './src/vitest/env-switch.ts'

const ciReports = Boolean(process.env.CI) || envSwitch('LOADGATE_CI_REPORTS')

export default defineConfig({
  test: {
    // The JSON report is always written (CI counts passed and failed from it);
    // JUnit and Sonar files when CI is set or LOADGATE_CI_REPORTS is on (1, true, yes, on).
    reporters: ciReports ? ['default', 'json', 'junit', 'vitest-sonar-reporter'] : ['default', 'json'],
    outputFile: {
      json: 'results/vitest.json',
      junit: 'results/junit.xml',
      'vitest-sonar-reporter': 'results/sonar-report.xml',
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          setupFiles: ['src/vitest/setup.ts'],
        },
      },
      {
        test: {
          name: 'api',
          include: ['tests/api/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      // The same project a user's config adds with `loadgate/vitest/config`, plus this repository's media fixtures.
      loadProject({ globalSetup: ['tests/support/media-fixtures-setup.ts'] }),
    ],
  },
})
