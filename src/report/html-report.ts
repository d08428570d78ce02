/**
 * The self-contained HTML report of a run: per category, charts of rps,
 * users, p50/p95/p99 and failures over time, the per-endpoint table with its
 * budget verdicts, the failures table, and the generator's health.
 */
import type { BudgetVerdict } from '../engine/budget.ts'
import type { RunResult } from '../engine/result.ts'
import type { StoredRun } from './artifacts.ts'
import { formatMs, formatPercent } from './format.ts'
import { failureWindows } from './failure-windows.ts'
import { type Band, lineChart } from './svg-chart.ts'

const esc = (text: string | number): string => String(text).replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)

/** The scenario's marked windows on every chart; the failure windows the load saw on the failures chart too. */
function bandsOf(result: RunResult): { marked: Band[]; failing: Band[] } {
  const t0 = result.intervals[0]?.timestampSec ?? 0
  const marked = (result.windows ?? []).map((w) => ({ from: w.startSec - t0, to: w.endSec - t0, label: w.label, color: '#dd6b20' }))
  const failing = failureWindows(result.intervals).map((w) => ({ from: w.fromSec, to: w.toSec, label: `${w.failures} of ${w.requests} failed`, color: '#c53030' }))
  return { marked, failing }
}

function charts(result: RunResult): string {
  const t0 = result.intervals[0]?.timestampSec ?? 0
  const at = (pick: (p: RunResult['intervals'][number]) => number): [number, number][] => result.intervals.map((p) => [p.timestampSec - t0, pick(p)])
  const { marked, failing } = bandsOf(result)
  return [
    lineChart('Requests per second', 'req/s', [{ label: 'rps', color: '#2b6cb0', points: at((p) => p.requests) }], marked),
    lineChart('Users', 'users', [{ label: result.model === 'open' ? 'in flight' : 'users', color: '#2f855a', points: at((p) => p.users) }], marked),
    lineChart(
      'Response time',
      'ms',
      [
        { label: 'p50', color: '#38a169', points: at((p) => p.p50Ms) },
        { label: 'p95', color: '#dd6b20', points: at((p) => p.p95Ms) },
        { label: 'p99', color: '#c53030', points: at((p) => p.p99Ms) },
      ],
      marked,
    ),
    lineChart('Failures per second', 'fail/s', [{ label: 'failures', color: '#c53030', points: at((p) => p.failures) }], [...marked, ...failing]),
  ].join('')
}

/** The windows in words, under the failures table. */
function windowList(result: RunResult): string {
  const { marked, failing } = bandsOf(result)
  const span = (b: Band): string => `${esc(b.label)} ${b.from.toFixed(1)}–${b.to.toFixed(1)} s`
  const lines = [
    ...(marked.length > 0 ? [`Marked: ${marked.map(span).join('; ')}.`] : []),
    ...(failing.length > 0 ? [`Failure windows (at least half of each second's requests failed): ${failing.map(span).join('; ')}.`] : []),
  ]
  return lines.length === 0 ? '' : `<p class="windows">${lines.join('<br>')}</p>`
}

function verdictCell(verdicts: BudgetVerdict[], endpoint: string): string {
  const mine = verdicts.filter((v) => v.endpoint === endpoint)
  if (mine.length === 0) return '<td class="muted">exempt</td>'
  if (mine.some((v) => v.metric === 'unbudgeted')) return '<td class="fail">FAIL: no budget class covers it</td>'
  const over = mine.filter((v) => !v.passed)
  if (over.length === 0) return '<td class="pass">pass</td>'
  const text = over.map((v) => esc(`${v.metric} ${v.metric === 'failureRate' ? formatPercent(v.measured) : formatMs(v.measured)} > ${v.metric === 'failureRate' ? formatPercent(v.allowed) : formatMs(v.allowed)}${v.detail ? ` (${v.detail})` : ''}`))
  return `<td class="fail">FAIL: ${text.join('; ')}</td>`
}

/** Runs stored before retries and the HTTP client were recorded read as 0 retries and the own client. */
function endpointTable({ result, verdict: { verdicts } }: StoredRun): string {
  const rows = result.endpoints.map((e) => {
    const p = e.percentilesMs
    return `<tr><td>${esc(e.name)}</td><td>${e.requests}</td><td>${e.failures}</td><td>${e.rps.toFixed(2)}</td><td>${formatMs(e.meanMs)}</td><td>${formatMs(p.p50)}</td><td>${formatMs(p.p95)}</td><td>${formatMs(p.p99)}</td><td>${formatMs(e.maxMs)}</td><td>${e.retries ?? 0}</td>${verdictCell(verdicts, e.name)}</tr>`
  })
  return `<table class="endpoints"><thead><tr><th>Endpoint</th><th>Requests</th><th>Failures</th><th>req/s</th><th>Mean</th><th>p50</th><th>p95</th><th>p99</th><th>Max</th><th title="sent again after the server closed their kept-alive connection">Retries</th><th>Budget</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function failureTable(result: RunResult): string {
  if (result.failures.length === 0) return '<p class="muted">No failures.</p>'
  const rows = result.failures.map((f) => `<tr><td>${esc(f.endpoint)}</td><td>${esc(f.reason)}</td><td>${f.occurrences}</td></tr>`)
  return `<table class="failures"><thead><tr><th>Endpoint</th><th>Reason</th><th>Occurrences</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

/** The test's own verdict, word for word: the report never judges a second time. */
function verdictHeading({ verdict }: StoredRun): string {
  if (!verdict.judged) return '<span class="fail">NOT JUDGED</span>'
  return verdict.pass ? '<span class="pass">PASS</span>' : '<span class="fail">FAIL</span>'
}

function section(run: StoredRun): string {
  const { result, verdict } = run
  const g = result.generator
  return `<section id="${esc(result.name)}"><h2>${esc(result.name)} ${verdictHeading(run)}</h2>
<pre class="verdict ${verdict.pass ? 'pass' : 'fail'}">${esc(verdict.message)}</pre>
<p>Profile <b>${esc(result.profile)}</b>, ${result.model} model, ${esc(result.httpClient ?? 'own')} HTTP client, ${(result.durationMs / 1000).toFixed(1)} s from ${esc(result.startedAt)} against ${esc(result.baseUrl)}${result.aborted ? ' (aborted)' : ''}; ${result.total.requests} requests, ${formatPercent(result.total.failureRate)} failed${result.model === 'open' ? `, ${result.droppedArrivals} of ${result.scheduledArrivals} arrivals dropped` : ''}.</p>
<div class="charts">${charts(result)}</div>
${endpointTable(run)}
<h3>Failures</h3>${failureTable(result)}${windowList(result)}
<p class="generator">Generator: CPU mean ${g.cpuPercentMean.toFixed(0)}%, max ${g.cpuPercentMax.toFixed(0)}%; event-loop delay p99 ${g.eventLoopDelayP99Ms.toFixed(1)} ms${g.saturated ? ` — <b class="fail">saturated: ${esc(g.warnings.join('; '))}</b>` : ''}</p></section>`
}

export function renderHtmlReport(runs: StoredRun[], title: string, environment: string): string {
  const style = 'body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}.pass{color:#2f855a}.fail{color:#c53030}.muted{color:#888}pre.verdict{white-space:pre-wrap;background:#f7f7f7;padding:8px}.charts{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0}figcaption{font-size:12px;color:#555}'
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${style}</style></head><body>
<h1>${esc(title)}</h1><p>Environment: ${esc(environment)}. Categories: ${runs.map((r) => `<a href="#${esc(r.result.name)}">${esc(r.result.name)}</a>`).join(', ') || 'none'}.</p>
${runs.map(section).join('\n')}
</body></html>`
}
