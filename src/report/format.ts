/** Number formats shared by the terminal table, the matcher and the reports. */

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`
  if (ms >= 100) return `${ms.toFixed(0)} ms`
  return `${ms.toFixed(1)} ms`
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(2)}%`
}

export function padEnd(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length)
}

export function padStart(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text
}

/** A load's length as people say it: `75 s`, `10 min`, `2 min 30 s`, `1 h 5 min`. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000)
  if (total < 120) return `${total} s`
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60]
  const parts = [hours > 0 ? `${hours} h` : '', minutes > 0 ? `${minutes} min` : '', seconds > 0 && hours === 0 ? `${seconds} s` : '']
  return parts.filter(Boolean).join(' ')
}
