/**
 * The report's resources part (see report-model.ts): per service, CPU and
 * RSS over time on the run's own clock (seconds since its first interval),
 * and the figures the budgets judged, for the table under the charts.
 */
import { cpuPercentOf, cpuShareWords, resourceFigures, type ServiceFigures } from '../engine/stats/resource-figures.ts'
import type { RunResult } from '../engine/result.ts'

export interface ServiceSeries {
  service: string
  tSec: number[]
  /** Percent of the container's CPU limit, of the machine, or of one core (`cpuOf`). */
  cpuPercent: number[]
  rssMb: number[]
  cpuOf: ServiceFigures['cpuOf']
}

export interface ResourcesModel {
  kind: string
  series: ServiceSeries[]
  figures: ServiceFigures[]
  /** What the figures' CPU percentages are of, in words (`of the machine`). */
  cpuShare: string
  /** Readings missed, in words (`store: no running process ×3`). */
  problems: string[]
}

export function resourcesModel(result: RunResult): ResourcesModel | null {
  const resources = result.resources
  if (!resources) return null
  const t0 = result.intervals[0]?.timestampSec ?? Date.parse(result.startedAt) / 1000
  const figures = resourceFigures(resources)
  const series = Object.entries(resources.services)
    .filter(([, samples]) => (samples?.length ?? 0) > 0)
    .map(([service, samples = []]): ServiceSeries => {
      const cpuOf = figures.find((f) => f.service === service)?.cpuOf ?? 'core'
      return {
        service,
        // Drawn at the middle of the interval each sample covers.
        tSec: samples.map((s) => Math.round((s.timestampSec - s.intervalSec / 2 - t0) * 10) / 10),
        cpuPercent: samples.map((s) => Math.round(cpuPercentOf(s, cpuOf) * 10) / 10),
        rssMb: samples.map((s) => Math.round((s.rssBytes / 1024 / 1024) * 10) / 10),
        cpuOf,
      }
    })
  return { kind: resources.kind, series, figures, cpuShare: cpuShareWords(figures), problems: resources.problems.map((p) => `${p.message} ×${p.count}`) }
}
