/**
 * The worker's writes to a task row, each guarded by the status it expects so
 * a cancel, a retry after a stall, or a second report of the same failure
 * cannot move a task backwards or announce it twice.
 */
import type { Redis } from 'ioredis'
import type { TaskRow } from '../data/tasks.ts'
import type { Pool } from '../db.ts'
import { publishTaskEvent } from '../events.ts'

/** Marks the task running; undefined when it was cancelled or already finished. */
export async function markRunning(pool: Pool, taskId: string): Promise<TaskRow | undefined> {
  const { rows } = await pool.query<TaskRow>(
    `UPDATE tasks SET status = 'running', started_at = now(), progress = 0, attempts = attempts + 1
     WHERE id = $1 AND status IN ('queued', 'running') RETURNING *`,
    [taskId],
  )
  return rows[0]
}

export async function reportProgress(pool: Pool, redis: Redis, task: TaskRow, progress: number): Promise<void> {
  const rounded = Math.round(progress * 1000) / 1000
  await pool.query(`UPDATE tasks SET progress = $2 WHERE id = $1 AND status = 'running'`, [task.id, rounded])
  await publishTaskEvent(redis, task.user_id, { type: 'task.progress', taskId: task.id, progress: rounded })
}

export async function markCompleted(pool: Pool, redis: Redis, task: TaskRow, resultFileId: string): Promise<void> {
  const { rows } = await pool.query<{ completed_at: Date }>(
    `UPDATE tasks SET status = 'completed', progress = 1, result_file_id = $2, completed_at = now(), error = NULL
     WHERE id = $1 AND status = 'running' RETURNING completed_at`,
    [task.id, resultFileId],
  )
  const completedAt = rows[0]?.completed_at
  if (completedAt === undefined) return
  await publishTaskEvent(redis, task.user_id, { type: 'task.completed', taskId: task.id, resultFileId, completedAt: completedAt.getTime() })
}

export async function markFailed(pool: Pool, redis: Redis, taskId: string, reason: string): Promise<void> {
  const { rows } = await pool.query<{ user_id: string; completed_at: Date }>(
    `UPDATE tasks SET status = 'failed', error = $2, completed_at = now()
     WHERE id = $1 AND status IN ('queued', 'running') RETURNING user_id, completed_at`,
    [taskId, reason.slice(0, 1000)],
  )
  const row = rows[0]
  if (row === undefined) return
  await publishTaskEvent(redis, row.user_id, { type: 'task.failed', taskId, error: reason, completedAt: row.completed_at.getTime() })
}
