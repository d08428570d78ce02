/**
 * The task queue (BullMQ). A job's id is its task's id, so the API can cancel
 * a queued job and a worker can find its task row.
 */
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'

export interface TaskJobData {
  taskId: string
}

export type TaskQueue = Queue<TaskJobData>

export function createTaskQueue(name: string, connection: Redis): TaskQueue {
  return new Queue<TaskJobData>(name, {
    connection,
    defaultJobOptions: {
      // Media failures are deterministic; a retry would fail the same way. Dead workers are
      // handled by BullMQ's stalled-job check instead (requeued once, then failed).
      attempts: 1,
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 1000 },
    },
  })
}

export async function enqueueTask(queue: TaskQueue, taskId: string): Promise<void> {
  await queue.add('task', { taskId }, { jobId: taskId })
}

/** Removes a job that has not started; false when a worker already holds it. */
export async function removeQueuedTask(queue: TaskQueue, taskId: string): Promise<boolean> {
  const job = await queue.getJob(taskId)
  if (job === undefined) return true
  try {
    await job.remove()
    return true
  } catch {
    return false
  }
}
