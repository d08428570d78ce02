/**
 * The worker's writes to a task row, each guarded by the status it expects so
 * a cancel, a retry after a stall, or a second report of the same failure
 * cannot move a task backwards or announce it twice. Each write is retried
 * across a database outage (see retry.ts); its event is best effort, since the
 * row is the record and a client that missed the event reads it.
 */
import type { Redis } from 'ioredis'
import type { TaskRow } from '../data/tasks.ts'
import type { Pool } from '../db.ts'
import { publishTaskEvent, type TaskEvent } from '../events.ts'
import { retryTransient } from './retry.ts'

/** A progress report is superseded by the next one within a second; it is not worth a long retry. */
const progressRetryMs = 1000

export interface TaskStateDeps {
  pool: Pool
  redis: Redis
  /** How long a state change is retried before it gives up and leaves the row to the reconciler. */
  stateRetryMs: number
}

function publish(deps: TaskStateDeps, userId: string, event: TaskEvent): Promise<void> {
  return publishTaskEvent(deps.redis, userId, event).catch((error: Error) => console.error(`${event.type} ${event.taskId}: ${error.message}`))
}

/** Marks the task running; undefined when it was cancelled or already finished. */
export async function markRunning(deps: TaskStateDeps, taskId: string): Promise<TaskRow | undefined> {
  const { rows } = await retryTransient(
    `marking ${taskId} running`,
    () =>
      deps.pool.query<TaskRow>(
        `UPDATE tasks SET status = 'running', started_at = now(), progress = 0, attempts = attempts + 1
         WHERE id = $1 AND status IN ('queued', 'running') RETURNING *`,
        [taskId],
      ),
    deps.stateRetryMs,
  )
  return rows[0]
}

export async function reportProgress(deps: TaskStateDeps, task: TaskRow, progress: number): Promise<void> {
  const rounded = Math.round(progress * 1000) / 1000
  await retryTransient(
    `progress of ${task.id}`,
    () => deps.pool.query(`UPDATE tasks SET progress = $2 WHERE id = $1 AND status = 'running'`, [task.id, rounded]),
    progressRetryMs,
  )
  await publish(deps, task.user_id, { type: 'task.progress', taskId: task.id, progress: rounded })
}

export async function markCompleted(deps: TaskStateDeps, task: TaskRow, resultFileId: string): Promise<void> {
  const { rows } = await retryTransient(
    `marking ${task.id} completed`,
    () =>
      deps.pool.query<{ completed_at: Date }>(
        `UPDATE tasks SET status = 'completed', progress = 1, result_file_id = $2, completed_at = now(), error = NULL
         WHERE id = $1 AND status = 'running' RETURNING completed_at`,
        [task.id, resultFileId],
      ),
    deps.stateRetryMs,
  )
  const completedAt = rows[0]?.completed_at
  if (completedAt === undefined) return
  await publish(deps, task.user_id, { type: 'task.completed', taskId: task.id, resultFileId, completedAt: completedAt.getTime() })
}

export async function markFailed(deps: TaskStateDeps, taskId: string, reason: string): Promise<void> {
  const { rows } = await retryTransient(
    `marking ${taskId} failed`,
    () =>
      deps.pool.query<{ user_id: string; completed_at: Date }>(
        `UPDATE tasks SET status = 'failed', error = $2, completed_at = now()
         WHERE id = $1 AND status IN ('queued', 'running') RETURNING user_id, completed_at`,
        [taskId, reason.slice(0, 1000)],
      ),
    deps.stateRetryMs,
  )
  const row = rows[0]
  if (row === undefined) return
  await publish(deps, row.user_id, { type: 'task.failed', taskId, error: reason, completedAt: row.completed_at.getTime() })
}
