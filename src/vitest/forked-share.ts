/**
 * A forked generator worker's side of `--workers N` (see generate-load.ts):
 * the test, run again in this process, hands its scenario to the fixture,
 * which runs this worker's share from the start the first worker names and
 * leaves the result for it to merge. Nothing is judged here: the test is
 * skipped after its share, since a share passing says nothing of the whole.
 */
import { rmSync } from 'node:fs'
import type { LoadOptions } from '../engine/options.ts'
import { runLoad } from '../engine/run-load.ts'
import { awaitStart, markReady, stopFileIn, writeShare } from './generator-rendezvous.ts'
import { shareFor } from './generate-load.ts'
import { watchStopRequest } from './stop-request.ts'
import type { GeneratorRole } from './workers-config.ts'

const WATCH_MS = 500

/** Aborts once the first worker's process is gone (killed, crashed): no one would merge this share, so it ends rather than run out. */
function watchFirstWorker(pid: number): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const timer = setInterval(() => {
    try {
      process.kill(pid, 0)
    } catch {
      controller.abort(new Error(`the first generator worker (pid ${pid}) is gone`))
    }
  }, WATCH_MS)
  timer.unref()
  return { signal: controller.signal, dispose: () => clearInterval(timer) }
}

/** The first worker fails the run when a worker is not ready in time; past this, a worker waiting alone is an orphan. */
const START_TIMEOUT_MS = 180_000

export async function runForkedShare(options: LoadOptions, role: GeneratorRole): Promise<void> {
  const who = `generator worker ${role.worker.index} of ${role.worker.count}`
  const load = shareFor(options.name, options.load, role.shard, who)
  // The first worker's run stopped early (its test timed out, say) or it is gone: this share ends too.
  const stop = watchStopRequest(stopFileIn(role.dir))
  const first = watchFirstWorker(role.firstPid)
  const signal = AbortSignal.any([options.signal, stop.signal, first.signal].filter((s) => s !== undefined))
  try {
    markReady(role.dir, role.worker.index)
    const startAtMs = await awaitStart(role.dir, signal, START_TIMEOUT_MS)
    const result = await runLoad({ ...options, load, shard: role.shard, startAtMs, signal, during: undefined, onProgress: undefined })
    // With the first worker gone, no one will read the share or remove the folder: this worker, the last to use it, does.
    if (first.signal.aborted) rmSync(role.dir, { recursive: true, force: true })
    else writeShare(role.dir, role.worker.index, result)
  } finally {
    stop.dispose()
    first.dispose()
  }
}
