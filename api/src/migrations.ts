/**
 * Schema migrations, applied in order at start. API and worker may start
 * together, so the whole run holds a Postgres advisory lock.
 */
import type { Pool } from './db.ts'

const migrationLockKey = 7_311_042

const migrations: string[] = [
  `CREATE TABLE users (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     username text NOT NULL UNIQUE,
     password_hash text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE TABLE files (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     seq bigserial NOT NULL UNIQUE,
     user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     filename text NOT NULL,
     content_type text NOT NULL,
     size_bytes bigint NOT NULL,
     storage_key text NOT NULL,
     kind text NOT NULL CHECK (kind IN ('video', 'audio')),
     duration_sec double precision NOT NULL,
     width integer,
     height integer,
     has_audio boolean NOT NULL,
     source text NOT NULL CHECK (source IN ('upload', 'task')),
     created_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE INDEX files_user_seq ON files (user_id, seq DESC);
   CREATE TABLE tasks (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     seq bigserial NOT NULL UNIQUE,
     user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     type text NOT NULL CHECK (type IN ('join', 'audio-overlay')),
     params jsonb NOT NULL,
     status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
     progress real NOT NULL DEFAULT 0,
     result_file_id uuid REFERENCES files(id) ON DELETE SET NULL,
     error text,
     attempts integer NOT NULL DEFAULT 0,
     created_at timestamptz NOT NULL DEFAULT now(),
     started_at timestamptz,
     completed_at timestamptz
   );
   CREATE INDEX tasks_user_seq ON tasks (user_id, seq DESC);
   CREATE INDEX tasks_user_status_seq ON tasks (user_id, status, seq DESC);`,
]

export async function applyMigrations(pool: Pool): Promise<number> {
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey])
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
      const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations')
      const current = rows[0]?.version ?? 0
      for (let version = current + 1; version <= migrations.length; version++) {
        await client.query('BEGIN')
        await client.query(migrations[version - 1] as string)
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version])
        await client.query('COMMIT')
      }
      return migrations.length - current
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey])
    }
  } finally {
    client.release()
  }
}
