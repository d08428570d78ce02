/** The tasks table. Status moves queued -> running -> completed | failed | cancelled. */
import type { Pool } from '../db.ts'
import { decodeCursor, type Page, toPage } from './pagination.ts'

export const taskStatuses = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const
export type TaskStatus = (typeof taskStatuses)[number]
export type TaskType = 'join' | 'audio-overlay'

export interface JoinParams {
  fileIds: string[]
}
export interface AudioOverlayParams {
  videoFileId: string
  audioFileId: string
  mode: 'replace' | 'mix'
  volume: number
  offsetSec: number
}

export interface TaskRow {
  id: string
  seq: number
  user_id: string
  type: TaskType
  params: JoinParams | AudioOverlayParams
  status: TaskStatus
  progress: number
  result_file_id: string | null
  error: string | null
  attempts: number
  created_at: Date
  started_at: Date | null
  completed_at: Date | null
}

export function taskView(row: TaskRow) {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    progress: row.progress,
    params: row.params,
    resultFileId: row.result_file_id,
    error: row.error,
    /** How many times a worker started it: 2 after a worker died mid-job and another took it over. */
    attempts: row.attempts,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    completedAt: row.completed_at?.toISOString() ?? null,
  }
}

export type TaskView = ReturnType<typeof taskView>

export async function insertTask(pool: Pool, userId: string, type: TaskType, params: TaskRow['params']): Promise<TaskRow> {
  const { rows } = await pool.query<TaskRow>(
    `INSERT INTO tasks (user_id, type, params, status) VALUES ($1, $2, $3, 'queued') RETURNING *`,
    [userId, type, JSON.stringify(params)],
  )
  return rows[0] as TaskRow
}

export async function findTask(pool: Pool, userId: string, id: string): Promise<TaskRow | undefined> {
  const { rows } = await pool.query<TaskRow>('SELECT * FROM tasks WHERE id = $1 AND user_id = $2', [id, userId])
  return rows[0]
}

export async function listTasks(
  pool: Pool,
  userId: string,
  options: { limit: number; cursor?: string; status?: TaskStatus },
): Promise<Page<TaskView>> {
  const { rows } = await pool.query<TaskRow>(
    `SELECT * FROM tasks WHERE user_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR seq < $3)
     ORDER BY seq DESC LIMIT $4`,
    [userId, options.status ?? null, decodeCursor(options.cursor) ?? null, options.limit + 1],
  )
  return toPage(rows, options.limit, taskView)
}

/** Cancels a task that has not finished; returns the row as it was before, or undefined. */
export async function cancelTask(pool: Pool, userId: string, id: string): Promise<TaskRow | undefined> {
  const { rows } = await pool.query<TaskRow>(
    `UPDATE tasks SET status = 'cancelled', completed_at = now(), error = 'cancelled by the user'
     WHERE id = $1 AND user_id = $2 AND status IN ('queued', 'running') RETURNING *`,
    [id, userId],
  )
  return rows[0]
}

export interface OpenTask {
  id: string
  status: 'queued' | 'running'
  attempts: number
}

/**
 * Tasks not finished, oldest first: running ones, and queued ones older than
 * `graceMs` (younger ones may not be enqueued by the API yet).
 */
export async function listOpenTasks(pool: Pool, graceMs: number, limit: number): Promise<OpenTask[]> {
  const { rows } = await pool.query<OpenTask>(
    `SELECT id, status, attempts FROM tasks
     WHERE status = 'running' OR (status = 'queued' AND created_at < now() - make_interval(secs => $1::double precision / 1000))
     ORDER BY seq LIMIT $2`,
    [graceMs, limit],
  )
  return rows
}

/** Puts an open task back to `queued` if it has attempts left; false otherwise (finished, or out of attempts). */
export async function requeueTask(pool: Pool, id: string, maxAttempts: number): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE tasks SET status = 'queued', progress = 0 WHERE id = $1 AND status IN ('queued', 'running') AND attempts < $2`,
    [id, maxAttempts],
  )
  return rowCount === 1
}
