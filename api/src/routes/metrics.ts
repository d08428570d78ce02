/**
 * `GET /metrics`: the process metrics for a Prometheus scrape or a load test's
 * resource sampler. Outside authentication, as scrapers carry no token.
 */
import type { FastifyInstance } from 'fastify'
import { processMetrics } from '../process-metrics.ts'

export function metricsRoutes(app: FastifyInstance): void {
  const metrics = processMetrics()
  app.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.text()))
}
