/**
 * For tests that need a Docker engine: they run when one answers, and also
 * when LOADGATE_REQUIRE_DOCKER=1 (as .ci/run sets), where a missing engine must
 * be a failure and not a skip.
 */
import { describe } from 'vitest'
import { dockerEngine } from '../../src/env/containers/docker-engine.ts'
import { envSwitch } from '../../src/vitest/env-switch.ts'

export async function describeNeedingDocker(file: string): Promise<typeof describe> {
  const engine = dockerEngine()
  const answers = await engine.listContainers('loadgate.run').then(
    () => true,
    () => false,
  )
  await engine.close()
  if (!answers) console.warn(`${file}: no Docker engine answers; skipped (LOADGATE_REQUIRE_DOCKER=1 makes it a failure)`)
  return describe.skipIf(!answers && !envSwitch('LOADGATE_REQUIRE_DOCKER')) as typeof describe
}
