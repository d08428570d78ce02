/**
 * The four charts of a category, one per sampled service of the target
 * (CPU on the left axis, RSS on the right) and, under the capacity profile,
 * the search's steps by rate, drawn with uPlot in the browser (inlined in
 * the page by html-report.ts, so plain script, no modules). Exposes
 * `LoadgateCharts.create(parent)`, whose `update(category)` draws them and,
 * called again, feeds new data to the same canvases, for a live page.
 */
;(() => {
  const COLORS = { rps: '#2b6cb0', users: '#2f855a', p50: '#38a169', p95: '#dd6b20', p99: '#c53030', failures: '#c53030', budget: '#6b46c1', cpu: '#2b6cb0', rss: '#805ad5' }
  const BAND_COLORS = { marked: 'rgba(221,107,32,0.22)', failing: 'rgba(197,48,48,0.22)' }
  const DASH = [6, 4]
  const SIZE = { width: 600, height: 220 }
  // The series is per second: a tick between two seconds would label no point.
  const WHOLE_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200]

  /** What each chart shows; marked windows on every chart, failure windows only where failures are. */
  function chartSpecs(category) {
    const s = category.series
    // A second without requests has no latency: a gap, not a zero a log axis cannot show.
    const latency = (values) => values.map((v) => (v !== null && v > 0 ? v : null))
    const marked = category.bands.filter((b) => b.kind === 'marked')
    // The baseline's percentiles in their own colours, finely dashed, under the run's.
    const baselineLines = category.baseline
      ? ['p50', 'p95', 'p99'].map((p) => ({ label: `baseline ${p}`, color: COLORS[p], dash: [3, 3], points: false, values: latency(category.baseline[`${p}Ms`]) }))
      : []
    const budgetLines = category.budgetLines.map((line) => ({
      label: `${line.metric} budget ${line.allowedMs} ms (${line.endpoint})`,
      color: COLORS.budget,
      dash: line.metric === 'p95' ? DASH : [2, 3],
      points: false,
      values: s.tSec.map(() => line.allowedMs),
    }))
    return [
      { title: 'Requests per second', unit: 'req/s', bands: marked, series: [{ label: 'rps', color: COLORS.rps, values: s.rps }] },
      { title: 'Users', unit: 'users', bands: marked, series: [{ label: category.run.model === 'open' ? 'in flight' : 'users', color: COLORS.users, values: s.users }] },
      {
        title: 'Response time',
        unit: 'ms (log)',
        // Logarithmic, so that a budget ten times the median leaves the percentiles readable.
        log: true,
        bands: marked,
        series: [
          ...markCoincident([
            { label: 'p50', color: COLORS.p50, values: latency(s.p50Ms) },
            { label: 'p95', color: COLORS.p95, values: latency(s.p95Ms) },
            { label: 'p99', color: COLORS.p99, values: latency(s.p99Ms) },
          ]),
          ...baselineLines,
          ...budgetLines,
        ],
      },
      { title: 'Failures per second', unit: 'fail/s', bands: category.bands, series: [{ label: 'failures', color: COLORS.failures, values: s.failuresPerSec }] },
      ...resourceSpecs(category, marked),
      ...capacitySpecs(category),
    ]
  }

  /** A capacity search: each step's p95 (of the endpoint nearest its budget) by its rate, held and broken apart. */
  function capacitySpecs(category) {
    const c = category.capacity
    if (!c) return []
    return [
      {
        title: 'Capacity search: p95 by arrival rate',
        x: c.ratePerSec,
        xUnit: 'req/s',
        unit: 'ms (log)',
        log: true,
        bands: [],
        series: [
          { label: 'held', color: COLORS.p50, values: c.heldP95Ms, pointsOnly: true },
          { label: 'broke', color: COLORS.p99, values: c.brokeP95Ms, pointsOnly: true },
          { label: 'p95 budget', color: COLORS.budget, dash: DASH, points: false, values: c.p95BudgetMs },
        ],
      },
    ]
  }

  /** Each service on its own sampling clock (`x`), so a missed reading is a gap, not a shifted line. */
  function resourceSpecs(category, marked) {
    return (category.resources?.series ?? []).map((s) => ({
      title: `${s.service}: CPU and memory`,
      x: s.tSec,
      unit: { limit: 'CPU % of its limit', machine: 'CPU % of machine', core: 'CPU % of a core' }[s.cpuOf],
      rightUnit: 'RSS MB',
      bands: marked,
      series: [
        { label: 'CPU %', color: COLORS.cpu, values: s.cpuPercent },
        { label: 'RSS MB', color: COLORS.rss, values: s.rssMb, scale: 'mb' },
      ],
    }))
  }

  const sameValues = (a, b) => a.length > 0 && a.length === b.length && a.every((v, i) => v === b[i])

  /**
   * A series drawn exactly under a later one would be invisible (p95 equal to
   * p99 every second), so its legend says which it equals, and the one on top
   * is dashed to let it show through the gaps.
   */
  function markCoincident(series) {
    return series.map((s, i) => {
      const above = series.slice(i + 1).filter((other) => sameValues(s.values, other.values))
      const covers = series.slice(0, i).some((other) => sameValues(s.values, other.values))
      const top = above.at(-1)
      return { ...s, label: top ? `${s.label} (= ${top.label})` : s.label, dash: covers && !top ? DASH : s.dash }
    })
  }

  /** Bands as elements under the canvas: visible behind the lines, and a tooltip with their label. */
  function placeBands(u, bands) {
    const [xMin, xMax] = [u.scales.x.min, u.scales.x.max]
    const boxes = bands.map((band) => {
      const box = document.createElement('div')
      box.className = `band band-${band.kind}`
      box.title = band.label
      const left = u.valToPos(Math.max(band.fromSec, xMin), 'x')
      const right = u.valToPos(Math.min(band.toSec, xMax), 'x')
      Object.assign(box.style, { position: 'absolute', top: '0', height: '100%', left: `${left}px`, width: `${Math.max(1, right - left)}px`, background: BAND_COLORS[band.kind] })
      return box
    })
    u.under.replaceChildren(...boxes)
  }

  /** Seconds by default; a chart by rate (the capacity search) labels its own unit. */
  const xAxis = (spec) => (spec.xUnit ? { label: spec.xUnit } : { incrs: WHOLE_SECONDS, values: (_u, ticks) => ticks.map((t) => `${t} s`) })

  /** `pointsOnly`: the steps of a search are separate runs, so no line joins them. */
  function seriesOptions(s) {
    const points = s.pointsOnly ? { paths: () => null, points: { show: true, size: 8, fill: s.color } } : s.points === false ? { points: { show: false } } : {}
    return { label: s.label, stroke: s.color, width: 1.5, dash: s.dash, ...(s.scale ? { scale: s.scale } : {}), ...points }
  }

  const fromZero = { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] }

  function options(spec, state) {
    const right = spec.rightUnit ? [{ scale: 'mb', side: 1, label: spec.rightUnit, size: 60, grid: { show: false } }] : []
    return {
      title: spec.title,
      ...SIZE,
      scales: { x: { time: false }, y: spec.log ? { distr: 3 } : fromZero, ...(spec.rightUnit ? { mb: fromZero } : {}) },
      axes: [xAxis(spec), { label: spec.unit, size: 60 }, ...right],
      series: [{ label: spec.xUnit ?? 't (s)' }, ...spec.series.map(seriesOptions)],
      hooks: { draw: [(u) => placeBands(u, state.bands)] },
    }
  }

  /** One chart; rebuilt when its legend changes (a series starts or stops equalling another), else fed new data. */
  function chartView(parent) {
    const state = { bands: [], plot: undefined, legendKey: '' }
    const figure = document.createElement('figure')
    figure.className = 'chart'
    parent.append(figure)
    return {
      update(spec, tSec) {
        state.bands = spec.bands
        // The seconds drawn, readable without the canvas (a test of the live page counts them).
        figure.dataset.points = String(tSec.length)
        const data = [tSec, ...spec.series.map((s) => s.values)]
        const legendKey = JSON.stringify(spec.series.map((s) => [s.label, s.dash]))
        if (state.plot && legendKey === state.legendKey) return state.plot.setData(data)
        state.plot?.destroy()
        state.legendKey = legendKey
        state.plot = new uPlot(options(spec, state), data, figure)
      },
    }
  }

  /** The charts of one category in `parent`, drawn at the first `update(category)`. */
  function create(parent) {
    const views = []
    const update = (category) => {
      chartSpecs(category).forEach((spec, i) => {
        views[i] ??= chartView(parent)
        views[i].update(spec, spec.x ?? category.series.tSec)
      })
    }
    return { update }
  }

  globalThis.LoadgateCharts = { create }
})()
