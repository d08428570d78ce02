/** The capacity search's logic against a model server (no sockets): bracket, bisection, stops, step lengths, words. */
import { describe, expect, it } from 'vitest'
import type { BudgetSet } from '../../src/engine/verdicts/budget.ts'
import { type CapacitySettings, maxSteps, searchBoundMs, stepDurationMs, validateCapacitySettings } from '../../src/engine/capacity/capacity-settings.ts'
import { type RunStep, searchCapacity } from '../../src/engine/capacity/search-capacity.ts'
import { describeCapacity } from '../../src/report/capacity-text.ts'
import { runCapacitySearch } from '../../src/vitest/capacity-run.ts'
import { modelServer, ROUTE, stepResult } from '../support/model-server.ts'

const budgets: BudgetSet<'read'> = { classes: { read: { p95Ms: 500 } }, classify: () => 'read', maxFailureRateByProfile: {}, defaultMaxFailureRate: 0.01 }
const settings: CapacitySettings = { startRatePerSec: 10, maxRatePerSec: 1000, resolutionPerSec: 5, stepDurationMs: 2000 }

describe('capacity search', () => {
  it.each([137, 10.5, 333, 999, 64])('brackets a true capacity of %s/s within the resolution', async (truth) => {
    const { search, result } = await searchCapacity({ settings, budgets, runStep: modelServer(truth) })
    expect(search.outcome).toBe('found')
    expect(search.capacityPerSec).toBeLessThanOrEqual(truth)
    expect(search.breakingPointPerSec).toBeGreaterThan(truth)
    expect((search.breakingPointPerSec as number) - (search.capacityPerSec as number)).toBeLessThanOrEqual(settings.resolutionPerSec)
    expect(search.steps.length).toBeLessThanOrEqual(maxSteps(settings))
    // The run a test judges is the highest step that held.
    expect(result.total.requests).toBe(Math.round(((search.capacityPerSec as number) * stepDurationMs(search.capacityPerSec as number, settings)) / 1000))
  })

  it('ramps by doubling, then bisects between the last rate that held and the first that broke', async () => {
    const asked: number[] = []
    const { search } = await searchCapacity({ settings, budgets, runStep: modelServer(137, asked) })
    expect(asked).toEqual([10, 20, 40, 80, 160, 120, 140, 130, 135])
    expect(search.steps.map((s) => s.phase)).toEqual(['ramp', 'ramp', 'ramp', 'ramp', 'ramp', 'bisect', 'bisect', 'bisect', 'bisect'])
    expect([search.capacityPerSec, search.breakingPointPerSec]).toEqual([135, 140])
  })

  it('asks each step for the length the step-length rule gives its rate', async () => {
    const lengths: [number, number][] = []
    const server = modelServer(137)
    const runStep: RunStep = (rate, ms) => {
      lengths.push([rate, ms])
      return server(rate, ms)
    }
    await searchCapacity({ settings, budgets, runStep })
    for (const [rate, ms] of lengths) expect(ms).toBe(stepDurationMs(rate, settings))
  })

  it('reports a capacity of at least the max rate when every step holds', async () => {
    const { search } = await searchCapacity({ settings, budgets, runStep: modelServer(5000) })
    expect(search).toMatchObject({ outcome: 'held at max', capacityPerSec: 1000, breakingPointPerSec: null })
    expect(search.steps.map((s) => s.ratePerSec)).toEqual([10, 20, 40, 80, 160, 320, 640, 1000])
  })

  it('reports no capacity when the start rate already breaks, and the run it broke on', async () => {
    const { search, result } = await searchCapacity({ settings, budgets, runStep: modelServer(5) })
    expect(search).toMatchObject({ outcome: 'broke at start', capacityPerSec: null, breakingPointPerSec: 10 })
    expect(result.total.percentilesMs.p95).toBe(800)
    expect(describeCapacity('files', search)).toBe(`files: no capacity at or above the start rate: breaks at 10/s on ${ROUTE}: p95 800 ms > budget 500 ms; lower capacity.startRatePerSec to search below it`)
  })

  it('stops at a saturated generator instead of taking its latencies for a breaking point', async () => {
    const runStep: RunStep = async (rate, ms) => stepResult(rate, ms, rate >= 80 ? 900 : 50, { saturated: rate >= 80 })
    const { search, result } = await searchCapacity({ settings, budgets, runStep })
    expect(search).toMatchObject({ outcome: 'generator saturated', capacityPerSec: 40, breakingPointPerSec: null })
    expect(search.stoppedBecause).toContain('saturated at 80/s (generator CPU averaged 97% of a core (limit 90%))')
    expect(result.generator.saturated).toBe(false)
    expect(describeCapacity('files', search)).toMatch(/^files: holds at least 40 req\/s within budgets \(p95 50\.0 ms at 40\/s\); search stopped: the load generator saturated at 80\/s/)
  })

  it('names the verdict furthest over its line as the one a step broke on', async () => {
    const runStep: RunStep = async (rate, ms) => stepResult(rate, ms, rate > 30 ? 600 : 50, { failureRate: rate > 30 ? 0.05 : 0 })
    const { search } = await searchCapacity({ settings, budgets, runStep })
    const broke = search.steps.find((s) => s.ratePerSec === search.breakingPointPerSec)
    expect(broke?.broken).toMatchObject({ metric: 'failureRate', allowed: 0.01 })
    expect(broke?.worst).toEqual({ endpoint: ROUTE, p95Ms: 600, p95BudgetMs: 500 })
  })

  it('says where it holds and where it breaks in one line', async () => {
    const { search } = await searchCapacity({ settings: { ...settings, startRatePerSec: 21 }, budgets, runStep: async (rate, ms) => stepResult(rate, ms, rate <= 84 ? 412 : 612) })
    expect(describeCapacity('files', search)).toBe(`files: holds 84 req/s within budgets (p95 412 ms at 84/s); breaks at 87/s on ${ROUTE}: p95 612 ms > budget 500 ms`)
  })
})

describe('step-length rule: at least stepDurationMs, and at least minRequestsPerStep arrivals, in whole seconds', () => {
  it.each([
    [10, 5000, 400, 40_000],
    [400, 5000, 400, 5000],
    [150, 5000, 400, 5000],
    [60, 1000, 400, 7000],
    [1000, 1000, 2000, 2000],
  ])('at %s/s with steps of %s ms and %s requests: %s ms', (rate, step, minRequests, expected) => {
    expect(stepDurationMs(rate, { ...settings, stepDurationMs: step, minRequestsPerStep: minRequests })).toBe(expected)
  })

  it('bounds a whole search by its most steps at the slowest (lowest) rate', () => {
    expect(maxSteps(settings)).toBe(8 + 7)
    expect(searchBoundMs(settings)).toBe(15 * (40_000 + 3000))
  })

  it('names every wrong setting at once', () => {
    expect(() => validateCapacitySettings({ startRatePerSec: 0, maxRatePerSec: -1, resolutionPerSec: Number.NaN, stepDurationMs: 10 })).toThrow(
      /startRatePerSec must be a number > 0 \(got 0\)[\s\S]*maxRatePerSec must be a number > 0[\s\S]*resolutionPerSec[\s\S]*stepDurationMs must be a number >= 1000[\s\S]*must be at least startRatePerSec/,
    )
  })
})

describe('the capacity profile in the load-test fixture', () => {
  it('refuses a scenario without budgets and a shard at once, before any traffic', async () => {
    const options = { name: 'files', baseUrl: 'http://127.0.0.1:1', userTypes: [{ name: 'u', tasks: [{ run: () => undefined }] }], shard: { index: 1, count: 2 } }
    await expect(runCapacitySearch(options, undefined, settings)).rejects.toThrow(/judges every step by the budgets[\s\S]*cannot run as a shard/)
  })
})
