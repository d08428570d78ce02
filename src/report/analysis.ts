/**
 * The analysis of a run, like the inherited `analyze_results.py`: budget
 * violations, the slowest endpoints, error-rate hot spots and what to look at
 * for each. Works on a run folder or on any Locust `_stats.csv`.
 */
import { budgets } from '../../budgets.ts'
import { budgetFor } from '../engine/budget.ts'
import { formatMs, formatPercent } from './format.ts'

export interface EndpointFigures {
  name: string
  requests: number
  failures: number
  meanMs: number
  p95Ms: number
  p99Ms: number
}

export interface Analysis {
  violations: string[]
  slowest: EndpointFigures[]
  errorHotSpots: EndpointFigures[]
  recommendations: string[]
}

function recommend(e: EndpointFigures): string[] {
  const out: string[] = []
  const failureRate = e.requests === 0 ? 0 : e.failures / e.requests
  if (failureRate > 0.05) out.push(`${e.name}: ${formatPercent(failureRate)} fail — read the failures CSV and the API log for the reasons; 5xx under load usually means an exhausted pool or a timeout upstream.`)
  if (e.p99Ms > 3 * Math.max(e.p95Ms, 1)) out.push(`${e.name}: p99 ${formatMs(e.p99Ms)} is over 3x p95 — requests queue somewhere (connection pool, lock, single worker); look for contention.`)
  if (e.p95Ms > 500 && e.name.startsWith('GET')) out.push(`${e.name}: a read with p95 ${formatMs(e.p95Ms)} — check its queries (EXPLAIN ANALYZE, indexes) or cache it.`)
  return out
}

export function analyze(endpoints: EndpointFigures[], profile: string): Analysis {
  const violations: string[] = []
  for (const e of endpoints) {
    const budget = budgetFor(budgets, e.name, profile)
    if (!budget || e.requests === 0) continue
    const failureRate = e.failures / e.requests
    if (budget.p95Ms !== undefined && e.p95Ms > budget.p95Ms) violations.push(`${e.name}: p95 ${formatMs(e.p95Ms)} > budget ${formatMs(budget.p95Ms)}`)
    if (budget.p99Ms !== undefined && e.p99Ms > budget.p99Ms) violations.push(`${e.name}: p99 ${formatMs(e.p99Ms)} > budget ${formatMs(budget.p99Ms)}`)
    if (budget.meanMs !== undefined && e.meanMs > budget.meanMs) violations.push(`${e.name}: mean ${formatMs(e.meanMs)} > budget ${formatMs(budget.meanMs)}`)
    if (budget.maxFailureRate !== undefined && failureRate > budget.maxFailureRate) violations.push(`${e.name}: failure rate ${formatPercent(failureRate)} > budget ${formatPercent(budget.maxFailureRate)}`)
  }
  const slowest = [...endpoints].sort((a, b) => b.p95Ms - a.p95Ms).slice(0, 5)
  const errorHotSpots = endpoints.filter((e) => e.failures > 0).sort((a, b) => b.failures / b.requests - a.failures / a.requests)
  return { violations, slowest, errorHotSpots, recommendations: endpoints.flatMap(recommend) }
}

export function formatAnalysis(analysis: Analysis): string {
  const row = (e: EndpointFigures): string => `  ${e.name}: p95 ${formatMs(e.p95Ms)}, p99 ${formatMs(e.p99Ms)}, mean ${formatMs(e.meanMs)}, ${e.failures}/${e.requests} failed`
  return [
    analysis.violations.length === 0 ? 'Budgets: all met' : `Budget violations (${analysis.violations.length}):\n  ${analysis.violations.join('\n  ')}`,
    `\nSlowest endpoints (by p95):\n${analysis.slowest.map(row).join('\n')}`,
    `\nError hot spots:\n${analysis.errorHotSpots.length === 0 ? '  none' : analysis.errorHotSpots.map(row).join('\n')}`,
    `\nRecommendations:\n${analysis.recommendations.length === 0 ? '  none: every endpoint is within its budget and steady' : analysis.recommendations.map((r) => `  - ${r}`).join('\n')}`,
    `\n${analysis.violations.length === 0 ? 'PASS' : 'FAIL'}`,
  ].join('\n')
}
