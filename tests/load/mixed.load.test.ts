/** Mixed: the realistic workload of the old suite, four kinds of users in their shares. */
import { describe, expect } from 'vitest'
import { budgets } from '../../budgets.ts'
import type { VirtualUser } from '../../src/engine/index.ts'
import { loadTest as test } from '../../src/vitest/load-test.ts'
import { awaitTask, submitAudioOverlay, submitJoin } from '../support/media-client.ts'
import { type MixedSession, mixedUserTypes, type TaskKind } from '../support/mixed-workload.ts'

const TASK_TIMEOUT_MS = 60_000

/**
 * Creators wait for their job as a person waiting for a result would: the
 * backlog stays bounded by the number of creators, instead of an ffmpeg queue
 * that outlives the run and slows the categories after it.
 */
async function create(vu: VirtualUser<MixedSession>, kind: TaskKind): Promise<void> {
  const { video, audio } = vu.session
  if (!video || !audio) return
  const submittedAt = performance.now()
  const id = kind === 'join' ? await submitJoin(vu, [video, video]) : await submitAudioOverlay(vu, video, audio)
  if (id) await awaitTask(vu, kind, id, submittedAt, TASK_TIMEOUT_MS)
}

describe('mixed', () => {
  test('monitoring, dashboard, browsing and creating users together stay within budget', async ({ run, fixtures }) => {
    const result = await run({ budgets, userTypes: mixedUserTypes(fixtures, create) })
    expect(result.total.requests).toBeGreaterThan(0)
    expect(result).toMeetBudgets(budgets)
  })
})
