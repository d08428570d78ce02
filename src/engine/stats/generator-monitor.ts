/**
 * Watches the load generator itself: CPU of this process and event-loop
 * delay. Past these limits the generator, not the server, sets the numbers
 * (Locust warns at 90% CPU).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { GeneratorHealth } from '../result.ts'

export const SATURATED_CPU_PERCENT = 90
export const SATURATED_LOOP_DELAY_MS = 200
const SAMPLE_MS = 1000

export interface GeneratorMonitor {
  /** The figures so far, from the whole seconds sampled; the monitor goes on. */
  read(): GeneratorHealth
  stop(): GeneratorHealth
}

export function startGeneratorMonitor(): GeneratorMonitor {
  const loopDelay = monitorEventLoopDelay({ resolution: 10 })
  loopDelay.enable()
  const samples: number[] = []
  let lastCpu = process.cpuUsage()
  let lastAt = performance.now()
  const sample = (): void => {
    const now = performance.now()
    const cpu = process.cpuUsage(lastCpu)
    const elapsedUs = (now - lastAt) * 1000
    if (elapsedUs > 0) samples.push(((cpu.user + cpu.system) / elapsedUs) * 100)
    lastCpu = process.cpuUsage()
    lastAt = now
  }
  const timer = setInterval(sample, SAMPLE_MS)
  timer.unref()

  const read = (): GeneratorHealth => {
    const cpuPercentMean = samples.length === 0 ? 0 : samples.reduce((a, b) => a + b, 0) / samples.length
    const cpuPercentMax = samples.length === 0 ? 0 : Math.max(...samples)
    const eventLoopDelayP99Ms = loopDelay.count === 0 ? 0 : loopDelay.percentile(99) / 1e6
    const eventLoopDelayMaxMs = loopDelay.count === 0 ? 0 : loopDelay.max / 1e6
    const warnings: string[] = []
    if (cpuPercentMean >= SATURATED_CPU_PERCENT) {
      warnings.push(`generator CPU averaged ${cpuPercentMean.toFixed(0)}% of a core (limit ${SATURATED_CPU_PERCENT}%)`)
    }
    if (eventLoopDelayP99Ms >= SATURATED_LOOP_DELAY_MS) {
      warnings.push(`generator event-loop delay p99 was ${eventLoopDelayP99Ms.toFixed(0)} ms (limit ${SATURATED_LOOP_DELAY_MS} ms)`)
    }
    return { cpuPercentMean, cpuPercentMax, eventLoopDelayP99Ms, eventLoopDelayMaxMs, saturated: warnings.length > 0, warnings }
  }

  return {
    read,
    stop(): GeneratorHealth {
      clearInterval(timer)
      sample()
      const health = read()
      loopDelay.disable()
      return health
    },
  }
}
