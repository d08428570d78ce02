/**
 * The end-of-run table, laid out as Locust's: requests and failures with
 * mean/min/max/median and rates, then the percentile row per endpoint, and
 * what the run cost the target's services.
 */
import type { EndpointResult, RunResult } from '../engine/result.ts'
import { padEnd, padStart } from './format.ts'
import { formatResourcesBlock } from './resources-table.ts'

const ms = (value: number): string => value.toFixed(value >= 100 ? 0 : 1)

function splitName(name: string): [string, string] {
  const space = name.indexOf(' ')
  return space > 0 && space < 8 ? [name.slice(0, space), name.slice(space + 1)] : ['', name]
}

function statsRow(endpoint: EndpointResult, nameWidth: number): string {
  const [type, name] = endpoint.name === 'Aggregated' ? ['', 'Aggregated'] : splitName(endpoint.name)
  const fails = `${endpoint.failures}(${(endpoint.failureRate * 100).toFixed(2)}%)`
  return [
    padEnd(type, 7),
    padEnd(name, nameWidth),
    padStart(String(endpoint.requests), 8),
    padStart(fails, 14),
    ' |',
    padStart(ms(endpoint.meanMs), 8),
    padStart(ms(endpoint.minMs), 8),
    padStart(ms(endpoint.maxMs), 8),
    padStart(ms(endpoint.percentilesMs.p50), 8),
    ' |',
    padStart(endpoint.rps.toFixed(2), 8),
    padStart(endpoint.failuresPerSec.toFixed(2), 11),
  ].join(' ')
}

const PERCENTILES = [
  ['50%', 'p50'],
  ['66%', 'p66'],
  ['75%', 'p75'],
  ['80%', 'p80'],
  ['90%', 'p90'],
  ['95%', 'p95'],
  ['98%', 'p98'],
  ['99%', 'p99'],
  ['99.9%', 'p999'],
  ['99.99%', 'p9999'],
  ['100%', 'p100'],
] as const

function percentileRow(endpoint: EndpointResult, nameWidth: number): string {
  const [type, name] = endpoint.name === 'Aggregated' ? ['', 'Aggregated'] : splitName(endpoint.name)
  const values = PERCENTILES.map(([, key]) => padStart(ms(endpoint.percentilesMs[key]), 7))
  return [padEnd(type, 7), padEnd(name, nameWidth), padStart(String(endpoint.requests), 8), ' |', ...values].join(' ')
}

/** Retries are not failures, but a server that keeps closing kept-alive connections under load is worth seeing. */
function retriesLine(result: RunResult): string {
  const byEndpoint = result.endpoints.filter((e) => e.retries > 0).map((e) => `${e.name} ${e.retries}`)
  return `retries: ${result.total.retries} requests sent again after the server closed their kept-alive connection (${byEndpoint.join(', ')})`
}

export function formatSummaryTable(result: RunResult): string {
  const rows = [...result.endpoints, result.total]
  const nameWidth = Math.max(30, ...rows.map((e) => splitName(e.name)[1].length))
  const rule = '-'.repeat(7 + nameWidth + 100)
  const lines = [
    `${result.name} — profile ${result.profile}, ${result.model} model, ${result.httpClient} HTTP client, ${result.generator.workers ? `${result.generator.workers} generator processes, ` : ''}${(result.durationMs / 1000).toFixed(1)} s${result.aborted ? ' (aborted)' : ''}`,
    [padEnd('Type', 7), padEnd('Name', nameWidth), padStart('# reqs', 8), padStart('# fails', 14), ' |', ...['Avg', 'Min', 'Max', 'Med'].map((h) => padStart(h, 8)), ' |', padStart('req/s', 8), padStart('failures/s', 11)].join(' '),
    rule,
    ...result.endpoints.map((e) => statsRow(e, nameWidth)),
    rule,
    statsRow(result.total, nameWidth),
    '',
    'Response time percentiles (approximated, ms)',
    [padEnd('Type', 7), padEnd('Name', nameWidth), padStart('# reqs', 8), ' |', ...PERCENTILES.map(([h]) => padStart(h, 7))].join(' '),
    rule,
    ...result.endpoints.map((e) => percentileRow(e, nameWidth)),
    rule,
    percentileRow(result.total, nameWidth),
  ]
  if (result.total.retries > 0) lines.push('', retriesLine(result))
  if (result.model === 'open') lines.push('', `arrivals: ${result.scheduledArrivals} scheduled, ${result.droppedArrivals} dropped`)
  if (result.failures.length > 0) {
    lines.push('', 'Failures', ...result.failures.map((f) => `  ${padStart(String(f.occurrences), 7)}  ${f.endpoint}: ${f.reason}`))
  }
  if (result.resources) lines.push(...formatResourcesBlock(result.resources))
  for (const warning of result.generator.warnings) lines.push(`WARNING: ${warning}`)
  return lines.join('\n')
}
