/**
 * Just enough of the Prometheus text format to read a process's own
 * counters: unlabelled samples (`name value [timestamp]`). Comments, labelled
 * series and anything unparsable are skipped, not errors: an exporter may
 * publish much more than we read.
 */

/** The value of each unlabelled sample, by metric name. */
export function unlabelledSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>()
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[ \t]+(\S+)/.exec(line.trim())
    const [, name, text] = match ?? []
    if (name === undefined || text === undefined) continue
    const value = sampleValue(text)
    if (!Number.isNaN(value)) samples.set(name, value)
  }
  return samples
}

function sampleValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY
  if (text === '-Inf') return Number.NEGATIVE_INFINITY
  return Number(text)
}
