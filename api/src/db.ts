/** The Postgres pool; numeric columns come back as numbers, not strings. */
import pg from 'pg'
import { asDependencyError } from './dependency-errors.ts'

// int8 (counts, sums of bytes) fits a JS number for any size this service stores.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value))

export type Pool = pg.Pool

export function createPool(databaseUrl: string, max = 10, options: Omit<pg.PoolConfig, 'connectionString' | 'max'> = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, idleTimeoutMillis: 30_000, ...options })
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (error) => console.error(`postgres pool: ${error.message}`))
  return pool
}

/**
 * The pool requests use: waiting for a connection (new, or free in the pool) and
 * each `pool.query` are bounded by `timeoutMs`, and an outage is rethrown as
 * `DependencyUnavailableError`. The bound is per query, not on the pool, so the
 * migrations' session (`pool.connect()`, which may wait on the migration lock)
 * is never abandoned halfway holding that lock.
 */
export function createRequestPool(databaseUrl: string, max: number, timeoutMs: number): pg.Pool {
  const pool = createPool(databaseUrl, max, { connectionTimeoutMillis: timeoutMs })
  const query = pool.query.bind(pool) as (config: pg.QueryConfig) => Promise<pg.QueryResult>
  // Only the promise forms are used here (`query(text, values)` or `query(config)`).
  pool.query = (async (textOrConfig: string | pg.QueryConfig, values?: unknown[]) => {
    const config = typeof textOrConfig === 'string' ? { text: textOrConfig, values } : textOrConfig
    // A timed-out query's client is released with the error, so the pool discards it.
    const bounded: pg.QueryConfig & { query_timeout: number } = { query_timeout: timeoutMs, ...config }
    try {
      return await query(bounded)
    } catch (error) {
      throw asDependencyError('postgres', error)
    }
  }) as typeof pool.query
  return pool
}
