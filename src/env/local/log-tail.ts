/** Reading a service's log: what it wrote since it started, and the last lines to show when it fails. */
import { readFile } from 'node:fs/promises'

/** The log from byte `start` on; empty while the file does not exist yet. */
export async function readLogFrom(logFile: string, start: number): Promise<string> {
  const bytes = await readFile(logFile).catch(() => Buffer.alloc(0))
  return bytes.subarray(start).toString('utf8')
}

/** The last lines the service wrote since byte `start`. */
export async function readLogTail(logFile: string, start = 0, lineCount = 30): Promise<string> {
  const text = (await readLogFrom(logFile, start)).trimEnd()
  return text === '' ? '(the log is empty)' : text.split('\n').slice(-lineCount).join('\n')
}
