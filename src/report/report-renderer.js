/**
 * Draws a report model (see report-model.ts) in the browser: per category its
 * verdict, charts (report-charts.js), a capacity search's steps, endpoint and failure tables, the
 * generator's health and what the run cost the target's services. Entry point: `LoadgateReport.render(container, model)`
 * returns `{ update(model) }` for a live page. Every text from the run goes
 * through textContent, never markup: endpoint names and reasons are data.
 */
;(() => {
  function el(tag, props = {}, ...children) {
    const node = Object.assign(document.createElement(tag), props)
    node.append(...children)
    return node
  }

  /** As formatMs in format.ts. */
  const ms = (v) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`)
  const percent = (ratio) => `${(ratio * 100).toFixed(2)}%`

  function table(className, headings, rows) {
    const head = el('tr', {}, ...headings.map(([text, title]) => el('th', { title: title ?? '' }, text)))
    const body = rows.map((cells) => el('tr', {}, ...cells.map((cell) => (cell instanceof Node ? cell : el('td', {}, String(cell))))))
    return el('table', { className }, el('thead', {}, head), el('tbody', {}, ...body))
  }

  const ENDPOINT_HEADINGS = [['Endpoint'], ['Requests'], ['Failures'], ['Median'], ['p95'], ['p99'], ['Mean'], ['Min'], ['Max'], ['req/s'], ['Retries', 'sent again after the server closed their kept-alive connection'], ['Budget']]

  const STATUS_CLASS = { pass: 'pass', fail: 'fail' }

  function endpointTable(rows) {
    const cells = rows.map((r) => [r.name, r.requests, r.failures, ms(r.medianMs), ms(r.p95Ms), ms(r.p99Ms), ms(r.meanMs), ms(r.minMs), ms(r.maxMs), r.rps.toFixed(2), r.retries, el('td', { className: STATUS_CLASS[r.budget.status] ?? 'muted' }, r.budget.text)])
    return table('endpoints', ENDPOINT_HEADINGS, cells)
  }

  const CHANGE_CLASS = { regression: 'fail', improvement: 'pass' }

  /** One row per endpoint: each statistic's change against the baseline, coloured by its verdict. */
  function changeTable(baseline) {
    const statistics = ['p50', 'p95', 'p99', 'failureRate']
    const cell = (row, statistic) => {
      const found = row.cells.find((c) => c.statistic === statistic)
      return found ? el('td', { className: CHANGE_CLASS[found.status] ?? 'muted', title: found.title }, found.status === 'unchanged' ? found.text : `${found.text} ${found.status}`) : el('td', {}, '')
    }
    const rows = baseline.changes.map((row) => [row.endpoint, ...statistics.map((s) => cell(row, s))])
    return [el('h3', {}, `Against the baseline of ${baseline.startedAt}`), table('changes', [['Endpoint'], ['p50'], ['p95'], ['p99'], ['Failure rate']], rows)]
  }

  const STEP_HEADINGS = [['Step'], ['Phase'], ['Rate (req/s)'], ['Duration (s)'], ['Requests'], ['Dropped'], ['Result'], ['Worst p95', 'the endpoint whose p95 came nearest its budget'], ['Broke on', 'the verdict furthest over its line']]
  const STEP_CLASS = { held: 'pass', broke: 'fail', 'generator saturated': 'fail' }

  /** A capacity search: its line, and its steps in the order they ran (the chart above has them by rate). */
  function capacityPart({ capacity }) {
    if (!capacity) return []
    const rows = capacity.steps.map((s, i) => [i + 1, s.phase, s.ratePerSec, s.durationSec, s.requests, s.droppedArrivals, el('td', { className: STEP_CLASS[s.result] }, s.result), s.worst, s.brokeOn])
    const shown = 'The charts over time and the tables below are the run of the highest step that held (of the last step when none held).'
    return [el('h3', {}, 'Capacity search'), el('p', { className: 'capacity' }, capacity.line), table('capacity', STEP_HEADINGS, rows), el('p', { className: 'muted' }, shown)]
  }

  function failureTable(failures) {
    if (failures.length === 0) return el('p', { className: 'muted' }, 'No failures.')
    return table('failures', [['Endpoint'], ['Reason'], ['Occurrences']], failures.map((f) => [f.endpoint, f.reason, f.occurrences]))
  }

  /** The windows in words, under the failures table. */
  function windowList(bands) {
    const span = (b) => `${b.label} ${b.fromSec.toFixed(1)}–${b.toSec.toFixed(1)} s`
    const of = (kind) => bands.filter((b) => b.kind === kind).map(span).join('; ')
    const lines = []
    if (of('marked')) lines.push(`Marked: ${of('marked')}.`)
    if (of('failing')) lines.push(`Failure windows (at least half of each second's requests failed): ${of('failing')}.`)
    return lines.map((line) => el('p', { className: 'windows' }, line))
  }

  function runFacts({ run }) {
    const dropped = run.model === 'open' ? `, ${run.droppedArrivals} of ${run.scheduledArrivals} arrivals dropped` : ''
    return `Profile ${run.profile}, ${run.model} model, ${run.httpClient} HTTP client, ${(run.durationMs / 1000).toFixed(1)} s from ${run.startedAt} against ${run.baseUrl}${run.aborted ? ' (aborted)' : ''}; ${run.requests} requests, ${percent(run.failureRate)} failed${dropped}.`
  }

  function generatorLine({ generator: g }) {
    const text = `Generator: CPU mean ${g.cpuPercentMean.toFixed(0)}%, max ${g.cpuPercentMax.toFixed(0)}%; event-loop delay p99 ${g.eventLoopDelayP99Ms.toFixed(1)} ms`
    return el('p', { className: 'generator' }, text, ...(g.saturated ? [' — ', el('b', { className: 'fail' }, `saturated: ${g.warnings.join('; ')}`)] : []))
  }

  // `running` comes only from a live dashboard: neither a pass nor a fail yet.
  const VERDICT_CLASS = { pass: 'pass', warn: 'warn', running: 'muted' }

  /** The test's own verdict, word for word: the report never judges a second time. */
  function heading(category) {
    const status = category.verdict.status
    const className = VERDICT_CLASS[status] ?? 'fail'
    const label = status === 'warn' ? 'PASS WITH WARNINGS' : status.toUpperCase()
    return [el('h2', {}, `${category.name} `, el('span', { className }, label)), el('pre', { className: `verdict ${className}` }, category.verdict.message)]
  }

  const RESOURCE_HEADINGS = [['Service'], ['CPU mean'], ['CPU peak', 'the busiest sampling interval'], ['CPU limit', 'the CPUs a container may use by its quota, which its CPU is a percent of'], ['RSS peak'], ['Memory peak', 'peak RSS against the memory limit'], ['Samples']]

  /** The figures the resource budgets judged; the charts above show them over time. */
  function resourcesPart({ resources: r }) {
    if (!r) return []
    const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
    const rows = r.figures.map((f) => [f.service, `${f.cpuMeanPercent.toFixed(1)}%`, `${f.cpuPeakPercent.toFixed(1)}%`, f.cpuLimitCores === undefined ? '' : `${f.cpuLimitCores} CPU`, mb(f.rssPeakBytes), f.memoryPeakPercent === undefined ? '' : `${f.memoryPeakPercent.toFixed(1)}%`, f.samples])
    const missed = r.problems.length > 0 ? [el('p', { className: 'muted' }, `Missed readings: ${r.problems.join('; ')}.`)] : []
    return [el('h3', {}, `Resources (${r.kind}; CPU % ${r.cpuShare})`), table('resources', RESOURCE_HEADINGS, rows), ...missed]
  }

  function categoryView(category) {
    const top = el('div')
    const charts = el('div', { className: 'charts' })
    const bottom = el('div')
    const section = el('section', { id: category.name }, top, charts, bottom)
    const chartSet = LoadgateCharts.create(charts)
    const update = (next) => {
      top.replaceChildren(...heading(next), el('p', {}, runFacts(next)))
      bottom.replaceChildren(...capacityPart(next), endpointTable(next.endpoints), ...(next.baseline ? changeTable(next.baseline) : []), el('h3', {}, 'Failures'), failureTable(next.failures), ...windowList(next.bands), generatorLine(next), ...resourcesPart(next))
      chartSet.update(next)
    }
    update(category)
    return { section, update }
  }

  function header(model) {
    const links = model.categories.flatMap((c, i) => [...(i > 0 ? [', '] : []), el('a', { href: `#${c.name}` }, c.name)])
    return [el('h1', {}, model.title), el('p', {}, `Environment: ${model.environment}. Categories: `, ...(links.length > 0 ? links : ['none']), '.')]
  }

  function render(container, model) {
    const top = el('header')
    container.replaceChildren(top)
    const views = new Map()
    const update = (next) => {
      top.replaceChildren(...header(next))
      for (const category of next.categories) {
        const view = views.get(category.name)
        if (view) view.update(category)
        else views.set(category.name, categoryView(category))
        container.append(views.get(category.name).section)
      }
    }
    update(model)
    return { update }
  }

  globalThis.LoadgateReport = { render }
})()
