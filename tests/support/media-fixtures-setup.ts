/**
 * This repository's own global setup step for the load project: the media
 * fixtures, made with ffmpeg when missing (ffmpeg installed first, as root on
 * Debian), handed to the `fixtures` fixture as `fixturesDir`. It runs before
 * the package's global setup; when it fails, its one-line reason stops that
 * setup from starting anything, and every load file fails with it (see
 * src/vitest/setup.ts) rather than under a stack of Vitest's.
 */
import type { TestProject } from 'vitest/node'
import { ensureFixtures, fixturesAreCurrent, fixturesDir } from '../../scripts/fixtures.ts'
import { ensureSystemBinaries } from '../../src/env/index.ts'
import '../../src/vitest/provided.ts'

export default async function setup(project: TestProject): Promise<void> {
  try {
    if (!fixturesAreCurrent()) await ensureSystemBinaries(['ffmpeg'])
    ensureFixtures()
    project.provide('fixturesDir', fixturesDir)
  } catch (error) {
    const reason = `loadgate: the media fixtures could not be made: ${error instanceof Error ? error.message : String(error)}`
    console.error(reason)
    project.provide('setupError', reason)
  }
}
