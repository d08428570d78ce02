/**
 * The load project as `npm run load` has it, over the category of
 * tests/api/workers.test.ts alone: a test-only category must not join the
 * suite's own (tests/load).
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../../../', import.meta.url)),
    projects: [
      {
        test: {
          name: 'load',
          include: ['tests/support/workers/*.load.test.ts'],
          fileParallelism: false,
          globalSetup: ['src/vitest/global-setup.ts'],
          setupFiles: ['src/vitest/setup.ts'],
          // Short in the test of a timed-out run (WORKERS_TEST_TIMEOUT_MS).
          testTimeout: Number(process.env.WORKERS_TEST_TIMEOUT_MS ?? 180_000),
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
