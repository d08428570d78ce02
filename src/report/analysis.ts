/**
 * The analysis of a run, like the inherited `analyze_results.py`: budget
 * violations, the slowest endpoints, error-rate hot spots and what to look at
 * for each (resources included: "the worker is CPU-bound"). Violations come from `evaluateBudgets`, the same pure function
 * the tests' matcher uses, so a folder analysed later gets its tests' verdict.
 * Works on a run folder or on any Locust `_stats.csv`.
 */
import { type BudgetSet, evaluateBudgets, isMet, type JudgedEndpoint, type JudgedResult } from '../engine/verdicts/budget.ts'
import type { Percentiles } from '../engine/result.ts'
import { formatMs, formatPercent } from './format.ts'
import { PERCENTILE_COLUMNS, PERCENTILE_KEYS, parseCsv } from './locust-csv.ts'
import { resourceAdvice } from './resource-advice.ts'
import { describeViolation } from './verdict-text.ts'
import { warningsOf } from './violation.ts'

export interface Analysis {
  violations: string[]
  /** Over a warning line only (a resource above its target): shown, never a failure. */
  warnings: string[]
  slowest: JudgedEndpoint[]
  errorHotSpots: JudgedEndpoint[]
  recommendations: string[]
}

function recommend(e: JudgedEndpoint): string[] {
  const out: string[] = []
  const { p95, p99 } = e.percentilesMs
  if (e.failureRate > 0.05) out.push(`${e.name}: ${formatPercent(e.failureRate)} fail — read the failures CSV and the API log for the reasons; 5xx under load usually means an exhausted pool or a timeout upstream.`)
  if (p99 > 3 * Math.max(p95, 1)) out.push(`${e.name}: p99 ${formatMs(p99)} is over 3x p95 — requests queue somewhere (connection pool, lock, single worker); look for contention.`)
  if (p95 > 500 && e.name.startsWith('GET')) out.push(`${e.name}: a read with p95 ${formatMs(p95)} — check its queries (EXPLAIN ANALYZE, indexes) or cache it.`)
  return out
}

export function analyze(result: JudgedResult, budgets: BudgetSet): Analysis {
  const verdicts = evaluateBudgets(result, budgets)
  const violations = verdicts.filter((v) => !isMet(v)).map(describeViolation)
  const warnings = warningsOf(verdicts).map(describeViolation)
  const endpoints = result.endpoints.filter((e) => e.requests > 0)
  const slowest = [...endpoints].sort((a, b) => b.percentilesMs.p95 - a.percentilesMs.p95).slice(0, 5)
  const errorHotSpots = endpoints.filter((e) => e.failures > 0).sort((a, b) => b.failureRate - a.failureRate)
  return { violations, warnings, slowest, errorHotSpots, recommendations: [...endpoints.flatMap(recommend), ...resourceAdvice(verdicts)] }
}

/** A Locust `_stats.csv` (and its `_failures.csv`, when there is one) as a result to judge. */
export function resultFromLocustCsv(statsCsv: string, failuresCsv: string | undefined, profile: string): JudgedResult {
  const endpoints = parseCsv(statsCsv)
    .filter((r) => r.Name !== 'Aggregated')
    .map((r): JudgedEndpoint => {
      const requests = Number(r['Request Count'])
      const failures = Number(r['Failure Count'])
      const percentilesMs = Object.fromEntries(PERCENTILE_KEYS.map((key, i) => [key, Number(r[PERCENTILE_COLUMNS[i] as string])])) as unknown as Percentiles
      return { name: r.Type ? `${r.Type} ${r.Name}` : (r.Name ?? ''), requests, failures, failureRate: requests === 0 ? 0 : failures / requests, meanMs: Number(r['Average Response Time']), percentilesMs }
    })
  const failures = failuresCsv
    ? parseCsv(failuresCsv).map((r) => ({ endpoint: r.Method ? `${r.Method} ${r.Name}` : (r.Name ?? ''), reason: r.Error ?? '', occurrences: Number(r.Occurrences) }))
    : []
  return { profile, model: 'closed', droppedArrivals: 0, scheduledArrivals: 0, failures, endpoints }
}

export function formatAnalysis(analysis: Analysis): string {
  const row = (e: JudgedEndpoint): string => `  ${e.name}: p95 ${formatMs(e.percentilesMs.p95)}, p99 ${formatMs(e.percentilesMs.p99)}, mean ${formatMs(e.meanMs)}, ${e.failures}/${e.requests} failed`
  return [
    analysis.violations.length === 0 ? 'Budgets: all met' : `Budget violations (${analysis.violations.length}):\n  ${analysis.violations.join('\n  ')}`,
    ...(analysis.warnings.length === 0 ? [] : [`\nWarnings (${analysis.warnings.length}, not failures):\n  ${analysis.warnings.join('\n  ')}`]),
    `\nSlowest endpoints (by p95):\n${analysis.slowest.map(row).join('\n')}`,
    `\nError hot spots:\n${analysis.errorHotSpots.length === 0 ? '  none' : analysis.errorHotSpots.map(row).join('\n')}`,
    `\nRecommendations:\n${analysis.recommendations.length === 0 ? '  none: every endpoint is within its budget and steady' : analysis.recommendations.map((r) => `  - ${r}`).join('\n')}`,
    `\n${analysis.violations.length === 0 ? 'PASS' : 'FAIL'}`,
  ].join('\n')
}
