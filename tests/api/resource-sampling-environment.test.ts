/**
 * The resource sampler on a started local environment: every service is
 * sampled, and the API's and the worker's /metrics (the worker's on
 * WORKER_METRICS_PORT) answer in the Prometheus text format, which the
 * external sampler reads. Under `containers`, every service's container is
 * sampled: that part needs a Docker engine and is skipped without one, unless
 * LOADGATE_REQUIRE_DOCKER=1 (as .ci/run sets), which makes a missing engine a failure.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { ensureFixtures } from '../../scripts/fixtures.ts'
import { findFreePort } from '../../src/env/free-port.ts'
import { type StartedEnvironment, serviceNames, startEnvironment } from '../../src/env/index.ts'
import { startResourceSampling } from '../../src/env/resources/index.ts'
import { unlabelledSamples } from '../../src/env/resources/prometheus-text.ts'
import { describeNeedingDocker } from '../support/docker-required.ts'
import { environmentOf, sampleFor } from '../support/resource-sampling.ts'

const needsDocker = await describeNeedingDocker('resource-sampling-environment')

describe('a started local environment', () => {
  let environment: StartedEnvironment
  let resultsDir: string
  let workerMetricsPort: number

  beforeAll(async () => {
    resultsDir = await mkdtemp(join(tmpdir(), 'loadgate-resources-'))
    workerMetricsPort = await findFreePort()
    environment = await startEnvironment({ kind: 'local', resultsDir, apiEnv: { WORKER_METRICS_PORT: String(workerMetricsPort) } })
  }, 120_000)
  afterAll(async () => {
    await environment?.stop()
    await rm(resultsDir, { recursive: true, force: true })
  })

  it('yields samples for all five services, with their memory, and the loopback traffic', async () => {
    const sampling = startResourceSampling(environment)
    onTestFinished(() => void sampling.stop())
    // Readiness touches Postgres, Redis and the store.
    for (const deadline = performance.now() + 3_200; performance.now() < deadline; ) await (await fetch(`${environment.baseUrl}/health/ready`)).arrayBuffer()
    const series = sampling.stop()
    for (const service of serviceNames) {
      expect(series.services[service].length, service).toBeGreaterThanOrEqual(2)
      for (const sample of series.services[service]) expect(sample.rssBytes, service).toBeGreaterThan(0)
    }
    const apiCpu = series.services.api.map((sample) => sample.cpuPercentOfCore)
    expect(Math.max(...apiCpu)).toBeGreaterThan(0)
    expect(series.loopback?.every((sample) => sample.rxBytes > 0)).toBe(true)
    expect(series.problems).toEqual([])
  })

  it("serves the API's /metrics without a token, which the external sampler reads with the worker's", async () => {
    const response = await fetch(`${environment.baseUrl}/metrics`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(unlabelledSamples(await response.text()).get('process_cpu_seconds_total')).toBeGreaterThan(0)

    const targets = `api=${environment.baseUrl}/metrics,worker=http://127.0.0.1:${workerMetricsPort}/metrics`
    const series = await sampleFor(environmentOf({ kind: 'external' }), 2_300, 1000, { LOAD_TARGET_METRICS: targets })
    expect(series.problems).toEqual([])
    for (const service of ['api', 'worker'] as const) {
      expect(series.services[service].length, service).toBeGreaterThanOrEqual(2)
      for (const sample of series.services[service]) expect(sample.rssBytes).toBeGreaterThan(10 * 2 ** 20)
    }
    expect(series.services.postgres).toEqual([])
  })
})

needsDocker('a started containers environment (needs a Docker engine)', () => {
  let environment: StartedEnvironment
  let resultsDir: string

  beforeAll(async () => {
    ensureFixtures()
    resultsDir = await mkdtemp(join(tmpdir(), 'loadgate-resources-'))
    environment = await startEnvironment({ kind: 'containers', resultsDir })
  }, 600_000)
  afterAll(async () => {
    await environment?.stop()
    await rm(resultsDir, { recursive: true, force: true })
  })

  it('yields samples for every container, with memory against a limit and network traffic', async () => {
    const sampling = startResourceSampling(environment)
    onTestFinished(() => void sampling.stop())
    for (const deadline = performance.now() + 3_200; performance.now() < deadline; ) await (await fetch(`${environment.baseUrl}/health/ready`)).arrayBuffer()
    const series = sampling.stop()
    expect(series.problems).toEqual([])
    for (const service of serviceNames) {
      expect(series.services[service].length, service).toBeGreaterThanOrEqual(2)
      for (const sample of series.services[service]) expect(sample.rssBytes, service).toBeGreaterThan(0)
    }
    expect(series.services.api.some((sample) => (sample.netRxBytes ?? 0) > 0)).toBe(true)
    expect(series.services.api.every((sample) => (sample.memoryLimitBytes ?? 0) > 0)).toBe(true)
  })
})
