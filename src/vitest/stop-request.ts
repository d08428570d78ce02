/**
 * A request to stop a load run early, as Ctrl-C at `npm run load` (or the
 * dashboard's Stop) makes it: the stop file appears (LOAD_STOP_FILE, or one
 * the global setup names in the results folder, handed to the workers with
 * `provide`, because they do not see variables set after Vitest started). The
 * category in progress then ends with its partial results, judged and
 * reported as usual, and the categories after it are skipped. A file rather
 * than a signal, because Vitest exits at once on SIGINT, before a test worker
 * could write what it measured.
 */
import { existsSync } from 'node:fs'

const POLL_MS = 200

export function stopRequested(file: string | undefined): boolean {
  return file !== undefined && file !== '' && existsSync(file)
}

/** An abort signal that fires once a stop is requested; dispose it when the run is over. */
export function watchStopRequest(file: string | undefined): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const timer = setInterval(() => {
    if (stopRequested(file)) controller.abort(new Error('stopped by the user'))
  }, POLL_MS)
  timer.unref()
  return { signal: controller.signal, dispose: () => clearInterval(timer) }
}
