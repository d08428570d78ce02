/**
 * The sharded simulation on containers: a bridge network of the test's own,
 * the target server (shard-target-main.ts) and the S3 stand-in on it, and the
 * shards as containers running shard-main.ts from the repository, mounted
 * read-only as code. Results travel from the shards to the stand-in over that
 * network, and to the merge on this machine through the stand-in's port,
 * published on 127.0.0.1 only: no directory is shared. Every container and the
 * network carry the run's labels (cleanup.ts), and the run's reaper removes
 * them at `remove()`, or when this process dies first.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { realpathSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CreateBucketCommand } from '@aws-sdk/client-s3'
import { ownershipLabels, runLabel } from '../../src/env/containers/cleanup.ts'
import { type ContainerSpec, dockerEngine } from '../../src/env/containers/docker-engine.ts'
import { containerImages } from '../../src/env/containers/images.ts'
import { startReaper } from '../../src/env/containers/reaper.ts'
import { findFreePort } from '../../src/env/free-port.ts'
import { httpAnswers } from '../../src/env/local/readiness.ts'
import { s3ClientFromEnv } from '../../src/store/s3-store.ts'
import { shardSamplesFromOutput } from './shard-load.ts'
import { type ShardRun, startTimeAhead } from './sharded-run.ts'

const repositoryRoot = realpathSync(fileURLToPath(new URL('../../', import.meta.url)))
/** The repository and, where node_modules links elsewhere (a worktree's shared install), that too, each at its own path. */
const codeMounts = [...new Set([repositoryRoot, realpathSync(join(repositoryRoot, 'node_modules'))])]
const targetPort = 8080
const s3Port = 9000
/** Three containers loading the engine on a busy machine: more time than three processes need. */
const startLeadMs = 12_000
const readyTimeoutMs = 30_000

export interface ShardNetwork {
  /** The label value every container and the network of this run carry. */
  runId: string
  /** The AWS variables that reach the stand-in from this machine (the merge's). */
  hostS3Env: NodeJS.ProcessEnv
  /** Runs `count` shard containers with `env`, putting their results at `location` (s3://bucket/prefix); resolves when all have exited. */
  runShards(count: number, location: string, env: Record<string, string>): Promise<ShardRun>
  /** How many containers and networks of this run still exist. */
  leftovers(): Promise<{ containers: number; networks: number }>
  /** Removes every container and the network; idempotent. */
  remove(): Promise<void>
}

/** Starts the network, the target and the stand-in with an empty `bucket`. */
export async function startShardNetwork(logsDir: string, bucket: string): Promise<ShardNetwork> {
  const runId = randomUUID()
  const labels = ownershipLabels(runId)
  const images = containerImages()
  const engine = dockerEngine()
  const reaper = await startReaper(runId, logsDir)
  let removing: Promise<void> | undefined
  const remove = () => {
    removing ??= reaper.stop().finally(() => engine.close())
    return removing
  }
  const network = `loadgate-shards-${runId.slice(0, 8)}`
  const node = (cmd: string[], aliases: string[], env: Record<string, string> = {}): ContainerSpec => ({
    image: images.node,
    cmd: ['node', ...cmd],
    env,
    labels,
    workingDir: repositoryRoot,
    network: { name: network, aliases },
    readOnlyMounts: codeMounts,
  })
  const start = async (spec: ContainerSpec): Promise<string> => {
    const id = await engine.createContainer(spec)
    await engine.startContainer(id)
    return id
  }
  /** Polls `ready` until it says yes; fails at once when the container exits, with its output. */
  const waitReady = async (what: string, id: string, ready: () => Promise<boolean>): Promise<void> => {
    const deadline = performance.now() + readyTimeoutMs
    while (!(await ready())) {
      const state = await engine.inspectContainer(id)
      const failure = !state.running ? `exited (code ${state.exitCode})` : performance.now() > deadline ? `was not ready within ${readyTimeoutMs / 1000} s` : undefined
      if (failure) {
        const { stdout, stderr } = await engine.containerLogs(id)
        throw new Error(`the ${what} container ${failure}:\n${stdout}${stderr}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  try {
    await engine.createNetwork(network, labels)
    const credentials = { user: 'loadgate', password: randomBytes(16).toString('hex') }
    const s3HostPort = await findFreePort()
    // MinIO's container contract, which the stand-in keeps: `server /data`, the root credentials, the S3 API on 9000.
    const s3 = await start({
      image: images.minio,
      cmd: ['server', '/data'],
      env: { MINIO_ROOT_USER: credentials.user, MINIO_ROOT_PASSWORD: credentials.password },
      labels,
      network: { name: network, aliases: ['s3'] },
      loopbackPorts: { [s3Port]: s3HostPort },
    })
    const target = await start(node(['tests/support/shard-target-main.ts', String(targetPort)], ['target']))
    const s3Env = (endpoint: string) => ({ AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: credentials.user, AWS_SECRET_ACCESS_KEY: credentials.password, AWS_REGION: 'us-east-1' })
    const hostS3Env = s3Env(`http://127.0.0.1:${s3HostPort}`)
    await waitReady('S3 stand-in', s3, httpAnswers(`http://127.0.0.1:${s3HostPort}/minio/health/live`, (status) => status === 200))
    await waitReady('target', target, async () => (await engine.containerLogs(target)).stdout.includes('listening'))
    const client = s3ClientFromEnv(hostS3Env)
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }))
    } finally {
      client.destroy()
    }
    return {
      runId,
      hostS3Env,
      async runShards(count, location, env) {
        const startAtMs = startTimeAhead(startLeadMs)
        const shards = await Promise.all(
          Array.from({ length: count }, (_, i) =>
            start(
              node(['tests/support/shard-main.ts', `http://target:${targetPort}`, '-'], [`shard-${i + 1}`], {
                ...env,
                ...s3Env(`http://s3:${s3Port}`),
                LOAD_SHARD: `${i + 1}/${count}`,
                LOAD_START_AT: new Date(startAtMs).toISOString(),
                LOAD_RESULTS_URL: location,
              }),
            ),
          ),
        )
        const ended = await Promise.all(shards.map(async (id) => ({ code: await engine.waitContainer(id), ...(await engine.containerLogs(id)) })))
        const exits = ended.map(({ code, stdout, stderr }) => ({ code, output: stdout + stderr }))
        const samples = ended.every((e) => e.code === 0) ? ended.map((e) => shardSamplesFromOutput(e.stdout)) : []
        return { startAtMs, exits, samples }
      },
      async leftovers() {
        const probe = dockerEngine()
        try {
          const label = `${runLabel}=${runId}`
          return { containers: (await probe.listContainers(label)).length, networks: (await probe.listNetworks(label)).length }
        } finally {
          await probe.close()
        }
      },
      remove,
    }
  } catch (error) {
    await remove()
    throw error
  }
}
