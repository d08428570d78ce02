/**
 * The uniform error body `{ error, message }`. Bad input of any kind is a 4xx;
 * a dependency that is down or hangs is a 503 naming it; only a fault of this
 * service is a 500, and its details stay in the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { trackAllowedMethods } from './allowed-methods.ts'
import { DependencyUnavailableError } from './dependency-errors.ts'
import { ApiError } from './errors.ts'

const codeByStatus: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  422: 'unprocessable',
  429: 'too_many_requests',
}

/** Framework errors whose default status is not the one a client should see. */
const statusByFrameworkCode: Record<string, number> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 415,
  FST_INVALID_MULTIPART_CONTENT_TYPE: 415,
  FST_ERR_CTP_BODY_TOO_LARGE: 413,
  FST_REQ_FILE_TOO_LARGE: 413,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 400,
}

export function errorBody(statusCode: number, message: string, code?: string) {
  return { error: code ?? codeByStatus[statusCode] ?? 'error', message }
}

/** Call before any route is added: the 405 answers need to see every route. */
export function installErrorHandlers(app: FastifyInstance): void {
  const allowedMethods = trackAllowedMethods(app)
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof DependencyUnavailableError) return dependencyUnavailable(error, request, reply)
    if (error instanceof ApiError) return reply.code(error.statusCode).send(errorBody(error.statusCode, error.message, error.code))
    if ('validation' in error && error.validation !== undefined) {
      return reply.code(400).send(errorBody(400, error.message, 'validation_failed'))
    }
    const status = statusByFrameworkCode[error.code] ?? error.statusCode ?? 500
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody(status, error.message))
    request.log.error({ err: error }, 'unhandled error')
    return reply.code(500).send(errorBody(500, 'internal error', 'internal_error'))
  })
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? ''
    const allowed = allowedMethods(path)
    if (allowed.length === 0) return reply.code(404).send(errorBody(404, `no route for ${request.method} ${path}`))
    const allow = allowed.join(', ')
    return reply.code(405).header('allow', allow).send(errorBody(405, `${request.method} is not allowed on ${path}; allowed: ${allow}`))
  })
}

/** One warn line, no stack: an outage is expected operations, and under load it repeats per request. */
function dependencyUnavailable(error: DependencyUnavailableError, request: FastifyRequest, reply: FastifyReply) {
  request.log.warn(`${request.method} ${request.routeOptions.url}: ${error.message}`)
  reply.header('retry-after', String(error.retryAfterSec))
  // `dependency` is a stable token, so a load test's failures table can group by it.
  return reply.code(503).send({ ...errorBody(503, error.message, error.code), dependency: error.dependency })
}
