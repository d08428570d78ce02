/**
 * What a user of the media API does, on top of the engine's virtual user:
 * register, upload fixtures, submit tasks and wait for them. Every call is
 * recorded by the engine under its endpoint name.
 */
import { randomUUID } from 'node:crypto'
import type { UploadFile, VirtualUser } from '../../src/engine/index.ts'
import { sleep as pause } from '../../src/engine/models/sleep.ts'

interface Registered {
  token: string
}

interface Created {
  id: string
}

interface TaskState {
  id: string
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled'
  error: string | null
}

/** What a user logs in with. */
export interface Account {
  username: string
  password: string
}

/** Registers a fresh user and sends its token with every later request; undefined when it failed (the engine recorded why). */
export async function register(vu: VirtualUser, prefix = 'load'): Promise<Account | undefined> {
  const account = { username: `${prefix}_${randomUUID().slice(0, 12)}`, password: `pw-${randomUUID()}` }
  const response = await vu.post('/api/v1/auth/register', account)
  if (!response.ok) return undefined
  vu.headers.authorization = `Bearer ${response.json<Registered>().token}`
  return account
}

/** Logs in again (a failed registration's user tries without credentials, and fails as it did before). */
export async function login(vu: VirtualUser, account: Account | undefined): Promise<void> {
  const response = await vu.post('/api/v1/auth/login', { username: account?.username, password: account?.password })
  if (response.ok) vu.headers.authorization = `Bearer ${response.json<Registered>().token}`
}

/** Uploads a fixture and returns its id (undefined when the upload failed; the engine recorded why). */
export async function upload(vu: VirtualUser, file: UploadFile): Promise<string | undefined> {
  const response = await vu.upload('/api/v1/files', file)
  return response.ok ? response.json<Created>().id : undefined
}

export async function submitJoin(vu: VirtualUser, fileIds: string[]): Promise<string | undefined> {
  const response = await vu.post('/api/v1/tasks/join', { fileIds })
  return response.ok ? response.json<Created>().id : undefined
}

export async function submitAudioOverlay(vu: VirtualUser, videoFileId: string, audioFileId: string): Promise<string | undefined> {
  const response = await vu.post('/api/v1/tasks/audio-overlay', { videoFileId, audioFileId, mode: 'replace', volume: 0.8, offsetSec: 0 })
  return response.ok ? response.json<Created>().id : undefined
}

const POLL_MS = 250
/** A task still waiting at the end of the run is judged only once it has waited this long (the slow class's p99). */
const JUDGED_AFTER_MS = 10_000

/**
 * Polls a task until it ends and records the time from submit to completion
 * as `TASK <kind> submit→completed`. A task that fails, or does not complete
 * within `timeoutMs`, is a failure; so is one the run ends on after it has
 * waited longer than the slow budget. One submitted in the run's last seconds
 * is not judged.
 */
export async function awaitTask(vu: VirtualUser, kind: string, taskId: string, submittedAt: number, timeoutMs: number): Promise<void> {
  const name = `TASK ${kind} submit→completed`
  const deadline = submittedAt + timeoutMs
  while (performance.now() < deadline) {
    if (vu.signal.aborted) {
      const waited = performance.now() - submittedAt
      return waited >= JUDGED_AFTER_MS ? vu.record(name, waited, 'not completed within the run') : undefined
    }
    const response = await vu.get(`/api/v1/tasks/${taskId}`)
    if (response.ok) {
      const task = response.json<TaskState>()
      if (task.status === 'completed') return vu.record(name, performance.now() - submittedAt)
      if (task.status === 'failed' || task.status === 'cancelled') return vu.record(name, performance.now() - submittedAt, `task ${task.status}: ${task.error ?? ''}`.trim())
    }
    await pause(POLL_MS, vu.signal)
  }
  vu.record(name, performance.now() - submittedAt, `not completed within ${timeoutMs / 1000} s`)
}
