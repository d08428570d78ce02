/**
 * The self-contained HTML report of a run: the page model (report-model.ts)
 * as JSON, drawn in the browser by uPlot and our renderer, both inlined. A
 * Content-Security-Policy that admits only those scripts, by hash, and no
 * connection at all keeps the file offline and stops any markup that slipped
 * into the data from running.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { StoredRun } from './artifacts.ts'
import { buildReportModel, type ReportModel } from './report-model.ts'

const STYLE =
  'body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}td{white-space:nowrap}table.endpoints :is(td,th):last-child{white-space:normal;text-align:left;min-width:16em}.pass{color:#2f855a}.fail{color:#c53030}.warn{color:#b7791f}.muted{color:#888}pre.verdict{white-space:pre-wrap;background:#f7f7f7;padding:8px}.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}.u-title{font-size:14px}.u-legend{font-size:12px}'

const require = createRequire(import.meta.url)
const readAsset = (specifier: string): string => readFileSync(require.resolve(specifier), 'utf8')

const escapeHtml = (text: string): string => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)
const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

/** In a JSON data block only `</script>` or `<!--` could end it early; escaping every `<` rules out both. */
const jsonBlock = (model: ReportModel): string => JSON.stringify(model).replace(/</g, '\\u003c')

const BOOT = "LoadgateReport.render(document.getElementById('report'), JSON.parse(document.getElementById('report-model').textContent))"

const DASHBOARD_STYLE = '.dashboard-bar{display:flex;gap:12px;align-items:center;margin-bottom:8px}.dashboard-bar button{font:inherit;padding:4px 16px}'

/** A live page: its Stop button and status line, and the run's token for the button to prove the page is ours. */
function dashboardBar(token: string): string {
  return `<div class="dashboard-bar"><button id="dashboard-stop" type="button">Stop the run</button><span id="dashboard-status" class="muted">Connecting…</span></div>
<script type="application/json" id="dashboard-token">${JSON.stringify(token)}</script>`
}

/**
 * The page for any report model: the static report, or with `live` the
 * dashboard's first paint, whose own script (dashboard-client.js) then
 * follows the run; only that page may connect, and only to its server.
 */
export function reportPage(model: ReportModel, live?: { token: string }): string {
  const boot = live ? readAsset('./dashboard-client.js') : BOOT
  const scripts = [readAsset('uplot/dist/uPlot.iife.min.js'), readAsset('./report-charts.js'), readAsset('./report-renderer.js'), boot]
  const style = readAsset('uplot/dist/uPlot.min.css') + STYLE + (live ? DASHBOARD_STYLE : '')
  const policy = `default-src 'none'; script-src ${scripts.map(sha256).join(' ')}; style-src ${sha256(style)}${live ? "; connect-src 'self'" : ''}`
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<title>${escapeHtml(model.title)}</title><style>${style}</style></head><body>
${live ? dashboardBar(live.token) : ''}<main id="report"><noscript>This report is drawn by JavaScript; the same numbers are in the run folder's CSV and JSON files.</noscript></main>
<script type="application/json" id="report-model">${jsonBlock(model)}</script>
${scripts.map((script) => `<script>${script}</script>`).join('\n')}
</body></html>`
}

export function renderHtmlReport(runs: StoredRun[], title: string, environment: string): string {
  return reportPage(buildReportModel(runs, title, environment))
}
