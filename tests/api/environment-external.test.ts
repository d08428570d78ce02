/**
 * `LOAD_ENV` and the `external` environment: a bad kind is a clear error
 * naming the valid ones; an unreachable `LOAD_BASE_URL` fails within the probe's
 * timeout with a message naming the URL; validation of an unreachable API says
 * what failed.
 */
import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import {
  EnvironmentError,
  formatValidationReport,
  startEnvironment,
  validateEnvironment,
} from '../../src/env/index.ts'

afterEach(() => {
  vi.unstubAllEnvs()
})

/** A loopback port with nothing listening: the server that held it is closed. */
async function closedPort(): Promise<number> {
  const server = await listen(createServer())
  const port = portOf(server)
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** A server that accepts connections and never answers: only a timeout ends a request to it. */
async function silentServer(): Promise<number> {
  const sockets: Socket[] = []
  const server = await listen(createServer((socket) => sockets.push(socket)))
  onTestFinished(() => {
    for (const socket of sockets) socket.destroy()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return portOf(server)
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

function portOf(server: Server): number {
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  return address.port
}

async function startError(start: Promise<unknown>): Promise<EnvironmentError> {
  const error = await start.then(() => undefined, (reason: unknown) => reason)
  expect(error).toBeInstanceOf(EnvironmentError)
  return error as EnvironmentError
}

describe('LOAD_ENV', () => {
  it.each(['docker', 'LOCAL', 'extern'])('LOAD_ENV=%s is an error that lists the valid values', async (value) => {
    vi.stubEnv('LOAD_ENV', value)

    const error = await startError(startEnvironment({ resultsDir: 'unused' }))

    expect(error.code).toBe('ERR_ENV_UNKNOWN_KIND')
    expect(error.message).toBe(
      `LOAD_ENV=${JSON.stringify(value)} is not an environment; valid values: local, containers, external`,
    )
  })
})

describe('external environment', () => {
  it('an unreachable LOAD_BASE_URL fails with a message that names it', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`
    vi.stubEnv('LOAD_BASE_URL', url)

    const error = await startError(startEnvironment({ kind: 'external', resultsDir: 'unused' }))

    expect(error.code).toBe('ERR_ENV_UNREACHABLE')
    expect(error.message).toContain(`LOAD_BASE_URL=${url} is unreachable`)
    expect(error.message).toContain('ECONNREFUSED')
  })

  it('a LOAD_BASE_URL that never answers fails at the probe timeout, naming it', async () => {
    const url = `http://127.0.0.1:${await silentServer()}`

    const error = await startError(startEnvironment({ kind: 'external', resultsDir: 'unused', baseUrl: url }))

    expect(error.code).toBe('ERR_ENV_UNREACHABLE')
    expect(error.message).toContain(`LOAD_BASE_URL=${url} is unreachable: GET ${url}/health/live failed within 3000 ms`)
  })

  it.each([
    ['', 'ERR_ENV_BASE_URL_MISSING', 'LOAD_ENV=external needs LOAD_BASE_URL'],
    ['not a url', 'ERR_ENV_BASE_URL_INVALID', 'LOAD_BASE_URL=not a url is not a URL'],
    ['ftp://127.0.0.1/', 'ERR_ENV_BASE_URL_INVALID', 'must be an http:// or https:// URL'],
  ])('LOAD_BASE_URL=%j is refused (%s) before any request', async (value, code, message) => {
    vi.stubEnv('LOAD_BASE_URL', value)

    const error = await startError(startEnvironment({ kind: 'external', resultsDir: 'unused' }))

    expect(error.code).toBe(code)
    expect(error.message).toContain(message)
  })
})

describe('validateEnvironment', () => {
  it('reports every endpoint of an unreachable API as failed, with nothing answering', async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}`

    const report = await validateEnvironment({ kind: 'external', baseUrl, description: 'nothing listens here' })

    expect(report.ok).toBe(false)
    expect(report.checks.map((check) => [check.name, check.ok, check.status])).toEqual([
      ['GET /health/live', false, 0],
      ['GET /health/ready', false, 0],
      ['GET /api/v1/health', false, 0],
      ['WS connect /api/v1/ws', false, 0],
    ])
    const text = formatValidationReport(report)
    expect(text).toContain(`Validating external environment at ${baseUrl}`)
    expect(text).toMatch(/✗ GET \/health\/live +no answer/)
    expect(text).toContain('✗ API is not ready: 4 of 4 checks failed')
  })
})
