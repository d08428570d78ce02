/**
 * LOAD_ENV=containers: testcontainers starts Postgres, Redis, MinIO (or the
 * stand-in LOAD_MINIO_IMAGE names) and the API and worker built from
 * api/Dockerfile, and nothing outlives the run: not after a stop, not after a
 * SIGKILL of the process that started it (its reaper removes the containers),
 * not after the reaper died too (the next start removes the orphans).
 *
 * Needs a Docker engine. Without one these tests are skipped, unless
 * LOADGATE_REQUIRE_DOCKER=1 (as .ci/run sets), which makes a missing engine a failure.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { GenericContainer } from 'testcontainers'
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import { ensureFixtures, fixturesDir } from '../../scripts/fixtures.ts'
import { ownershipLabels, removeOrphanedRuns, removeRun } from '../../src/env/containers/cleanup.ts'
import { dockerEngine } from '../../src/env/containers/docker-engine.ts'
import { containerImages } from '../../src/env/containers/images.ts'
import { EnvironmentError, type StartedEnvironment, startEnvironment, validateEnvironment } from '../../src/env/index.ts'
import { envSwitch } from '../../src/vitest/env-switch.ts'
import { apiClient } from '../support/api-client.ts'

const engine = dockerEngine()
const dockerAnswers = await engine.listContainers('loadgate.run').then(
  () => true,
  () => false,
)
const needsDocker = describe.skipIf(!dockerAnswers && !envSwitch('LOADGATE_REQUIRE_DOCKER'))
afterAll(() => engine.close())

const ownedBy = async (pid: number) => {
  const label = `loadgate.owner-pid=${pid}`
  return { containers: (await engine.listContainers(label)).length, networks: (await engine.listNetworks(label)).length }
}

/** Polls (bounded) until nothing labelled with `pid` as its owner is left. */
async function leftoversOf(pid: number, timeoutMs = 30_000): Promise<{ containers: number; networks: number }> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const left = await ownedBy(pid)
    if ((left.containers === 0 && left.networks === 0) || performance.now() > deadline) return left
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

describe('without a Docker engine', () => {
  it('fails at once, naming DOCKER_HOST and the alternative', async () => {
    vi.stubEnv('DOCKER_HOST', 'unix:///nonexistent/docker.sock')
    onTestFinished(() => {
      vi.unstubAllEnvs()
    })
    const resultsDir = await mkdtemp(join(tmpdir(), 'loadgate-containers-'))
    const error = await startEnvironment({ kind: 'containers', resultsDir }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EnvironmentError)
    expect((error as EnvironmentError).code).toBe('ERR_ENV_DOCKER_UNAVAILABLE')
    expect((error as Error).message).toMatch(/unix:\/\/\/nonexistent\/docker\.sock.*LOAD_ENV=local/)
    await rm(resultsDir, { recursive: true, force: true })
  })
})

needsDocker('the containers environment', () => {
  let environment: StartedEnvironment

  beforeAll(async () => {
    ensureFixtures()
    environment = await startEnvironment({ kind: 'containers', resultsDir: await mkdtemp(join(tmpdir(), 'loadgate-containers-')) })
  }, 600_000)
  afterAll(() => environment?.stop())

  it('serves the API from its image, with the S3 store and the ffmpeg worker in containers', async () => {
    expect(environment.kind).toBe('containers')
    expect(environment.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const report = await validateEnvironment(environment)
    expect(report.checks.filter((check) => !check.ok)).toEqual([])

    const api = apiClient(environment.baseUrl)
    const { token } = await api.register()
    const upload = await api.upload(token, join(fixturesDir, 'test_video_2s.mp4'), 'video/mp4')
    expect(upload.status).toBe(201)
    const file = upload.json<{ id: string; sizeBytes: number }>()
    const content = await api.call('GET', `/api/v1/files/${file.id}/content`, { token })
    expect(content.body.length).toBe(file.sizeBytes)

    const submitted = await api.call('POST', '/api/v1/tasks/join', { token, json: { fileIds: [file.id, file.id] } })
    expect(submitted.status).toBe(202)
    const id = submitted.json<{ id: string }>().id
    let task = { status: 'queued', resultFileId: null as string | null }
    for (let polls = 0; polls < 240 && ['queued', 'running'].includes(task.status); polls++) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      task = (await api.call('GET', `/api/v1/tasks/${id}`, { token })).json()
    }
    expect(task.status).toBe('completed')
    expect((await api.call('GET', `/api/v1/files/${task.resultFileId}`, { token })).status).toBe(200)
  })

  it('hands out the stores as reachable from this machine, for an extra worker', () => {
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'S3_ENDPOINT']) expect(environment.apiConfig[name]).toMatch(/127\.0\.0\.1:\d+/)
    expect(environment.services.map((service) => service.name)).toEqual(['api', 'postgres', 'redis', 'minio'])
  })

  it('removes every container and its network on stop, and stops once however often it is called', async () => {
    const resultsDir = await mkdtemp(join(tmpdir(), 'loadgate-containers-'))
    onTestFinished(() => rm(resultsDir, { recursive: true, force: true }))
    const before = await ownedBy(process.pid)
    const second = await startEnvironment({ kind: 'containers', resultsDir })
    const running = await ownedBy(process.pid)
    expect(running.containers - before.containers).toBe(5)
    expect(running.networks - before.networks).toBe(1)
    await Promise.all([second.stop(), second.stop()])
    expect(await ownedBy(process.pid)).toEqual(before)
  }, 300_000)
})

needsDocker('cleanup without testcontainers Ryuk', () => {
  it('removes the containers of a run whose process was killed with SIGKILL', async () => {
    const resultsDir = await mkdtemp(join(tmpdir(), 'loadgate-containers-'))
    onTestFinished(() => rm(resultsDir, { recursive: true, force: true }))
    const envModule = new URL('../../src/env/index.ts', import.meta.url).href
    const program = `
      import { startEnvironment } from ${JSON.stringify(envModule)}
      const env = await startEnvironment({ kind: 'containers', resultsDir: process.env.TEST_RESULTS_DIR })
      process.stdout.write(JSON.stringify({ pid: process.pid, baseUrl: env.baseUrl }) + '\\n')
      // Held open by stdin; should the test runner die first, the closed pipe ends it and its reaper cleans up.
      process.stdin.on('end', () => process.exit(0)).resume()
    `
    const child = spawn(process.execPath, ['--input-type=module', '-e', program], { env: { ...process.env, TEST_RESULTS_DIR: resultsDir }, stdio: ['pipe', 'pipe', 'inherit'] })
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    })
    const lines = createInterface({ input: child.stdout })
    const started = await new Promise<{ pid: number; baseUrl: string }>((resolve, reject) => {
      lines.on('line', (line) => line.startsWith('{') && resolve(JSON.parse(line)))
      child.once('exit', (code, signal) => reject(new Error(`the child exited (${signal ?? code}) before its environment was ready`)))
    })
    expect((await ownedBy(started.pid)).containers).toBe(5)

    child.kill('SIGKILL')
    expect(await leftoversOf(started.pid)).toEqual({ containers: 0, networks: 0 })
    await expect(fetch(`${started.baseUrl}/health/live`)).rejects.toThrow()
  }, 300_000)

  it('removes, at the next start, a run whose process and reaper are both gone', async () => {
    const runId = `orphan-${randomUUID()}`
    onTestFinished(() => removeRun(engine, runId).then(() => undefined))
    const exited = spawn(process.execPath, ['-e', ''])
    await new Promise((resolve) => exited.once('exit', resolve))
    const orphan = await new GenericContainer(containerImages().redis).withLabels(ownershipLabels(runId, exited.pid ?? 0)).start()
    expect((await engine.listContainers(`loadgate.run=${runId}`)).map((container) => container.id)).toEqual([orphan.getId()])

    expect(await removeOrphanedRuns(engine)).toContain(runId)
    expect(await engine.listContainers(`loadgate.run=${runId}`)).toEqual([])
  }, 120_000)
})
