/**
 * Forks a Node module that watches this process over an IPC channel (the
 * supervisor, the containers reaper), writing its output to `logFile`.
 * detached: its own process group, so a Ctrl-C at the terminal reaches the test
 * runner, not the watcher, which must outlive this process to clean up after it.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'

export function forkWatcher(module: URL, args: string[], logFile: string): ChildProcess {
  const log = openSync(logFile, 'a')
  try {
    return fork(module, args, { detached: true, execArgv: [], stdio: ['ignore', log, log, 'ipc'], serialization: 'json' })
  } finally {
    closeSync(log)
  }
}
