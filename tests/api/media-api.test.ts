/**
 * The reference API against its real dependencies (the local environment):
 * each endpoint, isolation between users, and end-to-end media jobs checked
 * with ffprobe.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { ensureFixtures, fixturesDir } from '../../scripts/fixtures.ts'
import { type StartedEnvironment, startEnvironment } from '../../src/env/index.ts'
import { type ApiClient, apiClient } from '../support/api-client.ts'

let environment: StartedEnvironment
let api: ApiClient
const work = mkdtempSync(join(tmpdir(), 'loadgate-api-'))
const fixture = (name: string): string => join(fixturesDir, name)

beforeAll(async () => {
  ensureFixtures()
  environment = await startEnvironment({ kind: 'local', resultsDir: work })
  api = apiClient(environment.baseUrl)
})
afterAll(() => environment?.stop())

interface Task {
  id: string
  status: string
  resultFileId: string | null
  error: string | null
}

async function waitForTask(token: string, id: string): Promise<Task> {
  for (let i = 0; i < 240; i++) {
    const task = (await api.call('GET', `/api/v1/tasks/${id}`, { token })).json<Task>()
    if (['completed', 'failed', 'cancelled'].includes(task.status)) return task
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`task ${id} did not end within 60 s`)
}

function probe(bytes: Buffer): { duration: number; streams: string[] } {
  const file = join(work, `probe-${Math.random()}.mp4`)
  writeFileSync(file, bytes)
  const out = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file]).toString()) as {
    format: { duration: string }
    streams: { codec_type: string }[]
  }
  return { duration: Number(out.format.duration), streams: out.streams.map((s) => s.codec_type) }
}

describe('health', () => {
  it.each(['/health/live', '/health/ready', '/api/v1/health'])('%s answers 200', async (path) => {
    expect((await api.call('GET', path)).status).toBe(200)
  })
})

describe('auth', () => {
  it('registers, refuses a duplicate, logs in, and knows who the token is', async () => {
    const user = await api.register()
    const again = await api.call('POST', '/api/v1/auth/register', { json: { username: user.username, password: user.password } })
    expect(again.status).toBe(409)
    const login = await api.call('POST', '/api/v1/auth/login', { json: { username: user.username, password: user.password } })
    expect(login.status).toBe(200)
    const me = await api.call('GET', '/api/v1/users/me', { token: login.json<{ token: string }>().token })
    expect(me.json<{ id: string }>().id).toBe(user.userId)
    const wrong = await api.call('POST', '/api/v1/auth/login', { json: { username: user.username, password: 'not-the-password' } })
    expect(wrong.status).toBe(401)
  })
})

describe('files', () => {
  it('uploads, lists, gets, downloads (whole and by range), counts in stats, and deletes', async () => {
    const { token } = await api.register()
    const uploaded = await api.upload(token, fixture('test_video.mp4'), 'video/mp4')
    expect(uploaded.status).toBe(201)
    const file = uploaded.json<{ id: string; kind: string; sizeBytes: number }>()
    expect(file.kind).toBe('video')
    const list = (await api.call('GET', '/api/v1/files', { token })).json<{ items: { id: string }[] }>()
    expect(list.items.map((f) => f.id)).toEqual([file.id])
    expect((await api.call('GET', `/api/v1/files/${file.id}`, { token })).status).toBe(200)
    const content = await api.call('GET', `/api/v1/files/${file.id}/content`, { token })
    expect(content.body.equals(execFileSync('cat', [fixture('test_video.mp4')]))).toBe(true)
    const range = await api.call('GET', `/api/v1/files/${file.id}/content`, { token, headers: { range: 'bytes=10-19' } })
    expect(range.status).toBe(206)
    expect(range.body.equals(content.body.subarray(10, 20))).toBe(true)
    const stats = (await api.call('GET', '/api/v1/users/me/stats', { token })).json<{ files: number; bytes: number }>()
    expect([Number(stats.files), Number(stats.bytes)]).toEqual([1, content.body.length])
    expect((await api.call('DELETE', `/api/v1/files/${file.id}`, { token })).status).toBe(204)
    expect((await api.call('GET', `/api/v1/files/${file.id}`, { token })).status).toBe(404)
  })

  it('pages the list with a cursor', async () => {
    const { token } = await api.register()
    for (let i = 0; i < 3; i++) await api.upload(token, fixture('test_audio_2s.mp3'), 'audio/mpeg')
    const first = (await api.call('GET', '/api/v1/files?limit=2', { token })).json<{ items: unknown[]; nextCursor: string }>()
    expect(first.items).toHaveLength(2)
    const second = (await api.call('GET', `/api/v1/files?limit=2&cursor=${first.nextCursor}`, { token })).json<{ items: unknown[]; nextCursor: string | null }>()
    expect(second.items).toHaveLength(1)
    expect(second.nextCursor).toBeNull()
  })
})

describe('media tasks end to end', () => {
  it('joins two clips into one whose duration is the sum', async () => {
    const { token } = await api.register()
    const a = (await api.upload(token, fixture('test_video_2s.mp4'), 'video/mp4')).json<{ id: string }>().id
    const b = (await api.upload(token, fixture('test_video.mp4'), 'video/mp4')).json<{ id: string }>().id
    const submitted = await api.call('POST', '/api/v1/tasks/join', { token, json: { fileIds: [a, b] } })
    expect(submitted.status).toBe(202)
    const task = await waitForTask(token, submitted.json<Task>().id)
    expect(task.status).toBe('completed')
    const result = probe((await api.call('GET', `/api/v1/files/${task.resultFileId}/content`, { token })).body)
    expect(result.duration).toBeGreaterThan(6.8)
    expect(result.duration).toBeLessThan(7.3)
  })

  it('replaces a video soundtrack with an audio file', async () => {
    const { token } = await api.register()
    const video = (await api.upload(token, fixture('test_video.mp4'), 'video/mp4')).json<{ id: string }>().id
    const audio = (await api.upload(token, fixture('test_audio.mp3'), 'audio/mpeg')).json<{ id: string }>().id
    expect(probe(execFileSync('cat', [fixture('test_video.mp4')])).streams).not.toContain('audio')
    const submitted = await api.call('POST', '/api/v1/tasks/audio-overlay', { token, json: { videoFileId: video, audioFileId: audio, mode: 'replace' } })
    const task = await waitForTask(token, submitted.json<Task>().id)
    expect(task.status).toBe('completed')
    const result = probe((await api.call('GET', `/api/v1/files/${task.resultFileId}/content`, { token })).body)
    expect(result.streams).toEqual(expect.arrayContaining(['video', 'audio']))
    const listed = (await api.call('GET', '/api/v1/tasks?status=completed', { token })).json<{ items: { id: string }[] }>()
    expect(listed.items.map((t) => t.id)).toContain(task.id)
  })
})

describe('isolation between users', () => {
  it("shows another user's files and tasks as 404, never their data", async () => {
    const alice = await api.register()
    const bob = await api.register()
    const file = (await api.upload(alice.token, fixture('test_video_2s.mp4'), 'video/mp4')).json<{ id: string }>().id
    const task = (await api.call('POST', '/api/v1/tasks/join', { token: alice.token, json: { fileIds: [file, file] } })).json<Task>().id
    for (const [method, path] of [
      ['GET', `/api/v1/files/${file}`],
      ['GET', `/api/v1/files/${file}/content`],
      ['DELETE', `/api/v1/files/${file}`],
      ['GET', `/api/v1/tasks/${task}`],
      ['DELETE', `/api/v1/tasks/${task}`],
    ] as const) {
      const response = await api.call(method, path, { token: bob.token })
      expect(response.status, `${method} ${path}`).toBe(404)
      expect(response.body.toString()).not.toContain(alice.userId)
    }
    expect((await api.call('POST', '/api/v1/tasks/join', { token: bob.token, json: { fileIds: [file, file] } })).status).toBe(404)
    expect((await api.call('GET', '/api/v1/files', { token: bob.token })).json<{ items: unknown[] }>().items).toEqual([])
    expect((await api.call('GET', `/api/v1/files/${file}`, { token: alice.token })).status).toBe(200)
  })

  it("carries only the user's own task events on the WebSocket, and answers pings", async () => {
    const alice = await api.register()
    const bob = await api.register()
    const wsUrl = environment.baseUrl.replace(/^http/, 'ws')
    const open = async (token: string): Promise<{ socket: WebSocket; messages: Record<string, unknown>[] }> => {
      const socket = new WebSocket(`${wsUrl}/api/v1/ws?token=${token}`)
      const messages: Record<string, unknown>[] = []
      socket.on('message', (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>))
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
      return { socket, messages }
    }
    const a = await open(alice.token)
    const b = await open(bob.token)
    try {
      b.socket.send(JSON.stringify({ type: 'ping', id: 7 }))
      const file = (await api.upload(alice.token, fixture('test_video_2s.mp4'), 'video/mp4')).json<{ id: string }>().id
      const task = (await api.call('POST', '/api/v1/tasks/join', { token: alice.token, json: { fileIds: [file, file] } })).json<Task>().id
      expect((await waitForTask(alice.token, task)).status).toBe('completed')
      for (let i = 0; i < 40 && !a.messages.some((m) => m.type === 'task.completed'); i++) await new Promise((r) => setTimeout(r, 50))
      expect(a.messages).toContainEqual(expect.objectContaining({ type: 'task.completed', taskId: task }))
      expect(b.messages).toContainEqual({ type: 'pong', id: 7 })
      expect(b.messages.filter((m) => m.taskId === task)).toEqual([])
    } finally {
      a.socket.terminate()
      b.socket.terminate()
    }
  })
})
