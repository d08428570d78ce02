/** The `load` project from loadgate, after a setup of our own that starts our API (`npx loadgate run`). */
import { loadProject } from 'loadgate/vitest/config'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [loadProject({ include: ['tests/load/**/*.load.test.ts'], globalSetup: ['tests/start-api.ts'] })],
  },
})
