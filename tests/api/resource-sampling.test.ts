/**
 * The resource sampler against real processes and containers: a process tree
 * burning half a core reads as half a core, 200 MB touched reads as 200 MB, a
 * local environment yields every service, the API's and the worker's /metrics
 * feed the external sampler, and a container capped at half a CPU reads so.
 *
 * The container test needs a Docker engine. Without one it is skipped, unless
 * LOADGATE_REQUIRE_DOCKER=1 (as .ci/run sets), which makes a missing engine a failure.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { dockerEngine } from '../../src/env/containers/docker-engine.ts'
import { findFreePort } from '../../src/env/free-port.ts'
import { type StartedEnvironment, startEnvironment } from '../../src/env/index.ts'
import { type ResourceSample, type ResourceSeries, startResourceSampling } from '../../src/env/resources/index.ts'
import { unlabelledSamples } from '../../src/env/resources/prometheus-text.ts'
import { cgroupCpuSeconds, startBusyContainer } from '../support/busy-container.ts'

const engine = dockerEngine()
const dockerAnswers = await engine.listContainers('loadgate.run').then(
  () => true,
  () => false,
)
afterAll(() => engine.close())

/** Keeps its own CPU time at half its wall time, so a busy machine delays it but does not make it use less. */
const halfCoreBurner = `
const start = performance.now()
const pause = new Int32Array(new SharedArrayBuffer(4))
for (;;) {
  const used = process.cpuUsage()
  if ((used.user + used.system) / 1000 < (performance.now() - start) * 0.5) for (const until = performance.now() + 5; performance.now() < until; );
  else Atomics.wait(pause, 0, 0, 5)
}`

const twoHundredMegabytes = `
const before = process.memoryUsage.rss()
const block = Buffer.allocUnsafeSlow(200 * 1024 * 1024).fill(1)
process.stdout.write(JSON.stringify({ before, after: process.memoryUsage.rss(), kept: block.length }) + '\\n')
setInterval(() => {}, 1000)`

/** Node under `sh`, so what is sampled is a tree: the shell leads and the work happens in its child. */
function spawnTree(program: string) {
  const child = spawn('sh', ['-c', `"${process.execPath}" -e "$PROGRAM"; true`], { env: { ...process.env, PROGRAM: program }, detached: true, stdio: ['ignore', 'pipe', 'inherit'] })
  return child
}

function killTree(pid: number | undefined): void {
  try {
    process.kill(-(pid ?? 0), 'SIGKILL')
  } catch {
    // Already gone.
  }
}

const environmentOf = (fields: Partial<StartedEnvironment> & Pick<StartedEnvironment, 'kind'>): StartedEnvironment => ({
  baseUrl: '',
  description: '',
  services: [],
  apiConfig: {},
  processes: [],
  logsDir: '',
  stop: async () => {},
  ...fields,
})

async function sampleFor(environment: StartedEnvironment, durationMs: number, intervalMs = 1000, env: NodeJS.ProcessEnv = {}): Promise<ResourceSeries> {
  const sampling = startResourceSampling(environment, intervalMs, env)
  await new Promise((resolve) => setTimeout(resolve, durationMs))
  return sampling.stop()
}

const mean = (samples: ResourceSample[], pick: (sample: ResourceSample) => number) => samples.reduce((total, sample) => total + pick(sample), 0) / samples.length

describe('local processes', () => {
  it('reads a tree burning half a core as 40-60% of a core', async () => {
    const child = spawnTree(halfCoreBurner)
    onTestFinished(() => killTree(child.pid))
    await new Promise((resolve) => setTimeout(resolve, 500))
    const series = await sampleFor(environmentOf({ kind: 'local', processes: [{ name: 'worker', pid: child.pid ?? 0 }] }), 4_300)
    const samples = series.services.worker
    console.log('half a core, sampled:', samples.map((sample) => sample.cpuPercentOfCore.toFixed(1)).join(' '))
    expect(samples.length).toBeGreaterThanOrEqual(3)
    expect(mean(samples, (sample) => sample.cpuPercentOfCore)).toBeGreaterThan(40)
    expect(mean(samples, (sample) => sample.cpuPercentOfCore)).toBeLessThan(60)
  })

  it('reads 200 MB touched as 200 MB more resident memory, within 10%', async () => {
    const child = spawnTree(twoHundredMegabytes)
    onTestFinished(() => killTree(child.pid))
    const [line] = (await child.stdout.take(1).toArray()) as Buffer[]
    const reported = JSON.parse(String(line)) as { before: number; after: number }
    const series = await sampleFor(environmentOf({ kind: 'local', processes: [{ name: 'api', pid: child.pid ?? 0 }] }), 1_200, 500)
    const sampled = mean(series.services.api, (sample) => sample.rssBytes)
    console.log(`200 MB: the child says ${(reported.after / 2 ** 20).toFixed(0)} MiB, sampled ${(sampled / 2 ** 20).toFixed(0)} MiB (the shell included)`)
    expect(Math.abs(sampled - reported.after) / reported.after).toBeLessThan(0.1)
    expect(Math.abs(sampled - reported.before - 200 * 2 ** 20) / (200 * 2 ** 20)).toBeLessThan(0.1)
  })
})

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
    for (const deadline = performance.now() + 3_200; performance.now() < deadline; ) await (await fetch(`${environment.baseUrl}/health/ready`)).arrayBuffer()
    const series = sampling.stop()
    for (const service of ['api', 'worker', 'postgres', 'redis', 'store'] as const) {
      expect(series.services[service].length, service).toBeGreaterThanOrEqual(2)
      for (const sample of series.services[service]) expect(sample.rssBytes, service).toBeGreaterThan(0)
    }
    expect(mean(series.services.api, (sample) => sample.cpuPercentOfCore)).toBeGreaterThan(0)
    expect(series.loopback?.every((sample) => sample.rxBytes > 0)).toBe(true)
    expect(series.problems).toEqual([])
  })

  it('serves the API\'s /metrics without a token, which the external sampler reads with the worker\'s', async () => {
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

describe.skipIf(!dockerAnswers && process.env.LOADGATE_REQUIRE_DOCKER !== '1')('containers (needs a Docker engine)', () => {
  it('reads a container spinning under a 0.5 CPU quota as what its cgroup used, 40-60% of a core on an idle machine', async () => {
    const container = await startBusyContainer('loadgate/node:24-slim', 0.5)
    onTestFinished(() => container.remove())
    const environment = environmentOf({ kind: 'containers', containers: [{ service: 'worker', id: container.id }] })
    const before = { atMs: performance.now(), cpuSec: cgroupCpuSeconds(container.id) }
    // Stopped just after the fourth reading, so the sampled window and the cgroup's nearly coincide.
    const series = await sampleFor(environment, 4_100)
    const truePercent = ((cgroupCpuSeconds(container.id) ?? 0) - (before.cpuSec ?? 0)) / (performance.now() - before.atMs) * 100_000
    const samples = series.services.worker
    const sampled = samples.reduce((total, sample) => total + sample.cpuPercentOfCore * sample.intervalSec, 0) / samples.reduce((total, sample) => total + sample.intervalSec, 0)
    console.log(`0.5 CPU quota: sampled ${samples.map((sample) => sample.cpuPercentOfCore.toFixed(1)).join(' ')}, ${sampled.toFixed(1)}% overall; its cgroup says ${before.cpuSec === undefined ? 'nothing (not on this host)' : `${truePercent.toFixed(1)}%`}`)
    expect(series.problems).toEqual([])
    expect(samples.length).toBeGreaterThanOrEqual(3)
    expect(sampled).toBeLessThan(60)
    // The quota is a ceiling: a busy machine gives the container less, and the sampler must say how much less.
    if (before.cpuSec !== undefined) expect(Math.abs(sampled - truePercent)).toBeLessThan(10)
    if (before.cpuSec === undefined || truePercent > 45) expect(sampled).toBeGreaterThan(40)
    expect(samples.every((sample) => sample.rssBytes > 0 && sample.memoryLimitBytes !== undefined)).toBe(true)
  })
})
