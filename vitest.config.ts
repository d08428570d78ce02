/**
 * Three projects: `unit` (the engine against in-process servers), `api`
 * (functional tests of the reference API) and `load` (the load suite, one file
 * per endpoint category, run one file at a time so categories do not load the
 * machine together).
 */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'results/vitest.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
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
        },
      },
    ],
  },
})
