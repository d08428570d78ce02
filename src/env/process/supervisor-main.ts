/**
 * The supervisor: a child of the process that starts an environment, and the
 * parent of every service in it. Each service runs in its own process group so
 * a stop reaches its descendants (postgres backends). When the IPC channel to
 * the starting process closes without a shutdown (that process crashed or was
 * SIGKILLed), the supervisor stops every service and removes the temp dirs, so
 * nothing outlives a run. Being the services' parent, it also reaps them.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync, rmSync } from 'node:fs'
import { killGroup, waitForGroupExit } from './process-group.ts'
import type { FromSupervisor, SpawnRequest, ToSupervisor } from './protocol.ts'

interface Service {
  request: SpawnRequest
  child: ChildProcess
  exited: Promise<void>
}

const services = new Map<number, Service>()
/** Each service name's place in the first start: a service started again keeps its place in the shutdown order. */
const startOrder = new Map<string, number>()
const dirsToRemove: string[] = []
let shuttingDown: Promise<void> | undefined

function send(message: FromSupervisor): void {
  if (process.connected) process.send?.(message)
}

function startService(request: SpawnRequest): void {
  if (shuttingDown) {
    send({ type: 'spawn-failed', id: request.id, message: 'the environment is stopping' })
    return
  }
  const log = openSync(request.logFile, 'a')
  let child: ChildProcess
  try {
    child = spawn(request.command, request.args, {
      cwd: request.cwd,
      env: request.env,
      stdio: ['ignore', log, log],
      detached: true,
      uid: request.uid,
      gid: request.gid,
    })
  } finally {
    closeSync(log)
  }
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      send({ type: 'exited', id: request.id, code, signal })
      resolve()
    })
  })
  child.once('error', (error) => send({ type: 'spawn-failed', id: request.id, message: error.message }))
  child.once('spawn', () => send({ type: 'spawned', id: request.id, pid: child.pid ?? 0 }))
  services.set(request.id, { request, child, exited })
  if (!startOrder.has(request.name)) startOrder.set(request.name, startOrder.size)
}

/** The service's stop signal (or `signal`) to its whole group, then SIGKILL to whatever is left after the grace period. */
async function stopService(service: Service, graceMs: number, signal = service.request.stopSignal): Promise<void> {
  const pid = service.child.pid
  if (pid === undefined) return
  killGroup(pid, signal)
  const stopped = await waitForGroupExit(pid, graceMs)
  if (!stopped) killGroup(pid, 'SIGKILL')
  await waitForGroupExit(pid, graceMs)
  if (service.child.exitCode === null && service.child.signalCode === null) await service.exited
}

function shutdownOrder(): Service[] {
  const place = (service: Service) => startOrder.get(service.request.name) ?? 0
  return [...services.values()].sort((a, b) => place(b) - place(a) || b.request.id - a.request.id)
}

function shutdown(graceMs: number): Promise<void> {
  shuttingDown ??= (async () => {
    // Last started, first stopped: the worker and the API go before the stores they use, even
    // after a store was started again. Each step's failure is logged and the next one still
    // runs: a shutdown always completes.
    for (const service of shutdownOrder()) {
      await stopService(service, graceMs).catch((error: Error) => console.error(`stopping ${service.request.name}: ${error.message}`))
    }
    for (const dir of dirsToRemove) {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
      } catch (error) {
        console.error(`removing ${dir}: ${(error as Error).message}`)
      }
    }
  })()
  return shuttingDown
}

process.on('message', (message: ToSupervisor) => {
  switch (message.type) {
    case 'spawn':
      return startService(message)
    case 'stop': {
      const service = services.get(message.id)
      if (service) void stopService(service, message.graceMs, message.signal)
      return
    }
    case 'remove-on-exit':
      dirsToRemove.push(message.path)
      return
    case 'shutdown':
      void shutdown(message.graceMs).then(() => {
        send({ type: 'shutdown-complete' })
        process.disconnect()
      })
  }
})

// The starting process is gone without a shutdown: clean up on its behalf.
process.on('disconnect', () => void shutdown(5_000).then(() => process.exit(0)))
// Terminal signals reach only the foreground group, not this one; a signal here is someone asking to stop.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => void shutdown(5_000).then(() => process.exit(0)))
}
