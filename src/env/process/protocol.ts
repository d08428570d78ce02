/** The messages between an environment and its supervisor process, over Node's IPC channel. */

export interface SpawnRequest {
  type: 'spawn'
  id: number
  name: string
  command: string
  args: string[]
  cwd: string
  env: Record<string, string>
  /** stdout and stderr are appended here. */
  logFile: string
  uid?: number
  gid?: number
  /** The signal that stops this service cleanly (postgres: SIGINT, a fast shutdown). */
  stopSignal: NodeJS.Signals
}

export type ToSupervisor =
  | SpawnRequest
  /** `signal` (default: the service's stop signal) to the group, SIGKILL to what is left after `graceMs`. */
  | { type: 'stop'; id: number; graceMs: number; signal?: NodeJS.Signals }
  | { type: 'remove-on-exit'; path: string }
  | { type: 'shutdown'; graceMs: number }

export interface ExitInfo {
  code: number | null
  signal: string | null
}

export type FromSupervisor =
  | { type: 'spawned'; id: number; pid: number }
  | { type: 'spawn-failed'; id: number; message: string }
  | ({ type: 'exited'; id: number } & ExitInfo)
  | { type: 'shutdown-complete' }
