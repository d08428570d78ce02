/**
 * The load project as `npm run load` has it (media fixtures, then the
 * package's global setup), over the categories of
 * tests/api/resource-budgets.test.ts alone: a test-only category must not
 * join the suite's own (tests/load).
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { loadProject } from '../../../src/vitest/config.ts'

const project = loadProject({ include: ['tests/support/resources/*.load.test.ts'], globalSetup: ['tests/support/media-fixtures-setup.ts'] })

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../../../', import.meta.url)),
    projects: [project],
  },
})
