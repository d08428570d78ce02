/**
 * Fault controls of LOAD_ENV=containers: a test kills, stops, starts and
 * restarts a service's container through `environment.faults` (the same
 * container each time, so its name, network alias, data and credentials stay),
 * and the API heals: same base URL, same data, reconnected to the stores.
 * One environment for the file; the tests run in order and each leaves every
 * service running.
 *
 * Needs a Docker engine. Without one these tests are skipped, unless
 * LOADGATE_REQUIRE_DOCKER=1 (as .ci/run sets), which makes a missing engine a failure.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dockerEngine } from '../../src/env/containers/docker-engine.ts'
import { type FaultControls, type StartedEnvironment, startEnvironment } from '../../src/env/index.ts'
import { envSwitch } from '../../src/vitest/env-switch.ts'
import { type ApiClient, apiClient } from '../support/api-client.ts'

const engine = dockerEngine()
const dockerAnswers = await engine.listContainers('loadgate.run').then(
  () => true,
  () => false,
)
if (!dockerAnswers) console.warn('environment-containers-faults: no Docker engine answers; skipped (LOADGATE_REQUIRE_DOCKER=1 makes it a failure)')
const needsDocker = describe.skipIf(!dockerAnswers && !envSwitch('LOADGATE_REQUIRE_DOCKER'))
afterAll(() => engine.close())

let environment: StartedEnvironment
let faults: FaultControls
let api: ApiClient
let resultsDir: string
let runId: string | undefined

/** The run's label, read from one of its containers (every container and the network carry it). */
async function runLabelOf(pid: number): Promise<string | undefined> {
  const [first] = await engine.listContainers(`loadgate.owner-pid=${pid}`)
  return first?.labels['loadgate.run']
}

/** The one container of this run for `service` (its `loadgate.service` label), and its state. */
async function containerOf(service: 'api' | 'worker' | 'postgres' | 'redis' | 'minio') {
  const found = (await engine.listContainers(`loadgate.run=${runId}`)).filter((container) => container.labels['loadgate.service'] === service)
  expect(found).toHaveLength(1)
  const id = found[0]?.id as string
  return { id, ...(await engine.inspectContainer(id)) }
}

async function readyStatus(): Promise<number> {
  return api.call('GET', '/health/ready').then((response) => response.status, () => 0)
}

/** /health/ready answers 200 within `timeoutMs`; resolves to the time it took, or -1. */
async function becomesReady(timeoutMs = 15_000): Promise<number> {
  const startedAt = performance.now()
  while (performance.now() - startedAt < timeoutMs) {
    if ((await readyStatus()) === 200) return performance.now() - startedAt
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return -1
}

needsDocker('fault controls of the containers environment', () => {
  beforeAll(async () => {
    resultsDir = await mkdtemp(join(tmpdir(), 'loadgate-containers-faults-'))
    environment = await startEnvironment({ kind: 'containers', resultsDir })
    faults = environment.faults as FaultControls
    api = apiClient(environment.baseUrl)
    runId = await runLabelOf(process.pid)
  }, 600_000)
  afterAll(async () => {
    await environment?.stop()
    await rm(resultsDir, { recursive: true, force: true })
  })

  it('has fault controls', () => {
    expect(environment.faults).toBeDefined()
    expect(runId).toBeDefined()
  })

  it('restart(api) keeps the base URL, and /health/ready is 200 after', async () => {
    const before = environment.baseUrl
    const container = await containerOf('api')
    const startedAt = performance.now()
    await faults.restart('api')
    console.log(`restart(api): ${((performance.now() - startedAt) / 1000).toFixed(1)} s`)

    // The same container, started again.
    const after = await containerOf('api')
    expect(after.id).toBe(container.id)
    expect(Date.parse(after.startedAt)).toBeGreaterThan(Date.parse(container.startedAt))
    expect(environment.baseUrl).toBe(before)
    expect((await fetch(`${before}/health/ready`)).status).toBe(200)
  }, 120_000)

  it('keeps the data of postgres across restart(postgres): a registered user still logs in', async () => {
    const user = await api.register()
    const container = await containerOf('postgres')
    const startedAt = performance.now()
    await faults.restart('postgres')
    const tookMs = performance.now() - startedAt
    console.log(`restart(postgres): ${(tookMs / 1000).toFixed(1)} s`)
    // SIGINT, the official image's stop signal, is a fast shutdown; SIGTERM would wait for the API's pooled connections until the 10 s grace ran out.
    expect(tookMs).toBeLessThan(10_000)

    const after = await containerOf('postgres')
    expect(after.id).toBe(container.id)
    expect(Date.parse(after.startedAt)).toBeGreaterThan(Date.parse(container.startedAt))

    expect(await becomesReady()).toBeGreaterThanOrEqual(0)
    const login = await api.call('POST', '/api/v1/auth/login', { json: { username: user.username, password: user.password } })
    expect(login.status).toBe(200)
  }, 120_000)

  it('after kill(redis) and start(redis), /health/ready is 200 again within 15 s', async () => {
    await faults.kill('redis')
    const down = performance.now()
    expect(await containerOf('redis')).toMatchObject({ running: false, exitCode: 137 })
    // Give the API the chance to notice the outage.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    await faults.start('redis')
    const back = await becomesReady(15_000)
    console.log(`kill(redis)+start(redis): redis back after ${((performance.now() - down - back) / 1000).toFixed(1)} s, API ready ${(back / 1000).toFixed(1)} s later`)
    expect(back).toBeGreaterThanOrEqual(0)
  }, 120_000)

  it('restart(store) brings the same container back, within its grace (it stops on SIGTERM)', async () => {
    const container = await containerOf('minio')
    const startedAt = performance.now()
    await faults.restart('store')
    const tookMs = performance.now() - startedAt
    console.log(`restart(store): ${(tookMs / 1000).toFixed(1)} s`)

    expect(tookMs).toBeLessThan(10_000)
    expect((await containerOf('minio')).id).toBe(container.id)
    expect(await becomesReady()).toBeGreaterThanOrEqual(0)
  }, 120_000)

  it('stop on a stopped service and start on a running one are no-ops', async () => {
    const container = await containerOf('worker')
    await faults.start('worker')
    expect((await containerOf('worker')).startedAt).toBe(container.startedAt)

    await faults.stop('worker')
    expect((await containerOf('worker')).running).toBe(false)
    await faults.stop('worker')
    expect((await containerOf('worker')).running).toBe(false)
    await Promise.all([faults.start('worker'), faults.start('worker')])
    expect((await containerOf('worker')).running).toBe(true)
    // Its output still goes to its log after the start, and its readiness was read from it.
    expect((await readFile(join(environment.logsDir, 'worker.log'), 'utf8')).match(/worker ready/g)).toHaveLength(2)
    expect(await becomesReady()).toBeGreaterThanOrEqual(0)
    await expect(faults.stop('nonexistent' as never)).rejects.toMatchObject({ code: 'ERR_ENV_UNKNOWN_SERVICE' })
  }, 120_000)

  it('stop() leaves no container of this run, and the controls refuse after it', async () => {
    await environment.stop()

    expect(await engine.listContainers(`loadgate.run=${runId}`)).toEqual([])
    expect(await engine.listNetworks(`loadgate.run=${runId}`)).toEqual([])
    await expect(faults.start('api')).rejects.toMatchObject({ code: 'ERR_ENV_STOPPED' })
  }, 120_000)
})
