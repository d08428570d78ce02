/**
 * Liveness (the process answers), readiness (every dependency answers; 503
 * naming the ones that do not) and a summary for humans and dashboards, which
 * also says whether a worker runs and how many jobs wait.
 */
import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../deps.ts'
import { readHeartbeat, type WorkerHeartbeat } from '../worker-heartbeat.ts'

const checkTimeoutMs = 2000
const startedAt = Date.now()

interface Check {
  name: 'postgres' | 'redis' | 'storage'
  ok: boolean
  latencyMs: number
  error?: string
}

function withTimeout<T>(probe: () => Promise<T>): Promise<T> {
  return Promise.race([
    probe(),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs).unref()),
  ])
}

async function timed(name: Check['name'], probe: () => Promise<unknown>): Promise<Check> {
  const start = performance.now()
  try {
    await withTimeout(probe)
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

/** The worker's heartbeat and the queue's depth; each null with an error when Redis does not answer. */
async function workSummary(deps: AppDeps) {
  const [worker, queue] = await Promise.allSettled([
    withTimeout(() => readHeartbeat(deps.redis, deps.config.queueName)),
    withTimeout(() => deps.queue.getJobCounts('waiting', 'active', 'delayed')),
  ])
  const unknownWorker: WorkerHeartbeat & { error?: string } = { ok: false, lastSeenSec: null }
  return {
    worker: worker.status === 'fulfilled' ? worker.value : { ...unknownWorker, error: (worker.reason as Error).message },
    queue:
      queue.status === 'fulfilled'
        ? { waiting: queue.value.waiting ?? 0, active: queue.value.active ?? 0, delayed: queue.value.delayed ?? 0 }
        : { error: (queue.reason as Error).message },
  }
}

export function healthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/health/live', async () => ({ status: 'ok' }))

  // The API's own dependencies only: a dead worker does not stop the API serving (tasks wait); /api/v1/health shows it.
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
    const [checks, work] = await Promise.all([checkAll(deps), workSummary(deps)])
    const ok = checks.every((check) => check.ok)
    // The code is about the API's dependencies, as readiness; a dead worker only makes the status `degraded`.
    return reply.code(ok ? 200 : 503).send({
      status: ok && work.worker.ok ? 'ok' : 'degraded',
      uptimeSec: Math.round((Date.now() - startedAt) / 1000),
      checks: Object.fromEntries(checks.map(({ name, ...rest }) => [name, rest])),
      ...work,
    })
  })
}
