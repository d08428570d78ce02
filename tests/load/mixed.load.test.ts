/** Mixed: the realistic workload of the old suite, four kinds of users in their shares. */
import { describe, expect } from 'vitest'
import { budgets } from '../../budgets.ts'
import { between, type VirtualUser } from '../../src/engine/index.ts'
import type { Fixtures } from '../../src/vitest/fixtures.ts'
import { loadTest as test } from '../../src/vitest/load-test.ts'
import { awaitTask, register, submitAudioOverlay, submitJoin, upload } from '../support/media-client.ts'

const TASK_TIMEOUT_MS = 60_000

/**
 * Creators wait for their job as a person waiting for a result would: the
 * backlog stays bounded by the number of creators, instead of an ffmpeg queue
 * that outlives the run and slows the categories after it.
 */
async function create(vu: VirtualUser, kind: 'join' | 'audio-overlay'): Promise<void> {
  const video = vu.session.video as string
  const submittedAt = performance.now()
  const id = kind === 'join' ? await submitJoin(vu, [video, video]) : await submitAudioOverlay(vu, video, vu.session.audio as string)
  if (id) await awaitTask(vu, kind, id, submittedAt, TASK_TIMEOUT_MS)
}

async function settleIn(vu: VirtualUser, fixtures: Fixtures): Promise<void> {
  await register(vu, 'mixed')
  vu.session.video = await upload(vu, fixtures.shortVideo)
  vu.session.audio = await upload(vu, fixtures.audio)
}

describe('mixed', () => {
  test('monitoring, dashboard, browsing and creating users together stay within budget', async ({ run, fixtures }) => {
    const onStart = (vu: VirtualUser): Promise<void> => settleIn(vu, fixtures)
    const result = await run({
      userTypes: [
        {
          name: 'monitoring',
          weight: 40,
          wait: between(2, 5),
          onStart,
          tasks: [
            { weight: 3, run: (vu) => vu.get('/health/live') },
            { weight: 2, run: (vu) => vu.get('/health/ready') },
            { weight: 1, run: (vu) => vu.get('/api/v1/health') },
          ],
        },
        {
          name: 'dashboard',
          weight: 30,
          wait: between(3, 8),
          onStart,
          tasks: [
            { weight: 3, run: (vu) => vu.get('/api/v1/tasks') },
            { weight: 2, run: (vu) => vu.get('/api/v1/files') },
          ],
        },
        {
          name: 'browsing',
          weight: 20,
          wait: between(1, 3),
          onStart,
          tasks: [
            { weight: 3, run: (vu) => vu.get('/api/v1/tasks') },
            { weight: 2, run: (vu) => vu.get('/api/v1/files') },
            { weight: 1, run: (vu) => vu.get('/api/v1/users/me/stats') },
            { weight: 1, run: (vu) => vu.get(`/api/v1/files/${vu.session.video}`) },
          ],
        },
        {
          name: 'creator',
          weight: 10,
          wait: between(2, 5),
          onStart,
          tasks: [
            { weight: 2, run: (vu) => upload(vu, fixtures.shortVideo) },
            { weight: 1, run: (vu) => create(vu, 'join') },
            { weight: 1, run: (vu) => create(vu, 'audio-overlay') },
          ],
        },
      ],
    })
    expect(result.total.requests).toBeGreaterThan(0)
    expect(result).toMeetBudgets(budgets)
  })
})
