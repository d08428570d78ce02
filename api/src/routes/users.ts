/** The signed-in user and their statistics. */
import type { FastifyInstance } from 'fastify'
import { findUserById, userStats, userView } from '../data/users.ts'
import type { AppDeps } from '../deps.ts'
import { notFound } from '../errors.ts'

export function userRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/api/v1/users/me', async (request) => {
    const user = await findUserById(deps.pool, request.userId)
    if (user === undefined) throw notFound('user')
    return userView(user)
  })

  app.get('/api/v1/users/me/stats', async (request) => userStats(deps.pool, request.userId))
}
