/**
 * Liveness (the process answers), readiness (every dependency answers; 503
 * naming the ones that do not) and a summary for humans and dashboards.
 */
import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../deps.ts'

const checkTimeoutMs = 2000
const startedAt = Date.now()

interface Check {
  name: 'postgres' | 'redis' | 'storage'
  ok: boolean
  latencyMs: number
  error?: string
}

async function timed(name: Check['name'], probe: () => Promise<unknown>): Promise<Check> {
  const start = performance.now()
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs).unref()),
    ])
    return { name, ok: true, latencyMs: Math.round(performance.now() - start) }
  } catch (error) {
    return { name, ok: false, latencyMs: Math.round(performance.now() - start), error: (error as Error).message }
  }
}

function checkAll(deps: AppDeps): Promise<Check[]> {
  return Promise.all([
    timed('postgres', () => deps.pool.query('SELECT 1')),
    timed('redis', () => deps.redis.ping()),
    timed('storage', () => deps.storage.check()),
  ])
}

export function healthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/health/live', async () => ({ status: 'ok' }))

  app.get('/health/ready', async (_request, reply) => {
    const checks = await checkAll(deps)
    const failing = checks.filter((check) => !check.ok)
    if (failing.length === 0) return { status: 'ready' }
    return reply.code(503).send({
      error: 'not_ready',
      message: `not ready: ${failing.map((check) => `${check.name} (${check.error})`).join(', ')}`,
      failing: failing.map((check) => check.name),
    })
  })

  app.get('/api/v1/health', async (_request, reply) => {
    const checks = await checkAll(deps)
    const ok = checks.every((check) => check.ok)
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      uptimeSec: Math.round((Date.now() - startedAt) / 1000),
      checks: Object.fromEntries(checks.map(({ name, ...rest }) => [name, rest])),
    })
  })
}
