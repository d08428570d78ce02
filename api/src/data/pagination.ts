/** Opaque cursors over a table's `seq` column, newest first. */
import { badRequest } from '../errors.ts'

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export function encodeCursor(seq: number): string {
  return Buffer.from(String(seq)).toString('base64url')
}

/** The seq to continue below; undefined for the first page. */
export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined
  const seq = Number(Buffer.from(cursor, 'base64url').toString())
  if (!Number.isSafeInteger(seq) || seq <= 0) throw badRequest('cursor is not one this API issued')
  return seq
}

export function toPage<Row extends { seq: number }, T>(rows: Row[], limit: number, map: (row: Row) => T): Page<T> {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items: items.map(map), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.seq) : null }
}
