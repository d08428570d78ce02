/**
 * Hanging or killing a service of the local environment the hard way, with its
 * whole process tree: SIGSTOP/SIGCONT for a dependency that hangs, SIGKILL for
 * one that is down. Linux only (reads /proc).
 */
import { descendantsOf } from '../../src/env/process/process-tree.ts'

export { descendantsOf }

/** Signals a process that may have exited meanwhile (a backend ending with its postmaster). */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

/** Kills the process group of `pid` and every process under it: a Postgres backend would otherwise serve one last query. */
export function killProcessTree(pid: number): void {
  const tree = descendantsOf(pid)
  process.kill(-pid, 'SIGKILL')
  for (const child of tree) signal(child, 'SIGKILL')
}

/**
 * Stops the process group of `pid` and each of its descendants (Postgres
 * backends lead their own sessions, so the group alone leaves them serving).
 * The returned function, idempotent, continues them all; register it on the
 * next line. A failure halfway continues what was stopped before it rethrows.
 */
export function freezeProcessTree(pid: number): () => void {
  let frozen: number[] = []
  let thawed = false
  const thaw = () => {
    if (thawed) return
    thawed = true
    for (const child of frozen) signal(child, 'SIGCONT')
    signal(-pid, 'SIGCONT')
  }
  process.kill(-pid, 'SIGSTOP')
  try {
    // The group leader is stopped first, so no new child appears while the others are stopped.
    frozen = [pid, ...descendantsOf(pid)]
    for (const child of frozen) signal(child, 'SIGSTOP')
  } catch (error) {
    thaw()
    throw error
  }
  return thaw
}
