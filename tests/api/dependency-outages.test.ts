/**
 * The API fails fast and says why when a dependency is down or hangs: 503
 * `dependency_unavailable` naming it, with Retry-After, within about
 * API_DEPENDENCY_TIMEOUT_MS (2 s), and serves again once the dependency does,
 * without a restart. A hang is a SIGSTOP of the service's process group (healed
 * by SIGCONT) of Redis, Postgres or s3rver; down is a SIGKILL, in the last test
 * only, as nothing restarts it. Also: a wrong method on a known path is 405
 * with Allow, and an oversized WebSocket frame closes with 1009 and one warn line.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import WebSocket from 'ws'
import { ensureFixtures, fixturesDir } from '../../scripts/fixtures.ts'
import { type StartedEnvironment, startEnvironment } from '../../src/env/index.ts'
import { type ApiClient, apiClient } from '../support/api-client.ts'
import { freezeProcessTree, killProcessTree } from '../support/process-tree.ts'

/** The API's bound (2 s) plus room for a loaded machine; today's code hung for the whole outage. */
const failFastMs = 3000
/** A request still unanswered by then has hung: the test says so instead of waiting out its own timeout. */
const hangMs = 8000

let environment: StartedEnvironment
let api: ApiClient
let user: { token: string; username: string; password: string }
let videoIds: string[]
const resultsDir = mkdtempSync(join(tmpdir(), 'loadgate-outages-'))

beforeAll(async () => {
  ensureFixtures()
  environment = await startEnvironment({ kind: 'local', resultsDir })
  api = apiClient(environment.baseUrl)
  user = await api.register()
  const uploads = await Promise.all([1, 2].map(() => api.upload(user.token, join(fixturesDir, 'test_video.mp4'), 'video/mp4')))
  videoIds = uploads.map((upload) => upload.json<{ id: string }>().id)
})
afterAll(async () => {
  await environment?.stop()
  await rm(resultsDir, { recursive: true, force: true })
})

/** Freezes the service until the returned function, also run when the test ends, thaws it. */
function freeze(name: string): () => void {
  const thaw = freezeProcessTree(pidOf(name))
  onTestFinished(thaw)
  return thaw
}

const pidOf = (name: string): number => {
  const found = environment.processes.find((started) => started.name === name)
  if (found === undefined) throw new Error(`no ${name} process in the environment`)
  return found.pid
}

interface Answer {
  status: number
  elapsedMs: number
  retryAfter: unknown
  body: { error?: string; message?: string; dependency?: string }
}

async function timedCall(method: 'GET' | 'POST', path: string, options: { token?: string; json?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = options.json === undefined ? {} : { 'content-type': 'application/json' }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  const payload = options.json === undefined ? undefined : JSON.stringify(options.json)
  const start = performance.now()
  const response = await request(`${environment.baseUrl}${path}`, { method, headers, body: payload, headersTimeout: hangMs })
  const isJson = String(response.headers['content-type']).startsWith('application/json')
  const body = isJson ? ((await response.body.json()) as Answer['body']) : {}
  if (!isJson) await response.body.dump()
  return { status: response.statusCode, elapsedMs: performance.now() - start, retryAfter: response.headers['retry-after'], body }
}

const login = () => timedCall('POST', '/api/v1/auth/login', { json: { username: user.username, password: user.password } })
const join2 = () => timedCall('POST', '/api/v1/tasks/join', { token: user.token, json: { fileIds: videoIds } })
const listFiles = () => timedCall('GET', '/api/v1/files', { token: user.token })
const download = () => timedCall('GET', `/api/v1/files/${videoIds[0]}/content`, { token: user.token })

function expectUnavailable(answer: Answer, dependency: string): void {
  expect(answer).toMatchObject({ status: 503, retryAfter: '2', body: { error: 'dependency_unavailable', dependency } })
  expect(answer.body.message).toContain(dependency)
  expect(answer.elapsedMs).toBeLessThan(failFastMs)
}

/** The dependency is back: the same request succeeds again, on the API's existing connections or new ones. */
async function expectServedAgain(call: () => Promise<Answer>, status: number): Promise<void> {
  await expect.poll(async () => (await call()).status, { timeout: 10_000, interval: 250 }).toBe(status)
}

describe('wrong methods', () => {
  it.each([
    ['DELETE', '/api/v1/auth/login', 'POST'],
    ['PUT', '/health/live', 'GET, HEAD'],
    ['POST', `/api/v1/files/00000000-0000-4000-8000-000000000000/content`, 'GET, HEAD'],
  ])('%s %s answers 405 with Allow: %s', async (method, path, allow) => {
    const response = await api.call(method, path)
    expect(response.status).toBe(405)
    expect(response.headers.allow).toBe(allow)
    expect(response.json()).toMatchObject({ error: 'method_not_allowed' })
  })

  it('an unknown path stays 404', async () => {
    expect((await api.call('DELETE', '/api/v1/no-such-thing')).status).toBe(404)
  })
})

describe('an oversized WebSocket frame', () => {
  it('closes the socket with 1009 and logs one warn line without a stack', async () => {
    const socket = new WebSocket(`${environment.baseUrl.replace(/^http/, 'ws')}/api/v1/ws?token=${user.token}`)
    onTestFinished(() => socket.terminate())
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    const closed = new Promise<number>((resolve) => socket.once('close', resolve))

    socket.send(Buffer.alloc(64 * 1024 + 1, 'x'))

    expect(await closed).toBe(1009)
    const logLines = () => readFileSync(join(environment.logsDir, 'api.log'), 'utf8').split('\n').filter((line) => line.includes('WS_ERR_'))
    await expect.poll(() => logLines().length).toBe(1)
    expect(JSON.parse(logLines()[0] ?? '')).toMatchObject({ level: 40, msg: expect.stringContaining('Max payload size exceeded') })
    expect(logLines()[0]).not.toContain('stack')
  })
})

describe('a hanging dependency', () => {
  it('Redis: login and task submission answer 503 naming redis, then succeed once it answers again', async () => {
    const thaw = freeze('redis')

    const [loginAnswer, joinAnswer] = await Promise.all([login(), join2()])

    expectUnavailable(loginAnswer, 'redis')
    expectUnavailable(joinAnswer, 'redis')
    thaw()
    await expectServedAgain(login, 200)
    await expectServedAgain(join2, 202)
  })

  it('Postgres: listing files answers 503 naming postgres, then succeeds once it answers again', async () => {
    const thaw = freeze('postgres')

    const answers = await Promise.all([listFiles(), listFiles()])

    for (const answer of answers) expectUnavailable(answer, 'postgres')
    thaw()
    await expectServedAgain(listFiles, 200)
  })

  it('storage: a download answers 503 naming storage, then succeeds once it answers again', async () => {
    const thaw = freeze('s3rver')

    expectUnavailable(await download(), 'storage')

    thaw()
    await expectServedAgain(download, 200)
  })
})

describe('a dependency that is down (last: nothing restarts it)', () => {
  it('Postgres, then Redis, killed: requests that need them answer 503 naming them', async () => {
    killProcessTree(pidOf('postgres'))
    expectUnavailable(await listFiles(), 'postgres')

    killProcessTree(pidOf('redis'))
    expectUnavailable(await login(), 'redis')
  })
})
