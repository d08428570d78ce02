/**
 * Where shards leave their results for the merge: a plain directory (a shared
 * volume, a CI artifact folder) or `s3://bucket/prefix`. Names are flat file
 * names; both stores hold the same ones, so the merge reads either alike.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'

export interface ResultStore {
  /** The location as given, for messages. */
  readonly location: string
  /** Every name held, in no particular order. */
  list(): Promise<string[]>
  read(name: string): Promise<string>
  write(name: string, body: string): Promise<void>
  /** Idempotent. */
  close(): void
}

export type ResultLocation = { kind: 'directory'; path: string } | { kind: 's3'; bucket: string; prefix: string }

/** `s3://bucket/prefix` or a directory path; the problem named otherwise. */
export function parseResultLocation(text: string): ResultLocation | string {
  if (text.startsWith('s3://')) {
    const [bucket, ...rest] = text.slice('s3://'.length).split('/')
    if (!bucket) return `"${text}" names no bucket (example: s3://load-results/run-42)`
    const prefix = rest.filter(Boolean).join('/')
    return { kind: 's3', bucket, prefix: prefix ? `${prefix}/` : '' }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return `"${text}" is neither s3://bucket/prefix nor a directory`
  if (text.trim() === '') return 'the results location is empty'
  return { kind: 'directory', path: isAbsolute(text) ? text : resolve(text) }
}

function directoryStore(location: string, dir: string): ResultStore {
  return {
    location,
    list: async () => readdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error))),
    read: (name) => readFile(join(dir, name), 'utf8'),
    async write(name, body) {
      await mkdir(dir, { recursive: true })
      // Written aside and renamed, so a merge polling the folder never reads half a file.
      const partial = join(dir, `.${name}.partial`)
      await writeFile(partial, body)
      await rename(partial, join(dir, name))
    },
    close: () => {},
  }
}

/** Opens the store; the S3 client is loaded only for an S3 location. */
export async function openResultStore(text: string, env: NodeJS.ProcessEnv = process.env): Promise<ResultStore> {
  const location = parseResultLocation(text)
  if (typeof location === 'string') throw new RangeError(location)
  if (location.kind === 'directory') return directoryStore(text, location.path)
  const { s3Store } = await import('./s3-store.ts')
  return s3Store(text, location, env)
}
