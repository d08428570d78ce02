/**
 * Bad input gets a 4xx with a JSON `{ error, message }` body: never a 500,
 * never a crash. One row per kind of mistake a client makes.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FormData } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureFixtures, fixturesDir } from '../../scripts/fixtures.ts'
import { type StartedEnvironment, startEnvironment } from '../../src/env/index.ts'
import { type ApiClient, type ApiResponse, apiClient } from '../support/api-client.ts'

let environment: StartedEnvironment
let api: ApiClient
let token = ''
let videoId = ''
let audioId = ''
const UNKNOWN = '00000000-0000-4000-8000-000000000000'

beforeAll(async () => {
  ensureFixtures()
  environment = await startEnvironment({ kind: 'local', resultsDir: mkdtempSync(join(tmpdir(), 'loadgate-bad-')), apiEnv: { MAX_UPLOAD_BYTES: '150000' } })
  api = apiClient(environment.baseUrl)
  token = (await api.register()).token
  videoId = (await api.upload(token, join(fixturesDir, 'test_video.mp4'), 'video/mp4')).json<{ id: string }>().id
  audioId = (await api.upload(token, join(fixturesDir, 'test_audio.mp3'), 'audio/mpeg')).json<{ id: string }>().id
})
afterAll(() => environment?.stop())

const formWith = (name: string, bytes: Buffer | string, type = 'video/mp4'): FormData => {
  const form = new FormData()
  form.append('file', new Blob([bytes], { type }), name)
  return form
}

type Case = [string, number, () => Promise<ApiResponse>]
const json = (method: string, path: string, body: unknown, auth = true): (() => Promise<ApiResponse>) => () => api.call(method, path, { token: auth ? token : undefined, json: body })
const raw = (method: string, path: string, body: string, contentType = 'application/json'): (() => Promise<ApiResponse>) => () =>
  api.call(method, path, { token, body, headers: { 'content-type': contentType } })

const cases: Case[] = [
  ['register: malformed JSON', 400, raw('POST', '/api/v1/auth/register', '{"username":')],
  ['register: missing password', 400, json('POST', '/api/v1/auth/register', { username: 'someone' }, false)],
  ['register: password too short', 400, json('POST', '/api/v1/auth/register', { username: 'someone', password: 'x' }, false)],
  ['register: username of the wrong type', 400, json('POST', '/api/v1/auth/register', { username: 42, password: 'long-enough-1' }, false)],
  ['register: username with spaces', 400, json('POST', '/api/v1/auth/register', { username: 'a b c', password: 'long-enough-1' }, false)],
  ['register: unknown field', 400, json('POST', '/api/v1/auth/register', { username: 'someone2', password: 'long-enough-1', admin: true }, false)],
  ['register: body is an array', 400, json('POST', '/api/v1/auth/register', [1, 2], false)],
  ['login: unknown user', 401, json('POST', '/api/v1/auth/login', { username: 'nobody_here', password: 'long-enough-1' }, false)],
  ['login: empty body', 400, raw('POST', '/api/v1/auth/login', '')],
  ['me: no token', 401, () => api.call('GET', '/api/v1/users/me')],
  ['me: forged token', 401, () => api.call('GET', '/api/v1/users/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' })],
  ['me: token that is not a JWT', 401, () => api.call('GET', '/api/v1/users/me', { token: 'garbage' })],
  ['me: wrong auth scheme', 401, () => api.call('GET', '/api/v1/users/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } })],
  ['file: id of the wrong shape', 400, () => api.call('GET', '/api/v1/files/not-a-uuid', { token })],
  ['file: unknown id', 404, () => api.call('GET', `/api/v1/files/${UNKNOWN}`, { token })],
  ['file content: unknown id', 404, () => api.call('GET', `/api/v1/files/${UNKNOWN}/content`, { token })],
  ['file content: unsatisfiable range', 416, () => api.call('GET', `/api/v1/files/${videoId}/content`, { token, headers: { range: 'bytes=999999999-' } })],
  ['file delete: unknown id', 404, () => api.call('DELETE', `/api/v1/files/${UNKNOWN}`, { token })],
  ['files list: limit out of range', 400, () => api.call('GET', '/api/v1/files?limit=1000', { token })],
  ['files list: forged cursor', 400, () => api.call('GET', '/api/v1/files?cursor=bm90LWEtbnVtYmVy', { token })],
  ['upload: not multipart', 415, raw('POST', '/api/v1/files', '{"file":"x"}')],
  ['upload: a form with no file in it', 400, () => {
    const form = new FormData()
    form.append('note', 'hello')
    return api.call('POST', '/api/v1/files', { token, body: form })
  }],
  ['upload: empty file', 400, () => api.call('POST', '/api/v1/files', { token, body: formWith('empty.mp4', '') })],
  ['upload: text wearing an .mp4 name', 415, () => api.upload(token, join(fixturesDir, 'broken_not_media.mp4'), 'video/mp4')],
  ['upload: over the size limit', 413, () => api.upload(token, join(fixturesDir, 'test_video_640x480.mp4'), 'video/mp4')],
  ['upload: no token', 401, () => api.call('POST', '/api/v1/files', { body: formWith('a.mp4', 'x') })],
  ['join: one file only', 400, json('POST', '/api/v1/tasks/join', { fileIds: [UNKNOWN] })],
  ['join: eleven files', 400, () => json('POST', '/api/v1/tasks/join', { fileIds: Array(11).fill(videoId) })()],
  ['join: ids of the wrong shape', 400, json('POST', '/api/v1/tasks/join', { fileIds: ['a', 'b'] })],
  ['join: unknown files', 404, json('POST', '/api/v1/tasks/join', { fileIds: [UNKNOWN, UNKNOWN] })],
  ['join: an audio file among the videos', 422, () => json('POST', '/api/v1/tasks/join', { fileIds: [videoId, audioId] })()],
  ['overlay: volume out of range', 400, () => json('POST', '/api/v1/tasks/audio-overlay', { videoFileId: videoId, audioFileId: audioId, volume: 5 })()],
  ['overlay: negative offset', 400, () => json('POST', '/api/v1/tasks/audio-overlay', { videoFileId: videoId, audioFileId: audioId, offsetSec: -1 })()],
  ['overlay: unknown mode', 400, () => json('POST', '/api/v1/tasks/audio-overlay', { videoFileId: videoId, audioFileId: audioId, mode: 'karaoke' })()],
  ['overlay: volume as a string with a filter in it', 400, () => json('POST', '/api/v1/tasks/audio-overlay', { videoFileId: videoId, audioFileId: audioId, volume: '1[a];[a]anull' })()],
  ['overlay: audio and video swapped', 422, () => json('POST', '/api/v1/tasks/audio-overlay', { videoFileId: audioId, audioFileId: videoId })()],
  ['tasks list: unknown status', 400, () => api.call('GET', '/api/v1/tasks?status=exploded', { token })],
  ['task: unknown id', 404, () => api.call('GET', `/api/v1/tasks/${UNKNOWN}`, { token })],
  ['task: id of the wrong shape', 400, () => api.call('DELETE', '/api/v1/tasks/12', { token })],
  ['unknown route', 404, () => api.call('GET', '/api/v1/nothing-here', { token })],
  ['huge JSON body', 413, raw('POST', '/api/v1/auth/login', JSON.stringify({ username: 'x'.repeat(2_000_000), password: 'y' }))],
]

describe('bad input', () => {
  it(`has at least 30 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(30)
  })

  it.each(cases)('%s -> %i with a JSON error', async (_, status, send) => {
    const response = await send()
    expect(response.status).toBe(status)
    const body = response.json<{ error: unknown; message: unknown }>()
    expect(typeof body.error).toBe('string')
    expect(typeof body.message).toBe('string')
  })

  it('is still healthy after all of it', async () => {
    expect((await api.call('GET', '/health/ready')).status).toBe(200)
  })
})
