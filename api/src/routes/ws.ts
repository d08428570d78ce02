/**
 * The event socket. The token comes in `?token=` (browsers cannot set headers
 * on a WebSocket) or the Authorization header. The socket gets only its own
 * user's task events, says `{"type":"ready"}` once subscribed, and answers pings.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'
import { bearerToken } from '../auth/tokens.ts'
import type { AppDeps } from '../deps.ts'
import { unauthorized } from '../errors.ts'

const wsQuery = {
  type: 'object',
  properties: { token: { type: 'string', maxLength: 4096 } },
} as const

function answer(socket: WebSocket, raw: string): void {
  let message: unknown
  try {
    message = JSON.parse(raw)
  } catch {
    socket.send(JSON.stringify({ type: 'error', message: 'messages must be JSON' }))
    return
  }
  const { type, id } = (message ?? {}) as { type?: unknown; id?: unknown }
  if (type === 'ping') socket.send(JSON.stringify({ type: 'pong', id }))
  else socket.send(JSON.stringify({ type: 'error', message: 'the only message this socket understands is {"type":"ping","id":…}' }))
}

export function websocketRoutes(app: FastifyInstance, deps: AppDeps): void {
  const authenticate = async (request: FastifyRequest<{ Querystring: { token?: string } }>) => {
    const token = bearerToken(request.headers.authorization) ?? request.query.token
    if (token === undefined) throw unauthorized('pass the token as ?token= or an Authorization: Bearer header')
    request.userId = await deps.tokens.verify(token)
  }

  app.get<{ Querystring: { token?: string } }>(
    '/api/v1/ws',
    { websocket: true, schema: { querystring: wsQuery }, preValidation: authenticate },
    (socket, request) => {
      let unsubscribe: (() => void) | undefined
      let closed = false
      socket.on('message', (data) => answer(socket, data.toString()))
      socket.on('close', () => {
        closed = true
        unsubscribe?.()
      })
      deps.events
        .subscribe(request.userId, (event) => socket.send(event))
        .then((stop) => {
          if (closed) return stop()
          unsubscribe = stop
          socket.send(JSON.stringify({ type: 'ready' }))
        })
        .catch((error: Error) => {
          request.log.error(`websocket subscribe: ${error.message}`)
          socket.close(1011, 'events unavailable')
        })
    },
  )
}
