/** Resource budgets: CPU and memory per service and together, warnings that never fail, and the memory trend. */
import { describe, expect, it } from 'vitest'
import { budgets } from '../../budgets.ts'
import { evaluateBudgets } from '../../src/engine/verdicts/budget.ts'
import { memoryTrend } from '../../src/engine/stats/memory-trend.ts'
import { evaluateResources, type ResourceBudgets } from '../../src/engine/verdicts/resource-budget.ts'
import type { RunResources } from '../../src/engine/result.ts'
import { judgeRun } from '../../src/engine/verdicts/run-verdict.ts'
import { checkBudgets } from '../../src/vitest/budget-matcher.ts'
import { jitter, MIB, resources, samples } from '../support/resource-series.ts'
import { storedRun } from '../support/stored-run.ts'

const quiet = (n = 20) => samples(n, () => 3, () => 120 * MIB)
/** A smoke run that met its latency budgets, carrying `services`' samples. */
const runWith = (services: RunResources['services']) => ({ ...storedRun([{ requests: 40, p50Ms: 8, p95Ms: 30, p99Ms: 60 }]).result, resources: resources(services as Record<string, never>) })

describe('CPU and memory budgets', () => {
  it('fails a run whose worker is busy, naming the service and the figure', () => {
    const result = runWith({ api: quiet(), worker: samples(20, (i) => (i === 12 ? 97 : 60)), postgres: quiet() } as never)
    const { pass, message } = checkBudgets(result, budgets)
    expect(pass).toBe(false)
    expect(message).toContain('worker: CPU peak 97% of the machine > budget 85%')
    // Mean 62%: within the guide's 70% target, so no line is crossed for it.
    expect(message).not.toContain('worker: CPU mean')
  })

  it('warns above the target without failing, and says so in the message', () => {
    const result = runWith({ api: quiet(), worker: samples(20, () => 75, () => 120 * MIB) })
    const verdict = judgeRun(result, budgets)
    expect(verdict.pass).toBe(true)
    expect(verdict.verdicts.filter((v) => !v.passed).map((v) => [v.endpoint, v.metric, v.level])).toEqual([
      ['worker', 'cpuMean', 'warn'],
      ['worker', 'cpuPeak', 'warn'],
      ['all services', 'cpuMean', 'warn'],
      ['all services', 'cpuPeak', 'warn'],
    ])
    expect(checkBudgets(result, budgets).message).toContain('4 warnings (not failures):\n  worker: CPU mean 75% of the machine > warning 70%')
  })

  it('judges all services together reading by reading, and memory against its limit', () => {
    const verdicts = evaluateResources(
      resources({ api: samples(10, () => 50, () => 7.4 * 1024 * MIB), worker: samples(10, () => 40, () => 100 * MIB) }),
      { services: { memoryPeak: { warnAt: 80, failAt: 90 } }, allServices: { cpuMean: { failAt: 85 } } },
    )
    expect(verdicts.map((v) => [v.endpoint, v.metric, v.level, Math.round(v.measured), v.passed])).toEqual([
      ['api', 'memoryPeak', 'fail', 93, false],
      ['worker', 'memoryPeak', 'warn', 1, true],
      ['all services', 'cpuMean', 'fail', 90, false],
    ])
  })

  it("judges a container's CPU against its CPU limit where it has one, as memory against its memory limit", () => {
    // 0.45 CPU of a 2-CPU host: 22.5% of the machine, but 90% of a 0.5 CPU quota.
    const capped = samples(10, () => 22.5).map((s) => ({ ...s, cpuLimitCores: 0.5 }))
    const result = { ...runWith({ worker: capped }), resources: { ...resources({ worker: capped }), kind: 'containers' as const } }
    const { pass, message } = checkBudgets(result, { ...budgets, resources: { services: { cpuMean: { warnAt: 70, failAt: 85 } } } })
    expect(pass).toBe(false)
    expect(message).toContain('worker: CPU mean 90% of its CPU limit of 0.5 CPU > budget 85%')
  })

  it('does not judge CPU it only knows as a share of one core (external)', () => {
    const external = samples(10, () => 99).map(({ cpuPercentOfMachine: _, ...sample }) => sample)
    const only: ResourceBudgets = { services: { cpuPeak: { failAt: 85 } } }
    expect(evaluateResources(resources({ api: external }), only)).toEqual([])
  })

  it('leaves a result without samples, or a budget set without resource budgets, as it was judged before', () => {
    const { result } = storedRun([{ requests: 40, p50Ms: 8, p95Ms: 30, p99Ms: 60 }])
    const withSamples = runWith({ worker: samples(20, () => 99) })
    expect(evaluateBudgets(withSamples, { ...budgets, resources: undefined })).toEqual(evaluateBudgets(result, budgets))
  })
})

describe('memory trend', () => {
  const leak = { maxMbPerMin: 2, warmupShare: 0.2, minSteadySec: 300 }
  const judge = (rss: (i: number) => number, n = 600) => evaluateResources(resources({ api: samples(n, () => 5, rss) }), { services: { leak } })

  it('passes a steady service', () => {
    expect(judge((i) => 150 * MIB + (i < 60 ? i * MIB : 60 * MIB))).toMatchObject([{ endpoint: 'api', metric: 'memoryTrend', passed: true }])
  })

  it('fails a service that keeps 5 MB a minute, with the slope and its interval', () => {
    const [verdict] = judge((i) => 150 * MIB + (i / 60) * 5 * MIB + jitter(i) * 4 * MIB)
    expect(verdict).toMatchObject({ endpoint: 'api', metric: 'memoryTrend', passed: false, allowed: 2 })
    expect(verdict?.measured).toBeCloseTo(5, 0)
    expect(verdict?.detail).toMatch(/^±0\.\d\d MB\/min at 95%, over 479 s after a 20% warm-up$/)
  })

  it('passes a flat service whose memory jumps around, and does not judge a short run', () => {
    expect(judge((i) => 150 * MIB + jitter(i) * 30 * MIB)).toMatchObject([{ passed: true }])
    expect(judge((i) => 150 * MIB + i * MIB, 120)).toEqual([])
  })

  it('finds a known slope, and an interval that holds it', () => {
    const trend = memoryTrend(samples(300, () => 1, (i) => 100 * MIB + i * 0.1 * MIB + jitter(i) * MIB))
    expect(trend?.slopeBytesPerMin).toBeGreaterThan(6 * MIB - (trend?.halfWidthBytesPerMin ?? 0))
    expect(trend?.slopeBytesPerMin).toBeLessThan(6 * MIB + (trend?.halfWidthBytesPerMin ?? 0))
    expect(trend?.samples).toBe(240)
  })
})
