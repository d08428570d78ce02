/**
 * Resource budgets: what a run may cost each service of the target (and all
 * of them together), judged from the samples on the result, so a result file
 * judged later gets the same verdicts. Each figure has a warning line and a
 * failure line; a figure is checked against the failure line when it crosses
 * it, against the warning line otherwise, and a warning never fails a run.
 */
import { memoryTrend } from '../stats/memory-trend.ts'
import { ALL_SERVICES, allServicesSamples, figuresOf, type ServiceFigures } from '../stats/resource-figures.ts'
import type { ResourceSample, RunResources } from '../result.ts'

/** Percentages: a figure above `warnAt` warns, above `failAt` fails. */
export interface ResourceLimits {
  warnAt?: number
  failAt?: number
}

/** A memory leak: RSS growing faster than `maxMbPerMin` over the steady part, with its 95% interval clear of zero. */
export interface LeakBudget {
  maxMbPerMin: number
  /** The share of the run left out as warm-up (0 to 1). */
  warmupShare: number
  /** Judged only when the steady part lasts this long: a short run's trend is noise. */
  minSteadySec: number
}

export interface ResourceBudget {
  /** CPU averaged over the run, percent of the machine or of a container's CPU limit (see ServiceFigures.cpuOf). */
  cpuMean?: ResourceLimits
  /** CPU of the busiest sampling interval, percent of the same. */
  cpuPeak?: ResourceLimits
  /** Peak RSS, percent of the memory limit. */
  memoryPeak?: ResourceLimits
  leak?: LeakBudget
}

export interface ResourceBudgets {
  /** Every sampled service, unless `byService` replaces a figure's budget. */
  services: ResourceBudget
  byService?: Record<string, ResourceBudget>
  /** Every sampled service together, reading by reading. */
  allServices?: ResourceBudget
}

export type ResourceMetric = 'cpuMean' | 'cpuPeak' | 'memoryPeak' | 'memoryTrend'

export interface ResourceVerdict {
  /** The service (`worker`), or `all services`. */
  endpoint: string
  metric: ResourceMetric
  measured: number
  allowed: number
  passed: boolean
  level: 'fail' | 'warn'
  /** What a percentage is of (`the machine`, `its memory limit`), or the trend's interval. */
  scope?: string
  detail?: string
}

function limitVerdict(service: string, metric: ResourceMetric, measured: number, limits: ResourceLimits | undefined, scope: string): ResourceVerdict[] {
  if (!limits) return []
  const base = { endpoint: service, metric, measured, scope }
  if (limits.failAt !== undefined && (measured > limits.failAt || limits.warnAt === undefined)) {
    return [{ ...base, allowed: limits.failAt, passed: measured <= limits.failAt, level: 'fail' }]
  }
  return limits.warnAt === undefined ? [] : [{ ...base, allowed: limits.warnAt, passed: measured <= limits.warnAt, level: 'warn' }]
}

function leakVerdict(service: string, samples: ResourceSample[], leak: LeakBudget | undefined): ResourceVerdict[] {
  if (!leak) return []
  const trend = memoryTrend(samples, leak.warmupShare)
  if (!trend || trend.steadySec < leak.minSteadySec) return []
  const slope = trend.slopeBytesPerMin / 1024 / 1024
  const halfWidth = trend.halfWidthBytesPerMin / 1024 / 1024
  const passed = !(slope > leak.maxMbPerMin && slope - halfWidth > 0)
  const detail = `±${halfWidth.toFixed(2)} MB/min at 95%, over ${Math.round(trend.steadySec)} s after a ${Math.round(leak.warmupShare * 100)}% warm-up`
  return [{ endpoint: service, metric: 'memoryTrend', measured: slope, allowed: leak.maxMbPerMin, passed, level: 'fail', detail }]
}

function serviceVerdicts(figures: ServiceFigures, samples: ResourceSample[], budget: ResourceBudget, kind: string): ResourceVerdict[] {
  // Without the machine's size (external), a percent of one core says nothing about headroom: not judged.
  const scope = cpuScope(figures, kind)
  const cpu = figures.cpuOf === 'core' ? [] : [...limitVerdict(figures.service, 'cpuMean', figures.cpuMeanPercent, budget.cpuMean, scope), ...limitVerdict(figures.service, 'cpuPeak', figures.cpuPeakPercent, budget.cpuPeak, scope)]
  const memory = figures.memoryPeakPercent === undefined ? [] : limitVerdict(figures.service, 'memoryPeak', figures.memoryPeakPercent, budget.memoryPeak, kind === 'local' ? "the machine's memory" : 'its memory limit')
  return [...cpu, ...memory, ...leakVerdict(figures.service, samples, budget.leak)]
}

/** As the memory limit: a container's own CPU limit where it has one (`its CPU limit of 0.5 CPU`), else every CPU it may use. */
function cpuScope(figures: ServiceFigures, kind: string): string {
  if (figures.cpuOf === 'limit') return `its CPU limit of ${figures.cpuLimitCores} CPU`
  return kind === 'containers' ? 'the CPUs it may use' : 'the machine'
}

export function evaluateResources(resources: RunResources, budgets: ResourceBudgets): ResourceVerdict[] {
  const sampled = Object.entries(resources.services).filter((entry): entry is [string, ResourceSample[]] => (entry[1]?.length ?? 0) > 0)
  const verdicts = sampled.flatMap(([service, samples]) => serviceVerdicts(figuresOf(service, samples), samples, { ...budgets.services, ...budgets.byService?.[service] }, resources.kind))
  if (budgets.allServices && sampled.length > 1) {
    const together = allServicesSamples(resources)
    verdicts.push(...serviceVerdicts(figuresOf(ALL_SERVICES, together), together, budgets.allServices, resources.kind))
  }
  return verdicts
}
