/**
 * Against a real local environment: validation finds every health endpoint and
 * the WebSocket endpoint answering, the `external` kind reaches the same API,
 * and `apiConfig` names stores reachable from this machine.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import {
  formatValidationReport,
  type StartedEnvironment,
  startEnvironment,
  validateEnvironment,
} from '../../src/env/index.ts'

let env: StartedEnvironment
let resultsDir: string

beforeAll(async () => {
  resultsDir = await mkdtemp(join(tmpdir(), 'loadgate-env-test-'))
  env = await startEnvironment({ kind: 'local', resultsDir, apiEnv: { API_SLOW_ENDPOINTS: 'GET /api/v1/health=1' } })
})

afterAll(async () => {
  await env?.stop()
  await rm(resultsDir, { recursive: true, force: true })
})

describe('a started local environment', () => {
  it('passes validation: three health endpoints and the WebSocket endpoint answer', async () => {
    const report = await validateEnvironment(env)

    expect(report.checks.map((check) => [check.name, check.ok])).toEqual([
      ['GET /health/live', true],
      ['GET /health/ready', true],
      ['GET /api/v1/health', true],
      ['WS connect /api/v1/ws', true],
    ])
    expect(report.ok).toBe(true)
    const text = formatValidationReport(report)
    expect(text).toContain(`Validating local environment at ${env.baseUrl}`)
    expect(text).toMatch(/✓ GET \/health\/ready +200/)
    expect(text).toContain('✓ API is accessible: all 4 checks passed')
  })

  it('describes itself: loopback base URL, four services, the API config, logs per service', async () => {
    expect(env.kind).toBe('local')
    expect(env.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(env.services.map((service) => service.name)).toEqual(['api', 'postgres', 'redis', 's3rver'])
    expect(env.apiConfig.DATABASE_URL).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/)
    expect(env.apiConfig.REDIS_URL).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/)
    expect(env.apiConfig.S3_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(env.apiConfig.JWT_SECRET?.length).toBeGreaterThanOrEqual(32)
    expect(env.logsDir).toBe(join(resultsDir, 'logs'))
    // Each store and the API has logged its start; the worker's log exists from its spawn on.
    for (const service of ['postgres', 'redis', 's3rver', 'api']) {
      expect((await stat(join(env.logsDir, `${service}.log`))).size).toBeGreaterThan(0)
    }
    expect((await stat(join(env.logsDir, 'worker.log'))).isFile()).toBe(true)
  })

  it('is reachable as an external environment at the same URL', async () => {
    const external = await startEnvironment({ kind: 'external', resultsDir, baseUrl: `${env.baseUrl}/` })

    expect(external.baseUrl).toBe(env.baseUrl)
    expect(external.apiConfig).toEqual({})
    await external.stop()
    expect((await fetch(`${env.baseUrl}/health/live`)).status).toBe(200)
  })

  it('regression: a second environment logging into the same results dir finds its own API, not the first one', async () => {
    const second = await startEnvironment({ kind: 'local', resultsDir })
    onTestFinished(() => second.stop())

    expect(second.logsDir).toBe(env.logsDir)
    expect(second.baseUrl).not.toBe(env.baseUrl)
    const ready = await fetch(`${second.baseUrl}/api/v1/health`)
    expect(ready.status).toBe(200)
    await second.stop()
    expect((await fetch(`${env.baseUrl}/health/ready`)).status).toBe(200)
  })
})
