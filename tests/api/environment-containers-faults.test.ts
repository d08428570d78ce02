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
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dockerEngine } from '../../src/env/containers/docker-engine.ts'
import { type FaultControls, type StartedEnvironment, startEnvironment } from '../../src/env/index.ts'
import { type ApiClient, apiClient } from '../support/api-client.ts'

const engine = dockerEngine()
const dockerAnswers = await engine.listContainers('loadgate.run').then(
  () => true,
  () => false,
)
if (!dockerAnswers) console.warn('environment-containers-faults: no Docker engine answers; skipped (LOADGATE_REQUIRE_DOCKER=1 makes it a failure)')
const needsDocker = describe.skipIf(!dockerAnswers && process.env.LOADGATE_REQUIRE_DOCKER !== '1')
afterAll(() => engine.close())

let environment: StartedEnvironment
let faults: FaultControls
let api: ApiClient
let resultsDir: string

/** The run's label, read from one of its containers (every container and the network carry it). */
async function runLabelOf(pid: number): Promise<string | undefined> {
  const [first] = await engine.listContainers(`loadgate.owner-pid=${pid}`)
  return first?.labels['loadgate.run']
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
  let runId: string | undefined

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
    const startedAt = performance.now()
    await faults.restart('api')
    console.log(`restart(api): ${((performance.now() - startedAt) / 1000).toFixed(1)} s`)

    expect(environment.baseUrl).toBe(before)
    expect((await fetch(`${before}/health/ready`)).status).toBe(200)
  }, 120_000)

  it('keeps the data of postgres across restart(postgres): a registered user still logs in', async () => {
    const user = await api.register()
    const startedAt = performance.now()
    await faults.restart('postgres')
    console.log(`restart(postgres): ${((performance.now() - startedAt) / 1000).toFixed(1)} s`)

    expect(await becomesReady()).toBeGreaterThanOrEqual(0)
    const login = await api.call('POST', '/api/v1/auth/login', { json: { username: user.username, password: user.password } })
    expect(login.status).toBe(200)
  }, 120_000)

  it('after kill(redis) and start(redis), /health/ready is 200 again within 15 s', async () => {
    await faults.kill('redis')
    const down = performance.now()
    // Give the API the chance to notice the outage.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    await faults.start('redis')
    const back = await becomesReady(15_000)
    console.log(`kill(redis)+start(redis): redis back after ${((performance.now() - down - back) / 1000).toFixed(1)} s, API ready ${(back / 1000).toFixed(1)} s later`)
    expect(back).toBeGreaterThanOrEqual(0)
  }, 120_000)

  it('stop on a stopped service and start on a running one are no-ops', async () => {
    await faults.start('worker')
    await faults.stop('worker')
    await faults.stop('worker')
    await Promise.all([faults.start('worker'), faults.start('worker')])
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
