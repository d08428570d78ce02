/** The end-of-category resources block: mean and peak CPU and peak memory per service, each beside its limit where there is one. */
import { cpuShareWords, resourceFigures, type ServiceFigures } from '../engine/stats/resource-figures.ts'
import type { RunResources } from '../engine/result.ts'
import { padEnd, padStart } from './format.ts'

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`

function row(f: ServiceFigures): string {
  const memory = f.memoryPeakPercent === undefined ? '' : ` (${f.memoryPeakPercent.toFixed(1)}%)`
  const cpuLimit = f.cpuLimitCores === undefined ? '' : `${f.cpuLimitCores} CPU`
  return [padEnd(f.service, 14), padStart(`${f.cpuMeanPercent.toFixed(1)}%`, 9), padStart(`${f.cpuPeakPercent.toFixed(1)}%`, 9), padStart(cpuLimit, 9), padStart(`${mb(f.rssPeakBytes)}${memory}`, 18), padStart(String(f.samples), 8)].join(' ')
}

export function formatResourcesBlock(resources: RunResources): string[] {
  const figures = resourceFigures(resources)
  if (figures.length === 0) return ['', `Resources (${resources.kind}): nothing sampled`]
  return [
    '',
    `Resources (${resources.kind}; CPU % ${cpuShareWords(figures)}; RSS peak with its share of the memory limit)`,
    [padEnd('Service', 14), padStart('CPU mean', 9), padStart('CPU peak', 9), padStart('CPU limit', 9), padStart('RSS peak', 18), padStart('samples', 8)].join(' '),
    ...figures.map(row),
    ...resources.problems.map((p) => `  missed: ${p.message} ×${p.count}`),
  ]
}
