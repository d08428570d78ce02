/**
 * `containers`: testcontainers starts Postgres, Redis and MinIO (or the
 * stand-in named by LOAD_MINIO_IMAGE) and the API and worker from
 * api/Dockerfile, on one network of their own; the generator reaches the API
 * through its mapped loopback port. testcontainers' Ryuk reaper needs an image
 * that may not be pullable, so it is off by default and the run's own reaper
 * process (reaper-main.ts) removes every container and the network on stop,
 * on a crash and on SIGKILL; runs orphaned some other way are removed at the
 * next start. `faults` kills, stops and starts the very containers of the run
 * (see controlled-container.ts).
 */
import { randomUUID } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { EnvironmentError } from '../errors.ts'
import { environmentFaultControls } from '../fault-controls.ts'
import type { ServiceName, StartedEnvironment, StartEnvironmentOptions } from '../types.ts'
import { ownershipLabels, removeOrphanedRuns } from './cleanup.ts'
import { controlledContainer } from './controlled-container.ts'
import { dockerEngine } from './docker-engine.ts'
import { containerImages } from './images.ts'
import { startReaper } from './reaper.ts'

export async function startContainersEnvironment(options: StartEnvironmentOptions): Promise<StartedEnvironment> {
  const startedAt = performance.now()
  // Set before testcontainers is loaded: no Ryuk image to pull, and mapped ports are reached on loopback only.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true'
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1'
  const logsDir = resolve(options.resultsDir, 'logs')
  await mkdir(logsDir, { recursive: true })
  const images = containerImages()
  const runId = randomUUID()
  const network = `loadgate-${runId.slice(0, 8)}`
  const labels = ownershipLabels(runId)

  const engine = dockerEngine()
  try {
    const orphaned = await removeOrphanedRuns(engine).catch((error: Error) => {
      throw new EnvironmentError(
        'ERR_ENV_DOCKER_UNAVAILABLE',
        `LOAD_ENV=containers needs a Docker engine, and none answers at ${process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'} (${error.message}); start dockerd, set DOCKER_HOST, or use LOAD_ENV=local`,
        { cause: error },
      )
    })
    if (orphaned.length > 0) console.log(`removed the containers of ${orphaned.length} earlier run(s) whose process is gone`)
    const reaper = await startReaper(runId, logsDir)
    try {
      await engine.createNetwork(network, labels)
      const { startContainers } = await import('./services.ts')
      const started = await startContainers({ network, labels, logsDir, images, apiEnv: options.apiEnv ?? {} })
      console.log(`containers environment ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`)
      // The fault controls' own connection to the engine, closed with the environment.
      const faultsEngine = dockerEngine()
      const lifecycle = { stopping: false }
      let stopping: Promise<void> | undefined
      const stop = () => {
        lifecycle.stopping = true
        stopping ??= reaper.stop().finally(() => faultsEngine.close())
        return stopping
      }
      const controls = Object.fromEntries(
        Object.entries(started.containers).map(([service, run]) => [service, controlledContainer(faultsEngine, { service, ...run })]),
      ) as Record<ServiceName, ReturnType<typeof controlledContainer>>
      return {
        kind: 'containers',
        baseUrl: started.baseUrl,
        description: `containers: API ${started.baseUrl} (built from api/Dockerfile on ${images.node}) with ${images.postgres}, ${images.redis} and ${images.minio} on network ${network} (logs in ${logsDir})`,
        services: started.services,
        apiConfig: started.apiConfig,
        processes: [],
        containers: Object.entries(started.containers).map(([service, run]) => ({ service: service as ServiceName, id: run.container.getId() })),
        logsDir,
        faults: environmentFaultControls(controls, lifecycle),
        stop,
      }
    } catch (error) {
      // The original error is the one that matters; a failing cleanup is reported, never rethrown over it.
      await reaper.stop().catch((cleanupError: unknown) => console.error('removing the containers failed:', cleanupError))
      throw error
    }
  } finally {
    await engine.close()
  }
}
