/** Errors of src/env, each with a stable code a caller or a test can match on. */

export type EnvironmentErrorCode =
  | 'ERR_ENV_UNKNOWN_KIND'
  | 'ERR_ENV_BASE_URL_MISSING'
  | 'ERR_ENV_BASE_URL_INVALID'
  | 'ERR_ENV_UNREACHABLE'
  | 'ERR_ENV_BINARY_MISSING'
  | 'ERR_ENV_SERVICE_EXITED'
  | 'ERR_ENV_SERVICE_TIMEOUT'
  | 'ERR_ENV_UNKNOWN_SERVICE'
  | 'ERR_ENV_STOPPED'
  | 'ERR_ENV_DOCKER_UNAVAILABLE'
  | 'ERR_ENV_IMAGE_UNAVAILABLE'
  | 'ERR_ENV_TARGET_METRICS_INVALID'
  | 'ERR_ENV_NO_REFERENCE_API'

export class EnvironmentError extends Error {
  readonly code: EnvironmentErrorCode

  constructor(code: EnvironmentErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'EnvironmentError'
    this.code = code
  }
}
