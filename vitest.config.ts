/**
 * Three projects: `unit` (the engine against in-process servers), `api`
 * (functional tests of the reference API) and `load` (the load suite, one file
 * per endpoint category, run one file at a time so categories do not load the
 * machine together).
 */
import { defineConfig } from 'vitest/config'
import { parseDuration, resolveProfile, totalProfileMs } from './src/engine/profiles.ts'

/** A load test may take its profile's whole duration, plus set-up and the end of in-flight work. */
function loadTestTimeoutMs(): number {
  const scaled = process.env.LOAD_DURATION ? parseDuration(process.env.LOAD_DURATION) : undefined
  return totalProfileMs(resolveProfile(process.env.LOAD_PROFILE ?? 'smoke', scaled)) + 120_000
}

const ciReports = Boolean(process.env.CI) || process.env.LOADGATE_CI_REPORTS === '1'

export default defineConfig({
  test: {
    // The JSON report is always written (CI counts passed and failed from it);
    // JUnit and Sonar files when CI is set or LOADGATE_CI_REPORTS=1.
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
      {
        test: {
          name: 'load',
          include: ['tests/load/**/*.load.test.ts'],
          fileParallelism: false,
          globalSetup: ['src/vitest/global-setup.ts'],
          setupFiles: ['src/vitest/setup.ts'],
          testTimeout: loadTestTimeoutMs(),
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
