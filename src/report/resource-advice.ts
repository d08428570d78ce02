/**
 * What to do about a resource verdict over its line (failure or warning),
 * per service: the analysis's recommendations, like the inherited guide's
 * troubleshooting section. Reads verdicts only; it never judges again.
 */
import type { BudgetVerdict } from '../engine/verdicts/budget.ts'
import { describeViolation } from './verdict-text.ts'

const CPU_ADVICE: Record<string, string> = {
  api: 'add API instances or cores, or profile the hottest endpoints',
  worker: 'add workers or cores, or make each task cheaper (ffmpeg presets, threads)',
  postgres: 'look for sequential scans and missing indexes (pg_stat_statements), or give it more cores',
  redis: 'Redis runs commands on one thread: look for large keys and O(n) commands',
  store: 'the object store needs its own cores (or a real S3)',
  'all services': 'the machine is too small for this load (under local, the load generator shares it too)',
}

const CPU_METRICS = new Set(['cpuMean', 'cpuPeak'])

/** `worker: CPU mean 95% of the machine > budget 85%` → `95% of the machine`. */
const figureOf = (verdict: BudgetVerdict): string => describeViolation(verdict).replace(/^.*?: /, '').replace(/ > .*$/, '')

function adviceFor(service: string, over: BudgetVerdict[]): string[] {
  const out: string[] = []
  const cpu = over.find((v) => CPU_METRICS.has(v.metric))
  if (cpu) out.push(`${service}: CPU-bound (${figureOf(cpu)}) — ${CPU_ADVICE[service] ?? 'give it more cores'}.`)
  const memory = over.find((v) => v.metric === 'memoryPeak')
  if (memory) out.push(`${service}: short of memory (${figureOf(memory)}) — raise its limit, or find what holds memory (caches, pools, buffered bodies).`)
  const trend = over.find((v) => v.metric === 'memoryTrend')
  if (trend) out.push(`${service}: memory keeps growing (${figureOf(trend)}) — compare heap snapshots taken minutes apart (node --heapsnapshot-signal) for what accumulates.`)
  return out
}

export function resourceAdvice(verdicts: BudgetVerdict[]): string[] {
  const over = verdicts.filter((v) => !v.passed && (CPU_METRICS.has(v.metric) || v.metric === 'memoryPeak' || v.metric === 'memoryTrend'))
  const services = [...new Set(over.map((v) => v.endpoint))]
  return services.flatMap((service) => adviceFor(service, over.filter((v) => v.endpoint === service)))
}
