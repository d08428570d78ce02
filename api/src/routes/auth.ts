/** Register and login. Login is rate-limited per username and address. */
import type { FastifyInstance } from 'fastify'
import { decoyHash, hashPassword, verifyPassword } from '../auth/passwords.ts'
import { insertUser, findUserByName, userView } from '../data/users.ts'
import { fromDependency } from '../dependency-errors.ts'
import type { AppDeps } from '../deps.ts'
import { ApiError, conflict, unauthorized } from '../errors.ts'

const credentialsSchema = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', pattern: '^[A-Za-z0-9_.-]{3,64}$' },
    password: { type: 'string', minLength: 8, maxLength: 128 },
  },
} as const

interface Credentials {
  username: string
  password: string
}

export function authRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Body: Credentials }>('/api/v1/auth/register', { schema: { body: credentialsSchema } }, async (request, reply) => {
    const { username, password } = request.body
    const user = await insertUser(deps.pool, username, await hashPassword(password))
    if (user === undefined) throw conflict(`username ${username} is taken`)
    const { token, expiresAt } = await deps.tokens.issue(user.id)
    return reply.code(201).send({ user: userView(user), token, expiresAt })
  })

  app.post<{ Body: Credentials }>('/api/v1/auth/login', { schema: { body: credentialsSchema } }, async (request, reply) => {
    const { username, password } = request.body
    const decision = await fromDependency('redis', deps.loginLimiter(username, request.ip))
    if (!decision.allowed) {
      reply.header('retry-after', String(decision.retryAfterSec))
      throw new ApiError(429, 'too_many_requests', 'too many login attempts; retry after the time in Retry-After')
    }
    const user = await findUserByName(deps.pool, username)
    const matches = await verifyPassword(user?.password_hash ?? (await decoyHash), password)
    if (user === undefined || !matches) throw unauthorized('wrong username or password')
    const { token, expiresAt } = await deps.tokens.issue(user.id)
    return { user: userView(user), token, expiresAt }
  })
}
