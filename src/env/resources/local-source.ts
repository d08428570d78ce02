/**
 * `local`: each service is its process and every descendant (Postgres
 * backends, the worker's ffmpeg), summed, from /proc. CPU and disk are the
 * growth of each PID's counters since the previous reading, so a process that
 * exits between readings only takes its last partial interval with it, and a
 * process born during the interval counts whole.
 */
import { availableParallelism, totalmem } from 'node:os'
import { descendantsOf, readProcessTree } from '../process/process-tree.ts'
import type { ServiceName } from '../types.ts'
import { clockTicksPerSec, type ProcessCounters, readLoopbackBytes, readProcessCounters } from './proc-counters.ts'
import type { ResourceSample, ResourceSource, SourceReading } from './types.ts'

/** The local environment's process names; its S3 store is s3rver. */
const serviceOfProcess: Record<string, ServiceName> = { api: 'api', worker: 'worker', postgres: 'postgres', redis: 'redis', s3rver: 'store' }

const none: ProcessCounters = { startTicks: 0, cpuTicks: 0, rssBytes: 0, readBytes: 0, writeBytes: 0 }

interface Totals {
  cpuTicks: number
  rssBytes: number
  readBytes: number
  writeBytes: number
}

/** `processes` is called at each reading: a service restarted through the fault controls has a new PID. */
export function localSource(processes: () => { name: string; pid: number }[]): ResourceSource {
  let previous: Map<number, ProcessCounters> | undefined
  let previousAtMs = 0
  let previousLoopback = readLoopbackBytes()
  const machine = { cores: availableParallelism(), memoryBytes: machineMemoryBytes() }

  return {
    async read() {
      const atMs = performance.now()
      const timestampSec = Date.now() / 1000
      const current = new Map<number, ProcessCounters>()
      const totals = serviceTotals(processes(), previous ?? new Map(), current)
      const loopback = readLoopbackBytes()
      const intervalSec = (atMs - previousAtMs) / 1000
      const reading: SourceReading = { services: {}, problems: [] }
      if (previous !== undefined) {
        for (const [service, total] of totals) reading.services[service] = toSample(total, { timestampSec, intervalSec, ...machine })
        for (const [name, service] of Object.entries(serviceOfProcess)) if (!totals.has(service)) reading.problems.push(`${name}: no running process`)
        reading.loopback = { timestampSec, intervalSec, rxBytes: loopback.rxBytes - previousLoopback.rxBytes, txBytes: loopback.txBytes - previousLoopback.txBytes }
      }
      previous = current
      previousAtMs = atMs
      previousLoopback = loopback
      return reading
    },
    async close() {},
  }
}

/** Sums each service's tree; records every PID read in `current`. On the first reading the growth is meaningless and unused. */
function serviceTotals(roots: { name: string; pid: number }[], previous: Map<number, ProcessCounters>, current: Map<number, ProcessCounters>): Map<ServiceName, Totals> {
  const tree = readProcessTree()
  const totals = new Map<ServiceName, Totals>()
  for (const { name, pid } of roots) {
    const service = serviceOfProcess[name]
    if (service === undefined) continue
    for (const member of [pid, ...descendantsOf(pid, tree)]) {
      const counters = readProcessCounters(member)
      if (counters === undefined) continue
      current.set(member, counters)
      const seen = previous.get(member)
      // Unseen (or a reused PID): born since the previous reading, so all it used falls in the interval.
      const base = seen !== undefined && seen.startTicks === counters.startTicks ? seen : none
      const total = totals.get(service) ?? { cpuTicks: 0, rssBytes: 0, readBytes: 0, writeBytes: 0 }
      total.cpuTicks += counters.cpuTicks - base.cpuTicks
      total.rssBytes += counters.rssBytes
      total.readBytes += counters.readBytes - base.readBytes
      total.writeBytes += counters.writeBytes - base.writeBytes
      totals.set(service, total)
    }
  }
  return totals
}

function toSample(total: Totals, at: { timestampSec: number; intervalSec: number; cores: number; memoryBytes: number }): ResourceSample {
  const cpuPercentOfCore = (total.cpuTicks / clockTicksPerSec() / at.intervalSec) * 100
  return {
    timestampSec: at.timestampSec,
    intervalSec: at.intervalSec,
    cpuPercentOfCore,
    cpuPercentOfMachine: cpuPercentOfCore / at.cores,
    rssBytes: total.rssBytes,
    memoryLimitBytes: at.memoryBytes,
    diskReadBytes: total.readBytes,
    diskWriteBytes: total.writeBytes,
  }
}

/** The machine's memory, or this process's cgroup limit where that is lower (a CI container). */
function machineMemoryBytes(): number {
  const constrained = process.constrainedMemory()
  return constrained > 0 ? Math.min(constrained, totalmem()) : totalmem()
}
