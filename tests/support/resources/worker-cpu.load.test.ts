/**
 * Categories for tests/api/resource-budgets.test.ts: creators submit join
 * tasks and wait for them, which keeps the worker (and its ffmpeg) busy, and
 * each run is judged by a budget on the worker's mean CPU alone: one whose
 * failure line the worker crosses, one where it crosses only the warning line.
 */
import { describe, expect } from 'vitest'
import { budgets } from '../../../budgets.ts'
import type { BudgetSet } from '../../../src/engine/verdicts/budget.ts'
import { constant, type VirtualUser } from '../../../src/engine/index.ts'
import type { ResourceLimits } from '../../../src/engine/verdicts/resource-budget.ts'
import type { Fixtures } from '../../../src/vitest/fixtures.ts'
import { loadTest as test } from '../../../src/vitest/load-test.ts'
import { awaitTask, register, submitJoin, upload } from '../media-client.ts'

/** Percent of the machine: an ffmpeg join uses far more than this while it runs, an idle worker far less. */
const BUSY_PERCENT = 2

/** The suite's budgets, with the worker's mean CPU as the only resource budget. */
const workerCpu = (cpuMean: ResourceLimits): BudgetSet => ({ ...budgets, resources: { services: {}, byService: { worker: { cpuMean } } } })

async function joinAndWait(vu: VirtualUser, fixtures: Fixtures): Promise<void> {
  vu.session.videos ??= [await upload(vu, fixtures.shortVideo), await upload(vu, fixtures.shortVideo)].filter(Boolean)
  const videos = vu.session.videos as string[]
  if (videos.length < 2) return
  const submittedAt = performance.now()
  const id = await submitJoin(vu, videos)
  if (id) await awaitTask(vu, 'join', id, submittedAt, 30_000)
}

function scenario(name: string, fixtures: Fixtures, cpuMean: ResourceLimits) {
  return {
    name,
    budgets: workerCpu(cpuMean),
    load: () => ({ model: 'closed' as const, stages: [{ users: 3, spawnRatePerSec: 3, durationMs: 8_000 }] }),
    userTypes: [{ name: 'creator', wait: constant(0.2), onStart: (vu: VirtualUser) => register(vu, 'cpu').then(() => undefined), tasks: [{ name: 'join', run: (vu: VirtualUser) => joinAndWait(vu, fixtures) }] }],
  }
}

describe('worker-cpu', () => {
  test('a worker kept busy crosses its CPU failure line', async ({ run, fixtures }) => {
    const scenarioOf = scenario('worker-cpu-fail', fixtures, { failAt: BUSY_PERCENT })
    expect(await run(scenarioOf)).toMeetBudgets(scenarioOf.budgets)
  })

  test('a worker kept busy crosses only its CPU warning line', async ({ run, fixtures }) => {
    const scenarioOf = scenario('worker-cpu-warn', fixtures, { warnAt: BUSY_PERCENT, failAt: 100 })
    expect(await run(scenarioOf)).toMeetBudgets(scenarioOf.budgets)
  })
})
