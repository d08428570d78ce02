/**
 * The starting side of the supervisor (see supervisor-main.ts): spawns it,
 * asks it to start and stop services, and shuts it down. Every service of an
 * environment is started through one supervisor, so a crash or SIGKILL of this
 * process still stops them all.
 */
import type { ChildProcess } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { forkWatcher } from './fork-watcher.ts'
import type { ExitInfo, FromSupervisor, SpawnRequest, ToSupervisor } from './protocol.ts'

export type { ExitInfo } from './protocol.ts'

export type ServiceSpec = Omit<SpawnRequest, 'type' | 'id' | 'stopSignal'> & { stopSignal?: NodeJS.Signals }

export interface SupervisedProcess {
  name: string
  pid: number
  logFile: string
  /** The log's size when this process started: what it wrote begins there (the file may hold earlier runs). */
  logStart: number
  /** Settles when the process exits, for whatever reason. */
  exited: Promise<ExitInfo>
  /** Stop signal to the process group, SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<ExitInfo>
  /** SIGKILL to the process group, no grace: a crash. Resolves once it has exited. */
  kill(): Promise<ExitInfo>
}

export interface Supervisor {
  pid: number
  spawn(spec: ServiceSpec): Promise<SupervisedProcess>
  /** Removed when the supervisor shuts down, including after a crash of this process. */
  removeOnExit(path: string): void
  /** Stops every service still running, removes the dirs, ends the supervisor. Idempotent. */
  shutdown(graceMs?: number): Promise<void>
}

const defaultGraceMs = 5_000

export async function startSupervisor(logsDir: string): Promise<Supervisor> {
  const child = forkWatcher(new URL('./supervisor-main.ts', import.meta.url), [], join(logsDir, 'supervisor.log'))
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve)
    child.once('error', reject)
  })
  return createSupervisorClient(child)
}

function createSupervisorClient(child: ChildProcess): Supervisor {
  let nextId = 1
  const exits = new Map<number, (info: ExitInfo) => void>()
  const spawns = new Map<number, { resolve: (pid: number) => void; reject: (error: Error) => void }>()
  const supervisorExited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      // Whatever it had not reported is gone with it.
      for (const resolveExit of exits.values()) resolveExit({ code: null, signal: 'supervisor exited' })
      for (const pending of spawns.values()) pending.reject(new Error(`the environment supervisor exited (${signal ?? code})`))
      resolve()
    })
  })
  let shutdownPromise: Promise<void> | undefined

  child.on('message', (message: FromSupervisor) => {
    if (message.type === 'spawned') spawns.get(message.id)?.resolve(message.pid)
    if (message.type === 'spawn-failed') spawns.get(message.id)?.reject(new Error(message.message))
    if (message.type === 'exited') exits.get(message.id)?.({ code: message.code, signal: message.signal })
  })
  const send = (message: ToSupervisor) => {
    if (!child.connected) throw new Error('the environment supervisor is no longer running')
    child.send(message)
  }

  return {
    pid: child.pid ?? 0,
    async spawn(spec) {
      const id = nextId++
      const logStart = await stat(spec.logFile).then((file) => file.size, () => 0)
      const exited = new Promise<ExitInfo>((resolve) => exits.set(id, resolve))
      const pid = await new Promise<number>((resolve, reject) => {
        // The spawn's own error names only the binary (spawn …/initdb EACCES); say which service it was.
        const rejectNamed = (error: Error) => reject(new Error(`${spec.name} could not be started: ${error.message}`, { cause: error }))
        spawns.set(id, { resolve, reject: rejectNamed })
        send({ ...spec, type: 'spawn', id, stopSignal: spec.stopSignal ?? 'SIGTERM' })
      })
      spawns.delete(id)
      return {
        name: spec.name,
        pid,
        logFile: spec.logFile,
        logStart,
        exited,
        stop(graceMs = defaultGraceMs) {
          if (child.connected) send({ type: 'stop', id, graceMs })
          return exited
        },
        kill() {
          if (child.connected) send({ type: 'stop', id, graceMs: defaultGraceMs, signal: 'SIGKILL' })
          return exited
        },
      }
    },
    removeOnExit(path) {
      send({ type: 'remove-on-exit', path })
    },
    shutdown(graceMs = defaultGraceMs) {
      shutdownPromise ??= (async () => {
        if (child.connected) send({ type: 'shutdown', graceMs })
        await supervisorExited
      })()
      return shutdownPromise
    },
  }
}
