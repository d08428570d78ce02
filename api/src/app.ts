/**
 * The Fastify application: plugins, error handling, authentication for
 * everything under /api/v1 except health, auth and the socket (which checks
 * its own token), `/metrics` outside it, and the optional deliberate slowdown.
 */
import multipart from '@fastify/multipart'
import websocket from '@fastify/websocket'
import Fastify, { type FastifyInstance, type FastifyRequest, LogController } from 'fastify'
import type { WebSocket } from 'ws'
import { bearerToken } from './auth/tokens.ts'
import type { AppDeps } from './deps.ts'
import { unauthorized } from './errors.ts'
import { installErrorHandlers } from './http-errors.ts'
import { authRoutes } from './routes/auth.ts'
import { fileRoutes } from './routes/files.ts'
import { healthRoutes } from './routes/health.ts'
import { metricsRoutes } from './routes/metrics.ts'
import { taskRoutes } from './routes/tasks.ts'
import { userRoutes } from './routes/users.ts'
import { websocketRoutes } from './routes/ws.ts'

declare module 'fastify' {
  interface FastifyRequest {
    userId: string
  }
}

/** JSON bodies here are a few ids and numbers; anything bigger is a mistake or an attack. */
const jsonBodyLimitBytes = 64 * 1024

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.config.logLevel },
    // One log line per request would cost more CPU than the requests themselves under load.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: jsonBodyLimitBytes,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  })
  app.decorateRequest('userId', '')
  installErrorHandlers(app)
  await app.register(multipart)
  await app.register(websocket, { options: { maxPayload: 64 * 1024 }, errorHandler: onSocketError })
  if (deps.config.slowEndpoints.size > 0) installSlowdown(app, deps.config.slowEndpoints)

  healthRoutes(app, deps)
  metricsRoutes(app)
  authRoutes(app, deps)
  websocketRoutes(app, deps)
  await app.register(async (authenticated) => {
    authenticated.addHook('onRequest', async (request) => {
      const token = bearerToken(request.headers.authorization)
      if (token === undefined) throw unauthorized('missing Authorization: Bearer token')
      request.userId = await deps.tokens.verify(token)
    })
    userRoutes(authenticated, deps)
    fileRoutes(authenticated, deps)
    taskRoutes(authenticated, deps)
  })
  return app
}

/**
 * A client breaking the WebSocket protocol (a frame over maxPayload, a bad
 * opcode) is bad input, not a fault here: `ws` has already sent the close
 * code it calls for (1009 for a frame too big), so one warn line and no
 * terminate, which could cut that close frame off. Anything else keeps the
 * plugin's default: log the error and drop the socket.
 */
function onSocketError(error: Error, socket: WebSocket, request: FastifyRequest): void {
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && code.startsWith('WS_ERR_')) {
    request.log.warn(`websocket closed: ${error.message} (${code})`)
    return
  }
  request.log.error(error)
  socket.terminate()
}

/** `API_SLOW_ENDPOINTS`: adds the configured delay to the matching route templates. */
function installSlowdown(app: FastifyInstance, delays: Map<string, number>): void {
  app.addHook('onRequest', async (request) => {
    const delayMs = delays.get(`${request.method} ${request.routeOptions.url}`)
    if (delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, delayMs))
  })
}
