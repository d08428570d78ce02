/**
 * A worker that dies mid-job does not lose the task: BullMQ's stalled check
 * gives the job to another worker once (the task completes on its second
 * attempt), and a job that stalls a second time is failed, with the task
 * marked `failed` and a reason. Never `running` forever.
 *
 * Workers are killed with SIGKILL on their whole process group (the worker and
 * its ffmpeg), as a crashed container or an OOM kill would. An "ffmpeg" that
 * never finishes keeps a task running until its worker is killed, so the kill
 * always lands mid-job; the worker that is meant to finish a task gets the real
 * ffmpeg.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureFixtures, fixturesDir } from '../../scripts/fixtures.ts'
import { type StartedEnvironment, startEnvironment } from '../../src/env/index.ts'
import { type ApiClient, apiClient } from '../support/api-client.ts'

const work = mkdtempSync(join(tmpdir(), 'loadgate-worker-crash-'))
const hangingFfmpeg = join(work, 'ffmpeg-that-hangs')
/** Short locks, so a dead worker's job is noticed within seconds rather than the default 30 s. */
const stallSettings = { WORKER_LOCK_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' }

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
  environment = await startEnvironment({ kind: 'local', resultsDir: work, apiEnv: { ...stallSettings, FFMPEG_PATH: hangingFfmpeg } })
  api = apiClient(environment.baseUrl)
  token = (await api.register()).token
  video = (await api.upload(token, join(fixturesDir, 'test_video_2s.mp4'), 'video/mp4')).json<{ id: string }>().id
})
afterAll(async () => {
  for (const worker of workers) killGroup(worker.pid)
  await environment?.stop()
})

interface Task {
  status: string
  attempts: number
  error: string | null
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

/**
 * The environment's own worker (its ffmpeg hangs) must be gone before a test
 * relies on its own workers alone; killed once, as its PID may be reused after.
 */
function killEnvironmentWorker(): void {
  if (environmentWorkerKilled) return
  environmentWorkerKilled = true
  killGroup(environment.processes.find((process) => process.name === 'worker')?.pid)
}

/** One more worker against the environment's stores, in its own process group; resolves once it is ready. */
async function startWorker(ffmpegPath: string): Promise<ChildProcess> {
  const apiDir = fileURLToPath(new URL('../../api/', import.meta.url))
  const worker = spawn(process.execPath, ['src/worker-main.ts'], {
    cwd: apiDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: work, ...environment.apiConfig, ...stallSettings, FFMPEG_PATH: ffmpegPath },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  })
  workers.push(worker)
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: worker.stdout as NodeJS.ReadableStream }).on('line', (line) => line.includes('worker ready') && resolve())
    worker.once('exit', (code, signal) => reject(new Error(`the extra worker exited (${signal ?? code}) before it was ready`)))
  })
  return worker
}

/** Polls the task until `done` holds; gives up well within the test's 60 s, so a task stuck `running` is reported as such. */
async function taskWhen(id: string, done: (task: Task) => boolean, timeoutMs = 20_000): Promise<Task> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const task = (await api.call('GET', `/api/v1/tasks/${id}`, { token })).json<Task>()
    if (done(task)) return task
    if (performance.now() > deadline) throw new Error(`task ${id} is still ${task.status} after ${timeoutMs / 1000} s (attempts ${task.attempts})`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function submitJoin(): Promise<string> {
  const submitted = await api.call('POST', '/api/v1/tasks/join', { token, json: { fileIds: [video, video] } })
  expect(submitted.status).toBe(202)
  return submitted.json<{ id: string }>().id
}

describe('a worker killed mid-job', () => {
  it('gives the task to another worker, which completes it on the second attempt', async () => {
    const id = await submitJoin()
    expect((await taskWhen(id, (task) => task.status === 'running')).attempts).toBe(1)
    killEnvironmentWorker()

    const rescuer = await startWorker('ffmpeg')
    const task = await taskWhen(id, (task) => !['queued', 'running'].includes(task.status))
    expect(task).toMatchObject({ status: 'completed', attempts: 2, error: null })
    killGroup(rescuer.pid)
  })

  it('fails a task whose job stalls twice, with a reason, instead of leaving it running', async () => {
    killEnvironmentWorker()
    const first = await startWorker(hangingFfmpeg)
    const id = await submitJoin()
    await taskWhen(id, (task) => task.status === 'running' && task.attempts === 1)
    killGroup(first.pid)

    const second = await startWorker(hangingFfmpeg)
    await taskWhen(id, (task) => task.status === 'running' && task.attempts === 2)
    killGroup(second.pid)

    // The next stalled check, by any worker, finds the job stalled beyond its allowance.
    await startWorker(hangingFfmpeg)
    const task = await taskWhen(id, (task) => !['queued', 'running'].includes(task.status))
    expect(task.status).toBe('failed')
    expect(task.attempts).toBe(2)
    expect(task.error).toMatch(/stalled/)
  })
})
