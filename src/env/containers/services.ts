/**
 * The containers of one run, on one network: Postgres, Redis and MinIO (or
 * its stand-in) from their testcontainers modules, then the API and its worker
 * from the image built off api/Dockerfile. Each container's output goes to
 * `<logsDir>/<service>.log`; each carries the run's labels, so the reaper
 * finds it.
 */
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { MinioContainer } from '@testcontainers/minio'
import { PostgreSqlContainer } from '@testcontainers/postgresql'
import { RedisContainer } from '@testcontainers/redis'
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers'
import { inheritedApiVariables, withOverrides } from '../api-config.ts'
import { EnvironmentError } from '../errors.ts'
import type { ApiConfig, ServiceAddress, ServiceName } from '../types.ts'
import { apiImage, type ContainerImages, imageSettings } from './images.ts'

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url))
const apiPort = 8000
const bucket = 'media'

export interface RunContainers {
  network: string
  labels: Record<string, string>
  logsDir: string
  images: ContainerImages
  apiEnv: Record<string, string>
}

export interface StartedContainers {
  baseUrl: string
  services: ServiceAddress[]
  apiConfig: ApiConfig
  containers: { service: ServiceName; id: string }[]
}

export async function startContainers(run: RunContainers): Promise<StartedContainers> {
  const database = { name: 'media', user: 'media', password: randomBytes(12).toString('hex') }
  // The image build and the stores are independent.
  const [, postgres, redis, minio] = await allSettledOrThrow([
    buildApiImage(run.images.node),
    start('postgres', run.images.postgres, run, new PostgreSqlContainer(run.images.postgres).withDatabase(database.name).withUsername(database.user).withPassword(database.password)),
    start('redis', run.images.redis, run, new RedisContainer(run.images.redis)),
    start('minio', run.images.minio, run, new MinioContainer(run.images.minio)),
  ] as const)
  const minioCredentials = { user: minio.getUsername(), password: minio.getPassword() }
  const jwtSecret = randomBytes(32).toString('hex')
  const inNetwork: ApiConfig = {
    DATABASE_URL: `postgres://${database.user}:${database.password}@postgres:5432/${database.name}`,
    REDIS_URL: 'redis://redis:6379',
    S3_ENDPOINT: 'http://minio:9000',
    S3_REGION: 'us-east-1',
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: minioCredentials.user,
    S3_SECRET_ACCESS_KEY: minioCredentials.password,
    JWT_SECRET: jwtSecret,
  }
  const apiVariables = { ...inheritedApiVariables(), ...inNetwork, ...run.apiEnv, HOST: '0.0.0.0', PORT: String(apiPort) }
  const [api, worker] = await allSettledOrThrow([
    start('api', apiImage, run, new GenericContainer(apiImage).withEnvironment(apiVariables).withExposedPorts(apiPort).withWaitStrategy(Wait.forHttp('/health/ready', apiPort).forStatusCode(200))),
    start('worker', apiImage, run, new GenericContainer(apiImage).withEnvironment(apiVariables).withCommand(['node', 'src/worker-main.ts']).withWaitStrategy(Wait.forLogMessage(/worker ready/))),
  ] as const)
  const host = (container: StartedTestContainer, port: number) => `${container.getHost()}:${container.getMappedPort(port)}`
  const baseUrl = `http://${host(api, apiPort)}`
  return {
    baseUrl,
    services: [
      { name: 'api', address: baseUrl },
      { name: 'postgres', address: host(postgres, 5432) },
      { name: 'redis', address: host(redis, 6379) },
      { name: 'minio', address: host(minio, 9000) },
    ],
    // As reachable from this machine, so a test can start one more worker against the same stores.
    apiConfig: withOverrides(run.apiEnv, {
      ...inNetwork,
      DATABASE_URL: `postgres://${database.user}:${database.password}@${host(postgres, 5432)}/${database.name}`,
      REDIS_URL: `redis://${host(redis, 6379)}`,
      S3_ENDPOINT: `http://${host(minio, 9000)}`,
    }),
    containers: Object.entries({ api, worker, postgres, redis, store: minio }).map(([service, container]) => ({ service: service as ServiceName, id: container.getId() })),
  }
}

/** Waits for every start, so a failure never leaves another one in flight while stopping; then throws the first failure. */
async function allSettledOrThrow<T extends readonly unknown[]>(starts: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const outcomes = await Promise.allSettled(starts)
  const failed = outcomes.find((outcome) => outcome.status === 'rejected')
  if (failed) throw failed.reason
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T
}

/** api/Dockerfile on the chosen Node image; docker's layer cache makes every build after the first quick. */
async function buildApiImage(nodeImage: string): Promise<void> {
  try {
    await GenericContainer.fromDockerfile(repositoryRoot, 'api/Dockerfile').withBuildArgs({ NODE_IMAGE: nodeImage }).build(apiImage, { deleteOnExit: false })
  } catch (error) {
    throw new EnvironmentError(
      'ERR_ENV_IMAGE_UNAVAILABLE',
      `building ${apiImage} from api/Dockerfile on ${nodeImage} failed: ${(error as Error).message}; ${imageHint('node')}`,
      { cause: error },
    )
  }
}

async function start<C extends GenericContainer>(service: string, image: string, run: RunContainers, container: C): Promise<Awaited<ReturnType<C['start']>>> {
  const logFile = join(run.logsDir, `${service}.log`)
  try {
    return (await container
      .withNetworkMode(run.network)
      .withNetworkAliases(service)
      .withLabels(run.labels)
      .withStartupTimeout(120_000)
      .withLogConsumer((stream: Readable) => stream.pipe(createWriteStream(logFile, { flags: 'a' })))
      .start()) as Awaited<ReturnType<C['start']>>
  } catch (error) {
    const hint = service in imageSettings ? `; ${imageHint(service as keyof ContainerImages)}` : ''
    throw new EnvironmentError('ERR_ENV_SERVICE_EXITED', `the ${service} container (${image}) did not start: ${(error as Error).message}${hint} (log: ${logFile})`, { cause: error })
  }
}

function imageHint(name: keyof ContainerImages): string {
  return `${imageSettings[name].variable} names the image (default ${imageSettings[name].official}); where no registry can be reached, scripts/build-images.sh builds local equivalents`
}
