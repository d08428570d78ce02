/**
 * The resource sampler against real process trees and a real container: half
 * a core reads as half a core, 200 MB touched reads as 200 MB, children born
 * and gone between two readings count once, and a container capped at half a
 * CPU reads so, with that limit, against which its CPU budget judges it. CPU is checked against what the kernel says the target used
 * over the same window (a shared machine may give it less than it asks for),
 * and against 40-60% whenever it did get its half core.
 *
 * The container test needs a Docker engine. Without one it is skipped, unless
 * LOADGATE_REQUIRE_DOCKER=1 (as .ci/run sets), which makes a missing engine a failure.
 */
import { spawn } from 'node:child_process'
import { describe, expect, it, onTestFinished } from 'vitest'
import { descendantsOf } from '../../src/env/process/process-tree.ts'
import { clockTicksPerSec, readProcessCounters } from '../../src/env/resources/proc-counters.ts'
import { evaluateResources } from '../../src/engine/verdicts/resource-budget.ts'
import { figuresOf } from '../../src/engine/stats/resource-figures.ts'
import { cgroupCpuSeconds, startBusyContainer } from '../support/busy-container.ts'
import { describeNeedingDocker } from '../support/docker-required.ts'
import { type CpuComparison, compareCpu, environmentOf, sampleFor } from '../support/resource-sampling.ts'
import { resources } from '../support/resource-series.ts'

const needsDocker = await describeNeedingDocker('resource-sampling')

/** Keeps its own CPU time at half its wall time, so a busy machine delays it but does not make it ask for less. */
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

/** `script` under `sh` in a process group of its own, so what is sampled is a tree and all of it is killed after. */
function spawnTree(script: string, program: string) {
  const child = spawn('sh', ['-c', script], { env: { ...process.env, NODE: process.execPath, PROGRAM: program }, detached: true, stdio: ['ignore', 'pipe', 'inherit'] })
  onTestFinished(() => {
    try {
      process.kill(-(child.pid ?? 0), 'SIGKILL')
    } catch {
      // Already gone.
    }
  })
  return child
}

/** CPU seconds of `pid`, its live descendants and every child they reaped. */
function treeCpuSeconds(pid: number): number {
  const ticks = [pid, ...descendantsOf(pid)].map(readProcessCounters).reduce((total, counters) => total + (counters ? counters.cpuTicks + counters.reapedTicks : 0), 0)
  return ticks / clockTicksPerSec()
}

function expectTruthful({ samples, sampledPercent, truePercent }: CpuComparison, quotaPercent: number): void {
  expect(samples.length).toBeGreaterThanOrEqual(3)
  expect(samples.every((sample) => sample.cpuPercentOfCore >= 0)).toBe(true)
  expect(sampledPercent).toBeLessThan(quotaPercent + 10)
  if (truePercent !== undefined) expect(Math.abs(sampledPercent - truePercent)).toBeLessThan(10)
  if (truePercent === undefined || truePercent > quotaPercent - 5) expect(sampledPercent).toBeGreaterThan(quotaPercent - 10)
}

describe('local process trees', () => {
  it('reads a tree burning half a core as what it used, 40-60% of a core when it got it', async () => {
    const child = spawnTree('"$NODE" -e "$PROGRAM"; true', halfCoreBurner)
    await new Promise((resolve) => setTimeout(resolve, 500))
    const pid = child.pid ?? 0
    expectTruthful(await compareCpu(environmentOf({ kind: 'local', processes: [{ name: 'worker', pid }] }), 'worker', () => treeCpuSeconds(pid)), 50)
  })

  it('counts children born and gone between two readings, once, from what their parent reaped', async () => {
    const child = spawnTree('while :; do "$NODE" -e "$PROGRAM"; done', 'for (const t = performance.now(); performance.now() - t < 150; );')
    const pid = child.pid ?? 0
    const comparison = await compareCpu(environmentOf({ kind: 'local', processes: [{ name: 'worker', pid }] }), 'worker', () => treeCpuSeconds(pid))
    expectTruthful(comparison, 100)
    expect(comparison.truePercent).toBeGreaterThan(20)
  })

  it('reads 200 MB touched as 200 MB more resident memory, within 10%', async () => {
    const child = spawnTree('"$NODE" -e "$PROGRAM"; true', twoHundredMegabytes)
    const [line] = (await child.stdout.take(1).toArray()) as Buffer[]
    const reported = JSON.parse(String(line)) as { before: number; after: number }
    const series = await sampleFor(environmentOf({ kind: 'local', processes: [{ name: 'api', pid: child.pid ?? 0 }] }), 1_200, 500)
    const samples = series.services.api
    const sampled = samples.reduce((total, sample) => total + sample.rssBytes, 0) / samples.length
    console.log(`200 MB: the child says ${(reported.after / 2 ** 20).toFixed(0)} MiB, sampled ${(sampled / 2 ** 20).toFixed(0)} MiB (the shell included)`)
    expect(Math.abs(sampled - reported.after) / reported.after).toBeLessThan(0.1)
    expect(Math.abs(sampled - reported.before - 200 * 2 ** 20) / (200 * 2 ** 20)).toBeLessThan(0.1)
  })
})

needsDocker('containers (needs a Docker engine)', () => {
  it('reads a container spinning under a 0.5 CPU quota as what its cgroup used, 40-60% of a core when it got it, and judges it against that limit', async () => {
    const container = await startBusyContainer('loadgate/node:24-slim', 0.5)
    onTestFinished(() => container.remove())
    const environment = environmentOf({ kind: 'containers', containers: [{ service: 'worker', id: container.id }] })
    const comparison = await compareCpu(environment, 'worker', () => cgroupCpuSeconds(container.id))
    expectTruthful(comparison, 50)
    expect(comparison.samples.every((sample) => sample.rssBytes > 0 && sample.memoryLimitBytes !== undefined && sample.cpuLimitCores === 0.5)).toBe(true)
    // Its CPU as a percent of its half CPU: twice the percent of one core, near 100% when it got its quota.
    const figures = figuresOf('worker', comparison.samples)
    console.log(`CPU mean ${figures.cpuMeanPercent.toFixed(1)}% of its 0.5 CPU limit (${comparison.sampledPercent.toFixed(1)}% of a core)`)
    expect(figures).toMatchObject({ cpuOf: 'limit', cpuLimitCores: 0.5 })
    expect(figures.cpuMeanPercent).toBeCloseTo(comparison.sampledPercent * 2, 6)
    const [verdict] = evaluateResources({ ...resources({ worker: comparison.samples }), kind: 'containers' }, { services: { cpuMean: { failAt: 60 } } })
    expect(verdict).toMatchObject({ endpoint: 'worker', metric: 'cpuMean', scope: 'its CPU limit of 0.5 CPU', passed: figures.cpuMeanPercent <= 60 })
  })
})
