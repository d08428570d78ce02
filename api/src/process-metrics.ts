/**
 * This process's own metrics the standard way (prom-client's defaults: CPU
 * seconds, resident memory, heap, event-loop lag, GC), in the Prometheus text
 * format, so a load test can see what its load costs the API and the worker
 * wherever they run. A registry of its own, not prom-client's global one, so
 * building the app twice in one process does not register twice.
 */
import { collectDefaultMetrics, Registry } from 'prom-client'

export interface ProcessMetrics {
  contentType: string
  text(): Promise<string>
}

export function processMetrics(): ProcessMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  return { contentType: registry.contentType, text: () => registry.metrics() }
}
