/**
 * Fault controls of the local environment: a test kills, stops, starts and
 * restarts a service through `environment.faults`, and the environment heals
 * as a real deployment would: same ports, same data, queued work picked up,
 * no false "exited unexpectedly", and nothing left behind after stop().
 * One environment for the file; the tests run in order and each leaves every
 * service running.
 */
import { mkdtempSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ensureFixtures, fixturesDir } from '../../scripts/fixtures.ts'
import { type FaultControls, type ServiceName, type StartedEnvironment, startEnvironment } from '../../src/env/index.ts'
import { type ApiClient, apiClient } from '../support/api-client.ts'

const work = mkdtempSync(join(tmpdir(), 'loadgate-faults-'))
/** The name each service has in `services` and `processes`. */
const processNames: Record<ServiceName, string> = { api: 'api', worker: 'worker', postgres: 'postgres', redis: 'redis', store: 's3rver' }
/** Every PID the environment ever had, so the last test can check all of them are gone. */
const seenPids = new Set<number>()

let environment: StartedEnvironment
let faults: FaultControls
let api: ApiClient

beforeAll(async () => {
  ensureFixtures()
  environment = await startEnvironment({ kind: 'local', resultsDir: work })
  faults = environment.faults as FaultControls
  api = apiClient(environment.baseUrl)
  rememberPids()
})
afterAll(() => environment?.stop())

function rememberPids(): void {
  for (const { pid } of environment.processes) seenPids.add(pid)
}

function pidOf(service: ServiceName): number | undefined {
  return environment.processes.find((process) => process.name === processNames[service])?.pid
}

function addressOf(service: ServiceName): string | undefined {
  return environment.services.find((entry) => entry.name === processNames[service])?.address
}

function portOf(service: ServiceName): number {
  return Number(addressOf(service)?.split(':').at(-1))
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** /health/ready answers 200 within `timeoutMs`: the API has reconnected to whatever was restarted. */
async function becomesReady(timeoutMs = 20_000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    const status = await api.call('GET', '/health/ready').then((response) => response.status, () => 0)
    if (status === 200) return true
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return false
}

interface Task {
  status: string
}

async function taskStatus(token: string, id: string): Promise<string> {
  return (await api.call('GET', `/api/v1/tasks/${id}`, { token })).json<Task>().status
}

async function taskEnds(token: string, id: string, timeoutMs = 30_000): Promise<string> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const status = await taskStatus(token, id)
    if (!['queued', 'running'].includes(status) || performance.now() > deadline) return status
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

describe('fault controls of the local environment', () => {
  it.each(['postgres', 'redis', 'store', 'worker', 'api'] as const)('restart(%s) keeps its port and gets a new PID', async (service) => {
    const before = { pid: pidOf(service), address: addressOf(service) }

    await faults.restart(service)
    rememberPids()

    expect(pidOf(service)).not.toBe(before.pid)
    expect(addressOf(service)).toBe(before.address)
    expect(await isListening(service === 'worker' ? portOf('api') : portOf(service))).toBe(true)
    expect(await becomesReady()).toBe(true)
  })

  it.each(['restart', 'kill and start'])('keeps the data of postgres across a %s: a registered user still logs in', async (how) => {
    const user = await api.register()

    if (how === 'restart') await faults.restart('postgres')
    else await faults.kill('postgres').then(() => faults.start('postgres'))
    rememberPids()

    expect(await becomesReady()).toBe(true)
    const login = await api.call('POST', '/api/v1/auth/login', { json: { username: user.username, password: user.password } })
    expect(login.status).toBe(200)
  })

  it('after kill(api) the base URL refuses connections; after start(api) it is ready again at the same URL', async () => {
    await faults.kill('api')

    await expect(fetch(`${environment.baseUrl}/health/live`)).rejects.toThrow()
    expect(await isListening(portOf('api'))).toBe(false)

    await faults.start('api')
    rememberPids()
    expect((await fetch(`${environment.baseUrl}/health/ready`)).status).toBe(200)
  })

  it('a killed worker, started again, picks up the task queued meanwhile', async () => {
    const { token } = await api.register()
    const video = join(fixturesDir, 'test_video_2s.mp4')
    const ids = await Promise.all([0, 1].map(async () => (await api.upload(token, video, 'video/mp4')).json<{ id: string }>().id))
    await faults.kill('worker')

    const submitted = await api.call('POST', '/api/v1/tasks/join', { token, json: { fileIds: ids } })
    expect(submitted.status).toBe(202)
    const id = submitted.json<{ id: string }>().id
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(await taskStatus(token, id)).toBe('queued')

    await faults.start('worker')
    rememberPids()
    expect(await taskEnds(token, id)).toBe('completed')
  })

  it('start on a running service and stop on a stopped one are no-ops', async () => {
    const pid = pidOf('redis')
    await faults.start('redis')
    expect(pidOf('redis')).toBe(pid)

    await faults.stop('redis')
    await faults.stop('redis')
    expect(await isListening(portOf('redis'))).toBe(false)
    await Promise.all([faults.start('redis'), faults.start('redis')])
    rememberPids()
    expect(await isListening(portOf('redis'))).toBe(true)
    expect(await becomesReady()).toBe(true)
  })

  it('reports an exit it did not cause, and none it caused', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const reports = () => errors.mock.calls.filter(([message]) => String(message).includes('exited unexpectedly'))
    try {
      for (const service of ['postgres', 'redis', 'store', 'worker', 'api'] as const) await faults.stop(service)
      for (const service of ['postgres', 'redis', 'store', 'worker', 'api'] as const) await faults.start(service)
      await faults.kill('worker')
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(reports()).toEqual([])

      // A crash from outside the controls is still reported, and start() heals it.
      await faults.start('worker')
      process.kill(-(pidOf('worker') ?? 0), 'SIGKILL')
      await vi.waitFor(() => expect(reports()).toHaveLength(1))
      expect(String(reports()[0]?.[0])).toMatch(/^worker \(pid \d+\) exited unexpectedly \(SIGKILL\)/)
    } finally {
      errors.mockRestore()
    }
    await faults.start('worker')
    rememberPids()
    expect(await becomesReady()).toBe(true)
  })

  it('stop() after restarts leaves no process behind', async () => {
    rememberPids()
    expect(seenPids.size).toBeGreaterThan(environment.processes.length)

    await environment.stop()

    expect([...seenPids].filter(isRunning)).toEqual([])
    await expect(faults.start('api')).rejects.toMatchObject({ code: 'ERR_ENV_STOPPED' })
  })
})
