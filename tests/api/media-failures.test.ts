/** A task whose ffmpeg fails ends `failed` with a reason, and the API stays healthy. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureFixtures, fixturesDir } from '../../scripts/fixtures.ts'
import { type StartedEnvironment, startEnvironment } from '../../src/env/index.ts'
import { type ApiClient, apiClient } from '../support/api-client.ts'

let environment: StartedEnvironment
let api: ApiClient

beforeAll(async () => {
  ensureFixtures()
  // ffmpeg is given far less time than any join needs, so the worker kills it.
  environment = await startEnvironment({ kind: 'local', resultsDir: mkdtempSync(join(tmpdir(), 'loadgate-ffmpeg-')), apiEnv: { FFMPEG_TIMEOUT_MS: '20' } })
  api = apiClient(environment.baseUrl)
})
afterAll(() => environment?.stop())

describe('a failing ffmpeg', () => {
  it('ends the task as failed with a reason, never running forever', async () => {
    const { token } = await api.register()
    const video = (await api.upload(token, join(fixturesDir, 'test_video_640x480.mp4'), 'video/mp4')).json<{ id: string }>().id
    const id = (await api.call('POST', '/api/v1/tasks/join', { token, json: { fileIds: [video, video, video] } })).json<{ id: string }>().id
    let task = { status: 'queued', error: null as string | null }
    for (let i = 0; i < 240 && ['queued', 'running'].includes(task.status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      task = (await api.call('GET', `/api/v1/tasks/${id}`, { token })).json()
    }
    expect(task.status).toBe('failed')
    expect(task.error).toMatch(/\S/)
    expect((await api.call('GET', '/health/ready')).status).toBe(200)
  })
})
