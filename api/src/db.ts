/** The Postgres pool; numeric columns come back as numbers, not strings. */
import pg from 'pg'

// int8 (counts, sums of bytes) fits a JS number for any size this service stores.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value))

export type Pool = pg.Pool

export function createPool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, idleTimeoutMillis: 30_000 })
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (error) => console.error(`postgres pool: ${error.message}`))
  return pool
}
