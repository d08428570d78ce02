/** Tasks: creators submit join and audio-overlay jobs and wait for them; browsers list and get. */
import { describe, expect } from 'vitest'
import { budgets } from '../../budgets.ts'
import { between, type Task, type VirtualUser } from '../../src/engine/index.ts'
import type { Fixtures } from '../../src/vitest/fixtures.ts'
import { loadTest as test } from '../../src/vitest/load-test.ts'
import { awaitTask, register, submitAudioOverlay, submitJoin, upload } from '../support/media-client.ts'

const TASK_TIMEOUT_MS = 60_000

/** Each user's uploads (undefined where one failed) and the tasks it submitted. */
type MediaSession = { videos: (string | undefined)[]; audio: string | undefined; taskIds: string[] }

async function prepareMedia(vu: VirtualUser, fixtures: Fixtures): Promise<MediaSession> {
  await register(vu, 'tasks')
  return { videos: [await upload(vu, fixtures.shortVideo), await upload(vu, fixtures.shortVideo)], audio: await upload(vu, fixtures.audio), taskIds: [] }
}

async function submitAndWait(vu: VirtualUser<MediaSession>, kind: 'join' | 'audio-overlay'): Promise<void> {
  const [video1, video2] = vu.session.videos
  const { audio } = vu.session
  if (!video1 || !video2 || !audio) return
  const submittedAt = performance.now()
  const id = kind === 'join' ? await submitJoin(vu, [video1, video2]) : await submitAudioOverlay(vu, video1, audio)
  if (!id) return
  vu.session.taskIds.push(id)
  await awaitTask(vu, kind, id, submittedAt, TASK_TIMEOUT_MS)
}

const browse: Task<MediaSession>[] = [
  { name: 'list tasks', weight: 3, run: (vu) => vu.get('/api/v1/tasks?limit=20') },
  { name: 'list completed', weight: 1, run: (vu) => vu.get('/api/v1/tasks?status=completed') },
  {
    name: 'get task',
    weight: 2,
    run: async (vu) => {
      const ids = vu.session.taskIds
      const id = ids[Math.floor(Math.random() * ids.length)]
      if (id) await vu.get(`/api/v1/tasks/${id}`)
    },
  },
]

describe('tasks', () => {
  test('submit, browse and complete media tasks within budget', async ({ run, fixtures }) => {
    const result = await run({
      budgets,
      userTypes: [
        {
          name: 'creator',
          weight: 1,
          wait: between(2, 5),
          onStart: (vu) => prepareMedia(vu, fixtures),
          tasks: [
            { name: 'join', weight: 2, run: (vu) => submitAndWait(vu, 'join') },
            { name: 'audio overlay', weight: 2, run: (vu) => submitAndWait(vu, 'audio-overlay') },
            ...browse,
          ],
        },
        { name: 'browser', weight: 2, wait: between(1, 3), onStart: (vu) => prepareMedia(vu, fixtures), tasks: browse },
      ],
    })
    const completed = result.endpoints.filter((e) => e.name.endsWith('submit→completed'))
    expect(completed.reduce((sum, e) => sum + e.requests, 0)).toBeGreaterThan(0)
    expect(result).toMeetBudgets(budgets)
  })
})
