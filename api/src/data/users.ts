/** The users table and the per-user statistics. */
import type { Pool } from '../db.ts'

export interface UserRow {
  id: string
  username: string
  password_hash: string
  created_at: Date
}

export function userView(row: UserRow) {
  return { id: row.id, username: row.username, createdAt: row.created_at.toISOString() }
}

/** Returns undefined when the username is taken. */
export async function insertUser(pool: Pool, username: string, passwordHash: string): Promise<UserRow | undefined> {
  const { rows } = await pool.query<UserRow>(
    'INSERT INTO users (username, password_hash) VALUES ($1, $2) ON CONFLICT (username) DO NOTHING RETURNING *',
    [username, passwordHash],
  )
  return rows[0]
}

export async function findUserByName(pool: Pool, username: string): Promise<UserRow | undefined> {
  const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE username = $1', [username])
  return rows[0]
}

export async function findUserById(pool: Pool, id: string): Promise<UserRow | undefined> {
  const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [id])
  return rows[0]
}

interface StatsRow {
  files: number
  bytes: number
  tasks: Record<string, number> | null
  processing_ms: number | null
  completed: number
}

/** One round trip: file count and bytes, tasks by status, time spent processing completed tasks. */
export async function userStats(pool: Pool, userId: string) {
  const { rows } = await pool.query<StatsRow>(
    `SELECT
       (SELECT count(*) FROM files WHERE user_id = $1) AS files,
       (SELECT coalesce(sum(size_bytes), 0) FROM files WHERE user_id = $1) AS bytes,
       (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM tasks WHERE user_id = $1 GROUP BY status) s) AS tasks,
       t.processing_ms, t.completed
     FROM (SELECT sum(extract(epoch FROM completed_at - started_at) * 1000) AS processing_ms, count(*) AS completed
           FROM tasks WHERE user_id = $1 AND status = 'completed' AND started_at IS NOT NULL) t`,
    [userId],
  )
  const row = rows[0] as StatsRow
  const tasksByStatus = { queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0, ...row.tasks }
  const totalProcessingMs = Math.round(row.processing_ms ?? 0)
  return {
    files: row.files,
    bytes: row.bytes,
    tasks: tasksByStatus,
    processing: {
      totalMs: totalProcessingMs,
      meanMs: row.completed > 0 ? Math.round(totalProcessingMs / row.completed) : 0,
    },
  }
}
