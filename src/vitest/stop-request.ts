/**
 * A request to stop a load run early, as Ctrl-C at `npm run load` (or the
 * dashboard's Stop) makes it: the file named by LOAD_STOP_FILE appears. The
 * category in progress then ends with its partial results, judged and
 * reported as usual, and the categories after it are skipped. A file rather
 * than a signal, because Vitest exits at once on SIGINT, before a test worker
 * could write what it measured.
 */
import { existsSync } from 'node:fs'

const POLL_MS = 200

export function stopRequested(): boolean {
  const file = process.env.LOAD_STOP_FILE
  return file !== undefined && file !== '' && existsSync(file)
}

/** An abort signal that fires once a stop is requested; dispose it when the run is over. */
export function watchStopRequest(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const timer = setInterval(() => {
    if (stopRequested()) controller.abort(new Error('stopped by the user'))
  }, POLL_MS)
  timer.unref()
  return { signal: controller.signal, dispose: () => clearInterval(timer) }
}
