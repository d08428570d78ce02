/**
 * A dependency that is down or not answering is the operator's problem, not a
 * bug here: the client gets 503 `dependency_unavailable` naming it, with
 * Retry-After, instead of a 500 or a hang. Errors are tagged where the call to
 * the dependency is made (only there is it known which one failed) and
 * classified by their code or class, never by their message.
 */
import { ApiError } from './errors.ts'

export type Dependency = 'postgres' | 'redis' | 'storage'

/** Outages seen so far last seconds (a restart, a failover); a client retrying sooner only adds load. */
export const retryAfterSec = 2

/** SQLSTATEs that say the server cannot serve this session now, not that the query was wrong. */
const unavailableSqlStates = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '53300', // too_many_connections
  '57014', // query_canceled (statement_timeout, or a cancel from outside)
])

/** Redis error replies (their first word is the error code) that say the server is not serving yet. */
const unavailableRedisCodes = new Set(['LOADING', 'BUSY', 'MASTERDOWN', 'TRYAGAIN', 'CLUSTERDOWN'])

/** A bug in this service (a wrong argument) stays a 500 whichever call it came from. */
const programmingErrors = [TypeError, RangeError, SyntaxError, ReferenceError]

/**
 * True when `error`, raised by a call to `dependency`, means the dependency is
 * down or not answering. Errors the server answered with (a constraint
 * violation, a missing key) are false: the dependency is up and said no.
 * Everything the client library raises itself (refused, reset, terminated,
 * timed out, not connected) is true.
 */
export function isUnavailable(dependency: Dependency, error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof ApiError) return false
  if (programmingErrors.some((kind) => error instanceof kind)) return false
  const { code, name } = error as Error & { code?: unknown }
  if (dependency === 'postgres') {
    // A five-character code is the server's SQLSTATE; Node's socket codes (ECONNREFUSED…) are longer.
    const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
    return sqlState === undefined || sqlState.startsWith('08') || unavailableSqlStates.has(sqlState)
  }
  if (dependency === 'redis') {
    if (name !== 'ReplyError') return true
    return unavailableRedisCodes.has(error.message.split(' ', 1)[0] ?? '')
  }
  // Storage: the S3 SDK marks each service error as the client's fault (404, 403) or the server's (5xx).
  const fault = (error as { $fault?: unknown }).$fault
  return fault === undefined || fault === 'server'
}

export class DependencyUnavailableError extends ApiError {
  readonly dependency: Dependency
  readonly retryAfterSec = retryAfterSec
  constructor(dependency: Dependency, cause: Error) {
    super(503, 'dependency_unavailable', `${dependency} is unavailable: ${cause.message}`)
    this.name = 'DependencyUnavailableError'
    this.dependency = dependency
    this.cause = cause
  }
}

/** The error to rethrow from a call to `dependency`: tagged when it means an outage, else unchanged. */
export function asDependencyError(dependency: Dependency, error: unknown): unknown {
  return isUnavailable(dependency, error) ? new DependencyUnavailableError(dependency, error as Error) : error
}

/** Awaits `work`, a call to `dependency`, tagging an outage on the way out. */
export async function fromDependency<T>(dependency: Dependency, work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    throw asDependencyError(dependency, error)
  }
}
