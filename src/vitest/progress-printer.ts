/**
 * Prints the progress lines in Vitest's main process, whose stdout is the
 * terminal: a worker's console is captured per test and shown only when the
 * test ends. One line every `intervalMs` per category; with a TTY, one line
 * rewritten in place, and plain lines without (CI logs). LOAD_PROGRESS sets
 * the period in seconds (default 5; `off` or 0 turns it off).
 */
import { formatFinishedLine, formatProgressLine } from '../report/progress-line.ts'
import type { LiveChannel } from './live-channel.ts'

export const DEFAULT_PROGRESS_MS = 5000

/** Snapshots come once a second; this much slack keeps a 5 s period from slipping to 6 s. */
const SLACK_MS = 500
const CLEAR_LINE = '\r\u001b[2K'

/** The period in milliseconds (0: off), or undefined when `text` is neither seconds nor `off`. */
export function parseProgress(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return DEFAULT_PROGRESS_MS
  if (text === 'off') return 0
  const seconds = Number(text)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined
}

export interface ProgressOutput {
  write(text: string): unknown
  isTTY?: boolean
}

/** Subscribes to the channel; the returned stop ends a line left open on a TTY. */
export function printProgress(channel: Pick<LiveChannel, 'subscribe'>, intervalMs: number, out: ProgressOutput = process.stdout): () => void {
  const printedAtMs = new Map<string, number>()
  let lineOpen = false
  const unsubscribe = channel.subscribe((message) => {
    if (message.type === 'progress') {
      const last = printedAtMs.get(message.category)
      if (last !== undefined && message.snapshot.elapsedMs - last < intervalMs - SLACK_MS) return
      printedAtMs.set(message.category, message.snapshot.elapsedMs)
      const line = formatProgressLine(message.category, message.snapshot, message.budget)
      out.write(out.isTTY ? `${CLEAR_LINE}${line}` : `${line}\n`)
      lineOpen = Boolean(out.isTTY)
      return
    }
    printedAtMs.delete(message.category)
    out.write(`${out.isTTY ? CLEAR_LINE : ''}${formatFinishedLine(message.category, message.verdict)}\n`)
    lineOpen = false
  })
  return () => {
    unsubscribe()
    if (lineOpen) out.write('\n')
  }
}
