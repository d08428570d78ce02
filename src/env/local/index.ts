/**
 * `local` (the default): real Postgres, Redis and an S3-compatible store on free
 * loopback ports in one temp dir, then the API and its worker, all started
 * through one supervisor process (see ../process/supervisor-main.ts) that
 * stops them even when this process is killed.
 */
import { mkdir, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { type ExitInfo, type SupervisedProcess, startSupervisor, type Supervisor } from '../process/supervisor.ts'
import { withOverrides } from '../api-config.ts'
import { environmentFaultControls } from '../fault-controls.ts'
import type { ServiceName, StartEnvironmentOptions, StartedEnvironment } from '../types.ts'
import { startApi } from './api.ts'
import { type ControlledService, controlledService, type UnexpectedExitHandler } from './controlled-service.ts'
import { readLogTail } from './log-tail.ts'
import { startStores, storesApiConfig } from './stores.ts'
import { createTempRoot } from './temp-root.ts'

export async function startLocalEnvironment(options: StartEnvironmentOptions): Promise<StartedEnvironment> {
  const startedAt = performance.now()
  const logsDir = resolve(options.resultsDir, 'logs')
  await mkdir(logsDir, { recursive: true })
  const root = await createTempRoot()
  let supervisor: Supervisor
  try {
    supervisor = await startSupervisor(logsDir)
  } catch (error) {
    await rm(root, { recursive: true, force: true })
    throw error
  }
  supervisor.removeOnExit(root)
  const lifecycle = { stopping: false }
  const stop = () => {
    lifecycle.stopping = true
    return supervisor.shutdown()
  }
  try {
    const environment = await startServices(supervisor, { ...options, root, logsDir, stop, lifecycle })
    console.log(`local environment ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`)
    return environment
  } catch (error) {
    // The original error is the one that matters; a failing cleanup is reported, never rethrown over it.
    await stop().catch((cleanupError: unknown) => console.error('stopping the local environment failed:', cleanupError))
    throw error
  }
}

interface ServicesOptions extends StartEnvironmentOptions {
  root: string
  logsDir: string
  stop: () => Promise<void>
  lifecycle: { stopping: boolean }
}

async function startServices(supervisor: Supervisor, options: ServicesOptions): Promise<StartedEnvironment> {
  const { root, logsDir } = options
  const stores = await startStores(supervisor, { root, logsDir })
  const apiEnv = options.apiEnv ?? {}
  const apiConfig = withOverrides(apiEnv, storesApiConfig(stores))
  // The API's and worker's temp files (ffmpeg work) live in the environment's dir, so they go with it.
  const tempDir = join(root, 'tmp')
  await mkdir(tempDir)
  const api = await startApi(supervisor, { apiConfig, apiEnv, logsDir, tempDir })
  const report: UnexpectedExitHandler = (service, exit) => void reportUnexpectedExit(service, exit, options.lifecycle)
  const services: Record<ServiceName, ControlledService> = {
    postgres: controlledService(supervisor, stores.postgres, report),
    redis: controlledService(supervisor, stores.redis, report),
    store: controlledService(supervisor, stores.s3, report),
    api: controlledService(supervisor, api.api, report),
    worker: controlledService(supervisor, api.worker, report),
  }
  return {
    kind: 'local',
    baseUrl: api.baseUrl,
    description: `local: API ${api.baseUrl} with Postgres, Redis and s3rver as child processes in ${root} (logs in ${logsDir})`,
    services: [
      { name: 'api', address: api.baseUrl },
      { name: 'postgres', address: `127.0.0.1:${stores.postgres.port}` },
      { name: 'redis', address: `127.0.0.1:${stores.redis.port}` },
      { name: 's3rver', address: `127.0.0.1:${stores.s3.port}` },
    ],
    apiConfig,
    // A getter: a start through the fault controls replaces a service's process.
    get processes() {
      return Object.values(services).map(({ process: { name, pid } }) => ({ name, pid }))
    },
    logsDir,
    faults: environmentFaultControls(services, options.lifecycle),
    stop: options.stop,
  }
}

/** A service that dies mid-run makes the run fail in confusing ways; say which one and why, as it happens. */
async function reportUnexpectedExit(service: SupervisedProcess, exit: ExitInfo, lifecycle: { stopping: boolean }): Promise<void> {
  if (lifecycle.stopping) return
  const tail = await readLogTail(service.logFile, service.logStart)
  console.error(`${service.name} (pid ${service.pid}) exited unexpectedly (${exit.signal ?? `code ${exit.code}`}); the end of ${service.logFile}:\n${tail}`)
}
