/**
 * The containers of one run, on one network: Postgres, Redis and MinIO (or
 * its stand-in) from their testcontainers modules, then the API and its worker
 * from the image built off api/Dockerfile. Each container's output goes to
 * `<logsDir>/<service>.log`; each carries the run's labels, so the reaper
 * finds it. Every published port is bound to a host port chosen up front
 * (a free loopback port), not left to Docker, so that a docker start of the
 * same container (the fault controls) keeps the base URL and the addresses
 * handed out; with port 0, Docker picks a new host port at each start.
 */
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { connect } from 'node:net'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { MinioContainer } from '@testcontainers/minio'
import { PostgreSqlContainer } from '@testcontainers/postgresql'
import { RedisContainer } from '@testcontainers/redis'
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers'
import { inheritedApiVariables, withOverrides } from '../api-config.ts'
import { EnvironmentError } from '../errors.ts'
import { findFreePort } from '../free-port.ts'
import type { ApiConfig, ServiceAddress, ServiceName } from '../types.ts'
import type { ContainerReadiness } from './controlled-container.ts'
import { apiImage, type ContainerImages, imageSettings } from './images.ts'

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url))
const apiPort = 8000
/** Which service a container is (api, worker, postgres, redis, minio), next to the run's labels. */
export const serviceLabel = 'loadgate.service'
const bucket = 'media'

export interface RunContainers {
  network: string
  labels: Record<string, string>
  logsDir: string
  images: ContainerImages
  apiEnv: Record<string, string>
}

/** One started container, and how a later start of it is known ready (as its first start was). */
export interface RunContainer {
  container: StartedTestContainer
  logFile: string
  ready: ContainerReadiness
  /** When the image's stop signal is not the one to use. */
  stopSignal?: string
}

export interface StartedContainers {
  baseUrl: string
  services: ServiceAddress[]
  apiConfig: ApiConfig
  containers: Record<ServiceName, RunContainer>
}

export async function startContainers(run: RunContainers): Promise<StartedContainers> {
  const database = { name: 'media', user: 'media', password: randomBytes(12).toString('hex') }
  const ports = await distinctFreePorts(4)
  const [apiHostPort, postgresHostPort, redisHostPort, minioHostPort] = ports as [number, number, number, number]
  // The image build and the stores are independent.
  const [, postgres, redis, minio] = await allSettledOrThrow([
    buildApiImage(run.images.node),
    start(
      'postgres',
      run.images.postgres,
      run,
      new PostgreSqlContainer(run.images.postgres)
        .withDatabase(database.name)
        .withUsername(database.user)
        .withPassword(database.password)
        .withExposedPorts({ container: 5432, host: postgresHostPort }),
    ),
    start('redis', run.images.redis, run, new RedisContainer(run.images.redis).withExposedPorts({ container: 6379, host: redisHostPort })),
    start('minio', run.images.minio, run, new MinioContainer(run.images.minio).withExposedPorts({ container: 9000, host: minioHostPort })),
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
    start('api', apiImage, run, new GenericContainer(apiImage).withEnvironment(apiVariables).withExposedPorts({ container: apiPort, host: apiHostPort }).withWaitStrategy(Wait.forHttp('/health/ready', apiPort).forStatusCode(200))),
    start('worker', apiImage, run, new GenericContainer(apiImage).withEnvironment(apiVariables).withCommand(['node', 'src/worker-main.ts']).withWaitStrategy(Wait.forLogMessage(/worker ready/))),
  ] as const)
  const host = (container: StartedTestContainer, port: number) => `${container.getHost()}:${container.getMappedPort(port)}`
  const baseUrl = `http://${host(api, apiPort)}`
  const logFile = (service: string) => join(run.logsDir, `${service}.log`)
  const answers = (url: string) => async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) })
    await response.arrayBuffer()
    return response.status === 200
  }
  return {
    containers: {
      // The checks of the first start: pg_isready (the module's health check), redis PING,
      // MinIO's health URL, the API's /health/ready, the worker's "worker ready" line.
      postgres: {
        container: postgres,
        logFile: logFile('postgres'),
        ready: async (container) => (await container.exec(['pg_isready', '--host', '127.0.0.1', '--username', database.user, '--dbname', database.name])).exitCode === 0,
        // The official image's STOPSIGNAL (a fast shutdown: the API's pooled connections would hold off SIGTERM's smart one).
        stopSignal: 'SIGINT',
      },
      redis: { container: redis, logFile: logFile('redis'), ready: () => redisAnswersPing(redis.getHost(), redis.getMappedPort(6379)) },
      store: { container: minio, logFile: logFile('minio'), ready: answers(`http://${host(minio, 9000)}/minio/health/live`) },
      api: { container: api, logFile: logFile('api'), ready: answers(`${baseUrl}/health/ready`) },
      worker: { container: worker, logFile: logFile('worker'), ready: async (_container, output) => /worker ready/.test(output()) },
    },
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
  }
}

/** `count` different free loopback ports, for the explicit host port bindings. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>()
  while (ports.size < count) ports.add(await findFreePort())
  return [...ports]
}

/** A Redis PING over TCP answered with PONG. */
function redisAnswersPing(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host)
    let reply = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1_000, () => done(false))
    socket.once('error', () => done(false))
    // Docker's port proxy accepts at once and hangs up when the container does not answer yet: no error, no timeout after that.
    socket.once('close', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk) => {
      reply += chunk.toString()
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'))
    })
  })
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
      .withLabels({ ...run.labels, [serviceLabel]: service })
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
