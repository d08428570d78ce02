/**
 * The `containers` environment (testcontainers: Postgres, Redis, MinIO and the
 * API image from api/Dockerfile) is not built yet — issue 4 stays open for it.
 * Asking for it fails at once with a message saying so and what to use instead,
 * rather than with a module-not-found error.
 */
import { EnvironmentError } from '../errors.ts'
import type { StartedEnvironment, StartEnvironmentOptions } from '../types.ts'

export function startContainersEnvironment(_options: StartEnvironmentOptions): Promise<StartedEnvironment> {
  return Promise.reject(
    new EnvironmentError(
      'ERR_ENV_KIND_UNAVAILABLE',
      'LOAD_ENV=containers is not available in this version of loadgate (the testcontainers environment is not built yet); use LOAD_ENV=local (the default) or LOAD_ENV=external with LOAD_BASE_URL',
    ),
  )
}
