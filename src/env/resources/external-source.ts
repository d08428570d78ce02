/**
 * `external`: nothing is ours to read from /proc or Docker, so only the
 * services whose metrics URL the user gives (`LOAD_TARGET_METRICS=api=http://…/metrics,worker=…`)
 * are sampled, from their standard process metrics: `process_cpu_seconds_total`
 * and `process_resident_memory_bytes` (prom-client, the Go and Python clients).
 */
import { EnvironmentError } from '../errors.ts'
import { type ServiceName, serviceNames } from '../types.ts'
import { unlabelledSamples } from './prometheus-text.ts'
import type { ResourceSource, SourceReading } from './types.ts'

export interface MetricsTarget {
  service: ServiceName
  url: string
}

/** Every problem of the variable at once; undefined or empty means no target. */
export function parseTargetMetrics(value: string | undefined): MetricsTarget[] {
  const targets: MetricsTarget[] = []
  const problems: string[] = []
  for (const entry of (value ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const [service, url] = [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]
    if (!entry.includes('=')) problems.push(`${JSON.stringify(entry)}: expected service=url`)
    else if (!serviceNames.includes(service as ServiceName)) problems.push(`${JSON.stringify(entry)}: the service must be one of ${serviceNames.join(', ')}`)
    else if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) problems.push(`${JSON.stringify(entry)}: ${JSON.stringify(url)} is not an http(s) URL`)
    else targets.push({ service: service as ServiceName, url })
  }
  if (problems.length > 0) {
    throw new EnvironmentError('ERR_ENV_TARGET_METRICS_INVALID', `LOAD_TARGET_METRICS (service=url,…) is invalid:\n  ${problems.join('\n  ')}`)
  }
  return targets
}

export function externalSource(targets: MetricsTarget[], timeoutMs: number): ResourceSource {
  const previous = new Map<ServiceName, { atMs: number; cpuSeconds: number }>()
  const scrape = async ({ service, url }: MetricsTarget, reading: SourceReading) => {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    const atMs = performance.now()
    const text = await response.text()
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`)
    const samples = unlabelledSamples(text)
    const cpuSeconds = samples.get('process_cpu_seconds_total')
    const rssBytes = samples.get('process_resident_memory_bytes')
    if (cpuSeconds === undefined || rssBytes === undefined) throw new Error(`${url} has no process_cpu_seconds_total or process_resident_memory_bytes`)
    const before = previous.get(service)
    previous.set(service, { atMs, cpuSeconds })
    if (before === undefined) return
    const intervalSec = (atMs - before.atMs) / 1000
    // A counter that went down belongs to a restarted process: all of it is new.
    const usedSec = cpuSeconds >= before.cpuSeconds ? cpuSeconds - before.cpuSeconds : cpuSeconds
    reading.services[service] = { timestampSec: Date.now() / 1000, intervalSec, cpuPercentOfCore: (usedSec / intervalSec) * 100, rssBytes }
  }
  return {
    async read() {
      const reading: SourceReading = { services: {}, problems: [] }
      const outcomes = await Promise.allSettled(targets.map((target) => scrape(target, reading)))
      outcomes.forEach((outcome, index) => {
        if (outcome.status === 'rejected') reading.problems.push(`${targets[index]?.service}: ${(outcome.reason as Error).message}`)
      })
      return reading
    },
    async close() {},
  }
}
