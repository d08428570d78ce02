/**
 * One container of a run as a fault control sees it: kill (SIGKILL), stop
 * (its stop signal, SIGKILL after a grace), start (docker start of the SAME
 * container: its name, network alias, filesystem, credentials and environment
 * stay, and so do its host ports, which were bound explicitly at creation) and
 * restart, through the Docker Engine API. Each is idempotent, runs after the
 * one before on the same container, and resolves once the container has exited
 * (kill, stop) or is ready again by the check of its first start (start).
 * Its output keeps going to `<logsDir>/<service>.log` after a start.
 */
import { createWriteStream } from 'node:fs'
import type { Readable } from 'node:stream'
import type { StartedTestContainer } from 'testcontainers'
import { EnvironmentError } from '../errors.ts'
import { type ServiceControls, serially } from '../fault-controls.ts'
import type { DockerEngine } from './docker-engine.ts'

/** Polled until true; `output` is the container's output since this start. */
export type ContainerReadiness = (container: StartedTestContainer, output: () => string) => Promise<boolean>

export interface ControlledContainerOptions {
  service: string
  container: StartedTestContainer
  logFile: string
  ready: ContainerReadiness
  /** The stop signal when the image's own default is not the right one (the local postgres image's, see docker/postgres). */
  stopSignal?: string
  graceSec?: number
  readyTimeoutMs?: number
}

const pollMs = 100
const probeTimeoutMs = 5_000

/** One readiness probe: false when it fails, and when it hangs (the deadline must stay in charge). */
async function probeOnce(probe: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), probeTimeoutMs)
  })
  try {
    return await Promise.race([probe().catch(() => false), hung])
  } finally {
    clearTimeout(timer)
  }
}

export function controlledContainer(engine: DockerEngine, options: ControlledContainerOptions): ServiceControls {
  const { service, container, logFile, ready } = options
  const id = container.getId()
  const graceSec = options.graceSec ?? 10
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000
  const serial = serially()

  const isRunning = async () => (await engine.inspectContainer(id)).running
  const exited = async (timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs
    while (await isRunning()) {
      if (performance.now() > deadline) return false
      await new Promise((resolve) => setTimeout(resolve, pollMs))
    }
    return true
  }
  const kill = async () => {
    if (!(await isRunning())) return
    await engine.killContainer(id, 'SIGKILL')
    // docker kill returns once the signal is sent, not once the container has exited.
    if (!(await exited(30_000))) throw new EnvironmentError('ERR_ENV_SERVICE_TIMEOUT', `${service} (container ${id.slice(0, 12)}) still runs 30 s after SIGKILL`)
  }
  const stop = async () => {
    if (!(await isRunning())) return
    if (options.stopSignal === undefined) {
      // Waits until it has exited; SIGKILL after the grace.
      await engine.stopContainer(id, graceSec)
      return
    }
    // The engine API (1.41) has no stop signal of its own: the same steps by hand.
    await engine.killContainer(id, options.stopSignal)
    if (!(await exited(graceSec * 1000))) await kill()
  }
  const start = async () => {
    if (await isRunning()) return
    await engine.startContainer(id)
    const { startedAt } = await engine.inspectContainer(id)
    // The first log stream ended with the container; follow the new one, from this start on.
    let output = ''
    const stream: Readable = await container.logs({ since: Date.parse(startedAt) / 1000 })
    stream.on('data', (chunk: Buffer | string) => {
      output += String(chunk)
    })
    stream.pipe(createWriteStream(logFile, { flags: 'a' }))
    const deadline = performance.now() + readyTimeoutMs
    for (;;) {
      if (await probeOnce(() => ready(container, () => output))) return
      const state = await engine.inspectContainer(id)
      if (!state.running) {
        throw new EnvironmentError('ERR_ENV_SERVICE_EXITED', `${service} (container ${id.slice(0, 12)}) exited (code ${state.exitCode}) before it was ready again; see ${logFile}`)
      }
      if (performance.now() > deadline) {
        throw new EnvironmentError('ERR_ENV_SERVICE_TIMEOUT', `${service} (container ${id.slice(0, 12)}) was not ready within ${readyTimeoutMs / 1000} s of its start; see ${logFile}`)
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs))
    }
  }
  return {
    kill: () => serial(kill),
    stop: () => serial(stop),
    start: () => serial(start),
    restart: () =>
      serial(async () => {
        await stop()
        await start()
      }),
  }
}
