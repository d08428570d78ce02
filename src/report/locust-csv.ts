/**
 * The Locust CSV set (`_stats.csv`, `_stats_history.csv`, `_failures.csv`)
 * with Locust 2.x's exact columns, so existing analysis scripts keep working.
 */
import type { EndpointResult, IntervalPoint, RunResult } from '../engine/result.ts'

export const PERCENTILE_COLUMNS = ['50%', '66%', '75%', '80%', '90%', '95%', '98%', '99%', '99.9%', '99.99%', '100%']
export const PERCENTILE_KEYS = ['p50', 'p66', 'p75', 'p80', 'p90', 'p95', 'p98', 'p99', 'p999', 'p9999', 'p100'] as const

function cell(value: string | number): string {
  const text = String(value)
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** One CSV line, quoted where a cell needs it. */
export const row = (values: (string | number)[]): string => values.map(cell).join(',')

/** `GET /api/v1/files` -> [`GET`, `/api/v1/files`]; custom names keep an empty type. */
export function splitEndpoint(name: string): [string, string] {
  const match = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|WS|TASK|CHECK|RECOVERY) (.*)$/.exec(name)
  return match ? [match[1] as string, match[2] as string] : ['', name]
}

function statsRow(e: EndpointResult, aggregated: boolean): string {
  const [type, name] = aggregated ? ['', 'Aggregated'] : splitEndpoint(e.name)
  return row([
    type,
    name,
    e.requests,
    e.failures,
    Math.round(e.percentilesMs.p50),
    e.meanMs,
    e.minMs,
    e.maxMs,
    e.meanContentBytes,
    e.rps,
    e.failuresPerSec,
    ...PERCENTILE_KEYS.map((k) => Math.round(e.percentilesMs[k])),
  ])
}

export function statsCsv(result: RunResult): string {
  const header = row(['Type', 'Name', 'Request Count', 'Failure Count', 'Median Response Time', 'Average Response Time', 'Min Response Time', 'Max Response Time', 'Average Content Size', 'Requests/s', 'Failures/s', ...PERCENTILE_COLUMNS])
  return csvLines([header, ...result.endpoints.map((e) => statsRow(e, false)), statsRow(result.total, true)])
}

function historyRow(point: IntervalPoint, totals: { requests: number; failures: number }): string {
  // Locust writes N/A for percentiles it does not keep per interval.
  const percentiles = PERCENTILE_COLUMNS.map((c) => (c === '50%' ? Math.round(point.p50Ms) : c === '95%' ? Math.round(point.p95Ms) : c === '99%' ? Math.round(point.p99Ms) : 'N/A'))
  return row([point.timestampSec, point.users, '', 'Aggregated', point.requests, point.failures, ...percentiles, totals.requests, totals.failures, Math.round(point.p50Ms), '', '', '', ''])
}

export function historyCsv(result: RunResult): string {
  const header = row(['Timestamp', 'User Count', 'Type', 'Name', 'Requests/s', 'Failures/s', ...PERCENTILE_COLUMNS, 'Total Request Count', 'Total Failure Count', 'Total Median Response Time', 'Total Average Response Time', 'Total Min Response Time', 'Total Max Response Time', 'Total Average Content Size'])
  const totals = { requests: 0, failures: 0 }
  const lines = result.intervals.map((point) => {
    totals.requests += point.requests
    totals.failures += point.failures
    return historyRow(point, totals)
  })
  return csvLines([header, ...lines])
}

export function failuresCsv(result: RunResult): string {
  const header = row(['Method', 'Name', 'Error', 'Occurrences'])
  const lines = result.failures.map((f) => {
    const [method, name] = splitEndpoint(f.endpoint)
    return row([method, name, f.reason, f.occurrences])
  })
  return csvLines([header, ...lines])
}

/** Parses a Locust `_stats.csv` back into rows keyed by column name. */
export function parseCsv(text: string): Record<string, string>[] {
  const lines = text.trim().split('\n')
  const split = (line: string): string[] => {
    const cells: string[] = []
    let current = ''
    let quoted = false
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]
      if (quoted && ch === '"' && line[i + 1] === '"') {
        current += '"'
        i++
      } else if (ch === '"') quoted = !quoted
      else if (ch === ',' && !quoted) {
        cells.push(current)
        current = ''
      } else current += ch
    }
    cells.push(current)
    return cells
  }
  const header = split(lines[0] ?? '')
  return lines.slice(1).map((line) => Object.fromEntries(split(line).map((value, i) => [header[i] ?? String(i), value])))
}

/** One row per line, with the final newline Locust's files end with. */
function csvLines(rows: string[]): string {
  return `${rows.join('\n')}\n`
}
