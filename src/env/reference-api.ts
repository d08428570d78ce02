/**
 * `local` and `containers` start the reference API of the loadgate
 * repository (api/). An installed package has none: a user's project is
 * told, in one line, how to point the run at its own API instead.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { EnvironmentError } from './errors.ts'

const referenceApiMain = fileURLToPath(new URL('../../api/src/main.ts', import.meta.url))

export function assertReferenceApi(kind: 'local' | 'containers'): void {
  if (existsSync(referenceApiMain)) return
  throw new EnvironmentError(
    'ERR_ENV_NO_REFERENCE_API',
    `LOAD_ENV=${kind} starts loadgate's own reference API, which only its repository has; point the run at your API with --env external --base-url URL (LOAD_ENV, LOAD_BASE_URL), or start it in a global setup of your load project (see loadgate's README, "Install in your project")`,
  )
}
