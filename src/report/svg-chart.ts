/** A line chart as inline SVG: no script, no CDN, readable offline. */

/** A span of the x axis to shade (a fault injected, an outage seen), with its label. */
export interface Band {
  from: number
  to: number
  label: string
  color: string
}

export interface Series {
  label: string
  color: string
  points: [number, number][]
}

const WIDTH = 640
const HEIGHT = 200
const PAD = { left: 56, right: 12, top: 24, bottom: 28 }

const escapeXml = (text: string): string => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)

function niceMax(value: number): number {
  if (value <= 0) return 1
  const magnitude = 10 ** Math.floor(Math.log10(value))
  return Math.ceil(value / magnitude) * magnitude
}

export function lineChart(title: string, unit: string, series: Series[], bands: Band[] = []): string {
  const xs = series.flatMap((s) => s.points.map(([x]) => x))
  const ys = series.flatMap((s) => s.points.map(([, y]) => y))
  const xMin = Math.min(...xs, 0)
  const xMax = Math.max(...xs, xMin + 1)
  const yMax = niceMax(Math.max(...ys, 0))
  const sx = (x: number): number => PAD.left + ((x - xMin) / (xMax - xMin)) * (WIDTH - PAD.left - PAD.right)
  const sy = (y: number): number => HEIGHT - PAD.bottom - (y / yMax) * (HEIGHT - PAD.top - PAD.bottom)
  const paths = series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const d = s.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')
      return `<path class="series" data-points="${s.points.length}" d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"><title>${escapeXml(s.label)}</title></path>`
    })
  const shaded = bands.map((b) => {
    const x = sx(Math.max(b.from, xMin))
    const width = Math.max(1, sx(Math.min(b.to, xMax)) - x)
    return `<rect class="band" x="${x.toFixed(1)}" y="${PAD.top}" width="${width.toFixed(1)}" height="${HEIGHT - PAD.top - PAD.bottom}" fill="${b.color}" fill-opacity="0.25"><title>${escapeXml(b.label)}</title></rect>`
  })
  const legend = series.map((s, i) => `<text x="${PAD.left + 8 + i * 110}" y="14" fill="${s.color}" font-size="11">■ ${escapeXml(s.label)}</text>`)
  return [
    `<figure class="chart"><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(title)}">`,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${WIDTH - PAD.left - PAD.right}" height="${HEIGHT - PAD.top - PAD.bottom}" fill="#fafafa" stroke="#ddd"/>`,
    `<text x="4" y="${sy(yMax) + 4}" font-size="10">${yMax} ${escapeXml(unit)}</text><text x="4" y="${sy(0)}" font-size="10">0</text>`,
    `<text x="${PAD.left}" y="${HEIGHT - 8}" font-size="10">0 s</text><text x="${WIDTH - PAD.right - 40}" y="${HEIGHT - 8}" font-size="10">${(xMax - xMin).toFixed(0)} s</text>`,
    ...shaded,
    ...legend,
    ...paths,
    `</svg><figcaption>${escapeXml(title)}</figcaption></figure>`,
  ].join('')
}
