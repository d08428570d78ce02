/** The files table: one row per stored body, always scoped to its owner. */
import type { Pool } from '../db.ts'
import type { MediaInfo } from '../media/probe.ts'
import { decodeCursor, type Page, toPage } from './pagination.ts'

export interface FileRow {
  id: string
  seq: number
  user_id: string
  filename: string
  content_type: string
  size_bytes: number
  storage_key: string
  kind: 'video' | 'audio'
  duration_sec: number
  width: number | null
  height: number | null
  has_audio: boolean
  source: 'upload' | 'task'
  created_at: Date
}

export interface NewFile {
  id: string
  userId: string
  filename: string
  contentType: string
  sizeBytes: number
  storageKey: string
  media: MediaInfo
  source: FileRow['source']
}

export function fileView(row: FileRow) {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    kind: row.kind,
    durationSec: row.duration_sec,
    width: row.width,
    height: row.height,
    hasAudio: row.has_audio,
    source: row.source,
    createdAt: row.created_at.toISOString(),
  }
}

export type FileView = ReturnType<typeof fileView>

export async function insertFile(pool: Pool, file: NewFile): Promise<FileRow> {
  const { rows } = await pool.query<FileRow>(
    `INSERT INTO files (id, user_id, filename, content_type, size_bytes, storage_key, kind, duration_sec, width, height, has_audio, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
    [file.id, file.userId, file.filename, file.contentType, file.sizeBytes, file.storageKey, file.media.kind,
      file.media.durationSec, file.media.width, file.media.height, file.media.hasAudio, file.source],
  )
  return rows[0] as FileRow
}

export async function findFile(pool: Pool, userId: string, id: string): Promise<FileRow | undefined> {
  const { rows } = await pool.query<FileRow>('SELECT * FROM files WHERE id = $1 AND user_id = $2', [id, userId])
  return rows[0]
}

export async function findFiles(pool: Pool, userId: string, ids: string[]): Promise<FileRow[]> {
  const { rows } = await pool.query<FileRow>('SELECT * FROM files WHERE id = ANY($1::uuid[]) AND user_id = $2', [ids, userId])
  return rows
}

export async function listFiles(pool: Pool, userId: string, limit: number, cursor?: string): Promise<Page<FileView>> {
  const { rows } = await pool.query<FileRow>(
    'SELECT * FROM files WHERE user_id = $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3',
    [userId, decodeCursor(cursor) ?? null, limit + 1],
  )
  return toPage(rows, limit, fileView)
}

/** Returns the deleted row's storage key, or undefined when there was no such file. */
export async function deleteFile(pool: Pool, userId: string, id: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ storage_key: string }>('DELETE FROM files WHERE id = $1 AND user_id = $2 RETURNING storage_key', [id, userId])
  return rows[0]?.storage_key
}
