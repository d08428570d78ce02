/** The `load` project a config gets from `loadgate/vitest/config`: the project's own setups first, files one at a time. */
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { globalSetupPath, loadProject, setupPath } from '../../src/vitest/config.ts'

describe('loadProject', () => {
  // testTimeout 0: the fixture bounds each run by the shape it runs (run-deadline.ts), which a timeout fixed at collection cannot know.
  it('runs the project’s own global setups before the package’s, so one can start the API it points at', () => {
    const { test } = loadProject({ include: ['perf/*.load.test.ts'], globalSetup: ['tests/start-api.ts'] })
    expect(test).toMatchObject({ name: 'load', include: ['perf/*.load.test.ts'], fileParallelism: false, testTimeout: 0, globalSetup: ['tests/start-api.ts', globalSetupPath], setupFiles: [setupPath] })
  })

  it('names its setup files beside itself, sources here and built files in the package', () => {
    expect(globalSetupPath).toMatch(/src\/vitest\/global-setup\.ts$/)
    expect(existsSync(globalSetupPath) && existsSync(setupPath)).toBe(true)
  })
})
