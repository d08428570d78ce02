/**
 * The API loses no task across faults: every task ends `completed` or
 * `failed` with a reason after a Postgres outage, after Redis lost its queued
 * jobs (a restart without persistence) and after its worker was killed
 * mid-job; and /api/v1/health says whether a worker runs. All with the
 * default worker settings.
 *
 * The Postgres outage refuses connections and ends the open ones (as a restart
 * or failover does) while the worker takes jobs, so marking a task running
 * fails with an error rather than waiting (a frozen Postgres, SIGSTOP, only
 * delays the queries: the worker passed that case before its retries). The
 * worker is frozen (SIGSTOP) while tasks are submitted, so the faults hit jobs
 * that are still queued.
 */
import type { ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureFixtures, fixturesDir } from '../../scripts/fixtures.ts'
import { type StartedEnvironment, startEnvironment } from '../../src/env/index.ts'
import { type ApiClient, apiClient } from '../support/api-client.ts'
import { environmentPid, signalGroup, startWorker } from '../support/worker-process.ts'

const work = mkdtempSync(join(tmpdir(), 'loadgate-task-recovery-'))
const hangingFfmpeg = join(work, 'ffmpeg-that-hangs')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let environment: StartedEnvironment
let api: ApiClient
let token: string
let video: string
const workers: ChildProcess[] = []
let environmentWorkerKilled = false

beforeAll(async () => {
  ensureFixtures()
  writeFileSync(hangingFfmpeg, '#!/bin/sh\n# Stands in for ffmpeg and never finishes, so its worker is killed mid-job.\nexec sleep 600\n')
  chmodSync(hangingFfmpeg, 0o755)
  environment = await startEnvironment({ kind: 'local', resultsDir: work, apiEnv: {} })
  api = apiClient(environment.baseUrl)
  token = (await api.register()).token
  video = (await api.upload(token, join(fixturesDir, 'test_video_2s.mp4'), 'video/mp4')).json<{ id: string }>().id
}, 120_000)
afterAll(async () => {
  for (const worker of workers) signalGroup(worker.pid, 'SIGKILL')
  await environment?.stop()
})

interface Task {
  status: string
  attempts: number
  error: string | null
}

const finished = (task: Task) => !['queued', 'running'].includes(task.status)

/** Polls the task until `done` holds; an answer other than 200 (the API during an outage) counts as not yet. */
async function taskWhen(id: string, done: (task: Task) => boolean, timeoutMs: number): Promise<Task> {
  const deadline = performance.now() + timeoutMs
  let last: Task | undefined
  for (;;) {
    const response = await api.call('GET', `/api/v1/tasks/${id}`, { token })
    if (response.status === 200) last = response.json<Task>()
    if (last !== undefined && done(last)) return last
    if (performance.now() > deadline) throw new Error(`task ${id}: ${last?.status} (attempts ${last?.attempts}) after ${timeoutMs / 1000} s`)
    await sleep(200)
  }
}

async function submitJoins(count: number): Promise<string[]> {
  const ids: string[] = []
  for (let index = 0; index < count; index++) {
    const submitted = await api.call('POST', '/api/v1/tasks/join', { token, json: { fileIds: [video, video] } })
    expect(submitted.status).toBe(202)
    ids.push(submitted.json<{ id: string }>().id)
  }
  return ids
}

/** Runs `during` with the environment's worker frozen, and always thaws it. */
async function withWorkerFrozen(during: () => Promise<void>): Promise<void> {
  const pid = environmentPid(environment, 'worker')
  signalGroup(pid, 'SIGSTOP')
  try {
    await during()
  } finally {
    signalGroup(pid, 'SIGCONT')
  }
}

/** Connections refused and open ones ended for `outageMs`, as a restart does; always reopened. */
async function postgresOutage(outageMs: number, meanwhile: () => void): Promise<void> {
  const url = new URL(environment.apiConfig.DATABASE_URL as string)
  const database = url.pathname.slice(1)
  // The admin connection goes to another database, so it survives the outage and can end it.
  url.pathname = '/template1'
  const admin = new pg.Client({ connectionString: url.toString() })
  await admin.connect()
  try {
    await admin.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`)
    try {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database])
      meanwhile()
      await sleep(outageMs)
    } finally {
      await admin.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`)
    }
  } finally {
    await admin.end()
  }
}

/** Killed once, as its PID may be reused after; the later cases rely on the test's own workers. */
function killEnvironmentWorker(): void {
  if (environmentWorkerKilled) return
  environmentWorkerKilled = true
  signalGroup(environmentPid(environment, 'worker'), 'SIGKILL')
}

interface Health {
  worker?: { ok: boolean; lastSeenSec: number | null }
  queue?: { waiting: number; active: number; delayed: number }
}

async function healthWhen(done: (health: Health) => boolean, timeoutMs: number): Promise<Health> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const health = (await api.call('GET', '/api/v1/health')).json<Health>()
    if (done(health)) return health
    if (performance.now() > deadline) throw new Error(`/api/v1/health after ${timeoutMs / 1000} s: ${JSON.stringify(health)}`)
    await sleep(250)
  }
}

describe('tasks across faults', () => {
  it('completes every task queued when Postgres goes away for 3 s', async () => {
    let ids: string[] = []
    await withWorkerFrozen(async () => {
      ids = await submitJoins(6)
      // The worker wakes into the outage and takes the queued jobs.
      await postgresOutage(3000, () => signalGroup(environmentPid(environment, 'worker'), 'SIGCONT'))
    })
    const tasks = await Promise.all(ids.map((id) => taskWhen(id, finished, 60_000)))
    expect(tasks.map((task) => task.status)).toEqual(ids.map(() => 'completed'))
  }, 90_000)

  it('enqueues again, and completes, the queued tasks whose jobs Redis lost', async () => {
    let ids: string[] = []
    await withWorkerFrozen(async () => {
      ids = await submitJoins(3)
      const redis = new Redis(environment.apiConfig.REDIS_URL as string)
      try {
        await redis.flushall()
      } finally {
        redis.disconnect()
      }
    })
    const tasks = await Promise.all(ids.map((id) => taskWhen(id, finished, 45_000)))
    expect(tasks.map((task) => task.status)).toEqual(ids.map(() => 'completed'))
  }, 90_000)

  it('reports the worker and the queue depth in /api/v1/health, and a killed worker within 15 s', async () => {
    const alive = await healthWhen((health) => health.worker !== undefined, 5000)
    expect(alive.worker).toMatchObject({ ok: true })
    expect(alive.worker?.lastSeenSec).toBeLessThanOrEqual(5)
    expect(alive.queue).toEqual({ waiting: expect.any(Number), active: expect.any(Number), delayed: expect.any(Number) })

    killEnvironmentWorker()
    const dead = await healthWhen((health) => health.worker?.ok === false, 15_000)
    expect(dead.worker?.lastSeenSec).toBeGreaterThanOrEqual(5)
  }, 30_000)

  it('gives a job whose worker was killed mid-job to another worker within 15 s', async () => {
    killEnvironmentWorker()
    const first = await startWorker(environment, { TMPDIR: work, FFMPEG_PATH: hangingFfmpeg })
    workers.push(first)
    const [id] = (await submitJoins(1)) as [string]
    await taskWhen(id, (task) => task.status === 'running' && task.attempts === 1, 20_000)

    signalGroup(first.pid, 'SIGKILL')
    const killedAt = performance.now()
    workers.push(await startWorker(environment, { TMPDIR: work, FFMPEG_PATH: 'ffmpeg' }))
    await taskWhen(id, (task) => task.attempts === 2, 15_000)
    console.log(`taken over ${((performance.now() - killedAt) / 1000).toFixed(1)} s after the kill`)
    expect(await taskWhen(id, finished, 30_000)).toMatchObject({ status: 'completed', attempts: 2, error: null })
  }, 90_000)
})
