/**
 * Prints the progress lines in Vitest's main process, whose stdout is the
 * terminal (a worker's console output is shown under a `stdout | <file> >
 * <test>` header, and its stdout is not a terminal). One line every `intervalMs` per category, a plain line each time,
 * on a terminal too: there Vitest's reporter owns the bottom rows (its live
 * summary, redrawn every 16 ms below whatever else is written), so a line
 * rewritten in place with `\r` is drawn over at once; a whole line is shown
 * above the summary, as Vitest shows logs. LOAD_PROGRESS sets the period in
 * seconds (default 5; `off` or 0 turns it off).
 */
import { formatFinishedLine, formatProgressLine } from '../report/progress-line.ts'
import { parseSwitch } from './env-switch.ts'
import type { LiveChannel } from './live-channel.ts'

export const DEFAULT_PROGRESS_MS = 5000

/** Snapshots come once a second; this much slack keeps a 5 s period from slipping to 6 s. */
const SLACK_MS = 500

/** The period in milliseconds (0: off), or undefined when `text` is neither seconds nor a switch word (`off`, `no`, `on`, ...). */
export function parseProgress(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return DEFAULT_PROGRESS_MS
  // A number is seconds (so 1 is one second, not "on"); a word is a switch.
  const on = Number.isNaN(Number(text)) ? parseSwitch(text) : undefined
  if (on !== undefined) return on ? DEFAULT_PROGRESS_MS : 0
  const seconds = Number(text)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined
}

/** Subscribes to the channel: the first snapshot of a category is printed, then one every `intervalMs`; returns the unsubscribe. */
export function printProgress(channel: Pick<LiveChannel, 'subscribe'>, intervalMs: number, write: (line: string) => unknown = (line) => process.stdout.write(line)): () => void {
  const printedAtMs = new Map<string, number>()
  return channel.subscribe((message) => {
    if (message.type === 'finished') {
      printedAtMs.delete(message.category)
      write(`${formatFinishedLine(message.category, message.verdict)}\n`)
      return
    }
    const last = printedAtMs.get(message.category)
    if (last !== undefined && message.snapshot.elapsedMs - last < intervalMs - SLACK_MS) return
    printedAtMs.set(message.category, message.snapshot.elapsedMs)
    write(`${formatProgressLine(message.category, message.snapshot, message.budget)}\n`)
  })
}
