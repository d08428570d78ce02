/**
 * The reaper: testcontainers' Ryuk needs an image that cannot be pulled here,
 * so each containers environment forks this process instead
 * (`node reaper-main.ts <run-id>`). It holds an IPC channel to the process that
 * started the run; when the channel closes, whether by a normal stop, a crash
 * or a SIGKILL of that process, it removes every container and network
 * labelled with the run and exits. It runs in its own process group, so a
 * Ctrl-C at the terminal does not stop it before it has cleaned up.
 */
import { removeRun } from './cleanup.ts'
import { dockerEngine } from './docker-engine.ts'

const runId = process.argv[2]
if (runId === undefined || process.send === undefined) {
  console.error('usage: forked with an IPC channel, as `node reaper-main.ts <run-id>`')
  process.exit(2)
}

let removing: Promise<void> | undefined
function removeAndExit(runId: string): Promise<void> {
  removing ??= (async () => {
    const engine = dockerEngine()
    try {
      const removed = await removeRun(engine, runId)
      console.log(`reaper: removed ${removed} container(s) of run ${runId}`)
    } catch (error) {
      console.error(`reaper: removing run ${runId} failed: ${(error as Error).message}`)
      process.exitCode = 1
    } finally {
      await engine.close()
    }
    process.exit()
  })()
  return removing
}

process.on('disconnect', () => void removeAndExit(runId))
process.on('SIGTERM', () => void removeAndExit(runId))
// The terminal's Ctrl-C is for the test runner; this process answers to the channel.
process.on('SIGINT', () => {})
process.send({ type: 'ready' })
console.log(`reaper: watching run ${runId} for pid ${process.ppid}`)
