/**
 * The BullMQ job processor. A failure is recorded on the task with its reason
 * and ends the job without a retry (media failures repeat); a cancel kills
 * ffmpeg and leaves the task as the API marked it. A task row that cannot be
 * written to yet (the database is down past the retry budget) puts the job
 * back as delayed: it is neither run blind nor dropped.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DelayedError, type Job, UnrecoverableError } from 'bullmq'
import type { TaskRow } from '../data/tasks.ts'
import { MediaToolError } from '../media/run-process.ts'
import type { TaskJobData } from '../queue.ts'
import { type RunTaskDeps, runTask } from './run-task.ts'
import { markCompleted, markFailed, markRunning, reportProgress, type TaskStateDeps } from './task-state.ts'

const progressIntervalMs = 500
/** How long a job whose task row could not be marked running waits before it is tried again. */
const unreachableDelayMs = 5000

export interface ProcessorDeps extends RunTaskDeps, TaskStateDeps {
  /** Task id -> the controller that kills its ffmpeg; filled here, used by the cancel listener. */
  running: Map<string, AbortController>
}

export function createProcessor(deps: ProcessorDeps) {
  return async (job: Job<TaskJobData>, token?: string): Promise<void> => {
    const task = await startTask(deps, job, token)
    if (task === undefined) return
    const controller = new AbortController()
    deps.running.set(task.id, controller)
    const workDir = await mkdtemp(join(tmpdir(), `media-task-${task.id}-`))
    let lastProgressAt = 0
    const onProgress = (fraction: number) => {
      if (Date.now() - lastProgressAt < progressIntervalMs) return
      lastProgressAt = Date.now()
      reportProgress(deps, task, fraction).catch((error: Error) => console.error(`progress ${task.id}: ${error.message}`))
    }
    try {
      const result = await runTask(deps, task, workDir, controller.signal, onProgress)
      await markCompleted(deps, task, result.id)
    } catch (error) {
      if (error instanceof MediaToolError && error.code === 'ERR_MEDIA_CANCELLED') return
      const reason = (error as Error).message
      await markFailed(deps, task.id, reason)
      throw new UnrecoverableError(reason)
    } finally {
      deps.running.delete(task.id)
      await rm(workDir, { recursive: true, force: true })
    }
  }
}

/** Marks the task running; undefined when it needs no run (cancelled or finished meanwhile). */
async function startTask(deps: ProcessorDeps, job: Job<TaskJobData>, token: string | undefined): Promise<TaskRow | undefined> {
  try {
    return await markRunning(deps, job.data.taskId)
  } catch (error) {
    console.error(`task ${job.data.taskId} stays queued for now: ${(error as Error).message}`)
    await job.moveToDelayed(Date.now() + unreachableDelayMs, token)
    // Tells BullMQ the job was moved on purpose, not failed.
    throw new DelayedError()
  }
}
