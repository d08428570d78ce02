/**
 * The starting side of the reaper (see reaper-main.ts). `stop()` closes the
 * channel and waits until the reaper has removed the run's containers.
 */
import { join } from 'node:path'
import { forkWatcher } from '../process/fork-watcher.ts'

export interface Reaper {
  pid: number
  /** Removes every container and network of the run; idempotent. */
  stop(): Promise<void>
}

export async function startReaper(runId: string, logsDir: string): Promise<Reaper> {
  const child = forkWatcher(new URL('./reaper-main.ts', import.meta.url), [runId], join(logsDir, 'reaper.log'))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve())
    child.once('error', reject)
    void exited.then(() => reject(new Error(`the containers reaper exited at start; see ${join(logsDir, 'reaper.log')}`)))
  })
  // Neither the channel nor the child may keep this process alive; the reaper outlives it by design.
  child.unref()
  child.channel?.unref()
  let stopping: Promise<void> | undefined
  return {
    pid: child.pid ?? 0,
    stop() {
      stopping ??= (async () => {
        // Waiting for the removal must keep this process alive.
        child.ref()
        if (child.connected) child.disconnect()
        await exited
      })()
      return stopping
    },
  }
}
