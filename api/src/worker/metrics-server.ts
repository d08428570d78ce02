/**
 * The worker serves no HTTP, so its process metrics get a server of their own,
 * only when WORKER_METRICS_PORT asks for one: `GET /metrics` on that port.
 */
import { createServer } from 'node:http'
import { once } from 'node:events'
import { processMetrics } from '../process-metrics.ts'

/** Resolves once listening; the returned function closes the server. */
export async function startMetricsServer(host: string, port: number): Promise<() => Promise<void>> {
  const metrics = processMetrics()
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end()
      return
    }
    metrics.text().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: Error) => response.writeHead(500).end(error.message),
    )
  })
  server.listen(port, host)
  await once(server, 'listening')
  return () => new Promise((resolve) => server.close(() => resolve()))
}
