/**
 * The BullMQ job processor. A failure is recorded on the task with its reason
 * and ends the job without a retry (media failures repeat); a cancel kills
 * ffmpeg and leaves the task as the API marked it.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Job, UnrecoverableError } from 'bullmq'
import type { Redis } from 'ioredis'
import { MediaToolError } from '../media/run-process.ts'
import type { TaskJobData } from '../queue.ts'
import { type RunTaskDeps, runTask } from './run-task.ts'
import { markCompleted, markFailed, markRunning, reportProgress } from './task-state.ts'

const progressIntervalMs = 500

export interface ProcessorDeps extends RunTaskDeps {
  redis: Redis
  /** Task id -> the controller that kills its ffmpeg; filled here, used by the cancel listener. */
  running: Map<string, AbortController>
}

export function createProcessor(deps: ProcessorDeps) {
  return async (job: Job<TaskJobData>): Promise<void> => {
    const task = await markRunning(deps.pool, job.data.taskId)
    if (task === undefined) return
    const controller = new AbortController()
    deps.running.set(task.id, controller)
    const workDir = await mkdtemp(join(tmpdir(), `media-task-${task.id}-`))
    let lastProgressAt = 0
    const onProgress = (fraction: number) => {
      if (Date.now() - lastProgressAt < progressIntervalMs) return
      lastProgressAt = Date.now()
      reportProgress(deps.pool, deps.redis, task, fraction).catch((error: Error) => console.error(`progress ${task.id}: ${error.message}`))
    }
    try {
      const result = await runTask(deps, task, workDir, controller.signal, onProgress)
      await markCompleted(deps.pool, deps.redis, task, result.id)
    } catch (error) {
      if (error instanceof MediaToolError && error.code === 'ERR_MEDIA_CANCELLED') return
      const reason = (error as Error).message
      await markFailed(deps.pool, deps.redis, task.id, reason)
      throw new UnrecoverableError(reason)
    } finally {
      deps.running.delete(task.id)
      await rm(workDir, { recursive: true, force: true })
    }
  }
}
