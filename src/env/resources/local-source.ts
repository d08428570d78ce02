/**
 * `local`: each service is its process and every descendant (Postgres
 * backends, the worker's ffmpeg), summed, from /proc. CPU and disk are the
 * growth of each PID's counters since the previous reading, so a process that
 * exits never makes a total go down. CPU also counts what members reaped
 * (cutime/cstime): a child born and gone between two readings (a short
 * ffprobe) is never seen, but its parent's reaped time has it; for a child that
 * was seen, the part already counted is taken off again. Disk has no such
 * counter: a child's last partial interval of disk I/O is lost.
 */
import { availableParallelism, totalmem } from 'node:os'
import { descendantsOf, type ProcessTree, readProcessTree } from '../process/process-tree.ts'
import type { ServiceName } from '../types.ts'
import { clockTicksPerSec, type ProcessCounters, readLoopbackBytes, readProcessCounters } from './proc-counters.ts'
import type { ResourceSample, ResourceSource, SourceReading } from './types.ts'

/** The local environment's process names; its S3 store is s3rver. */
const serviceOfProcess: Record<string, ServiceName> = { api: 'api', worker: 'worker', postgres: 'postgres', redis: 'redis', s3rver: 'store' }

interface Member extends ProcessCounters {
  service: ServiceName
}

interface Totals {
  cpuTicks: number
  rssBytes: number
  readBytes: number
  writeBytes: number
}

const none = { cpuTicks: 0, reapedTicks: 0, readBytes: 0, writeBytes: 0 }

/** `processes` is called at each reading: a service restarted through the fault controls has a new PID. */
export function localSource(processes: () => { name: string; pid: number }[]): ResourceSource {
  let previous: Map<number, Member> | undefined
  let previousAtMs = 0
  let previousLoopback = readLoopbackBytes()
  const machine = { cores: availableParallelism(), memoryBytes: machineMemoryBytes() }

  return {
    async read() {
      const atMs = performance.now()
      const timestampSec = Date.now() / 1000
      const tree = readProcessTree()
      const current = readMembers(processes(), tree)
      const loopback = readLoopbackBytes()
      const intervalSec = (atMs - previousAtMs) / 1000
      const reading: SourceReading = { services: {}, problems: [] }
      if (previous !== undefined) {
        for (const [service, total] of serviceTotals(previous, current, tree)) reading.services[service] = toSample(total, { timestampSec, intervalSec, ...machine })
        for (const [name, service] of Object.entries(serviceOfProcess)) if (!reading.services[service]) reading.problems.push(`${name}: no running process`)
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

/** Every process of every service's tree now, by PID. */
function readMembers(roots: { name: string; pid: number }[], tree: ProcessTree): Map<number, Member> {
  const members = new Map<number, Member>()
  for (const { name, pid } of roots) {
    const service = serviceOfProcess[name]
    if (service === undefined) continue
    for (const member of [pid, ...descendantsOf(pid, tree)]) {
      const counters = readProcessCounters(member)
      if (counters !== undefined) members.set(member, { ...counters, service })
    }
  }
  return members
}

function serviceTotals(previous: Map<number, Member>, current: Map<number, Member>, tree: ProcessTree): Map<ServiceName, Totals> {
  const totals = new Map<ServiceName, Totals>()
  for (const [pid, member] of current) {
    const seen = previous.get(pid)
    // Unseen (or a reused PID): born since the previous reading, so all it used falls in the interval.
    const base = seen !== undefined && seen.startTicks === member.startTicks ? seen : none
    const total = totals.get(member.service) ?? { cpuTicks: 0, rssBytes: 0, readBytes: 0, writeBytes: 0 }
    total.cpuTicks += member.cpuTicks + member.reapedTicks - base.cpuTicks - base.reapedTicks
    total.rssBytes += member.rssBytes
    total.readBytes += member.readBytes - base.readBytes
    total.writeBytes += member.writeBytes - base.writeBytes
    totals.set(member.service, total)
  }
  const alive = new Set([...tree.values()].flat())
  for (const [pid, gone] of previous) {
    if (current.get(pid)?.startTicks === gone.startTicks || alive.has(pid)) continue
    // Reaped by a member, whose reaped time now holds all of it: the part counted before comes off.
    const total = totals.get(gone.service)
    if (total !== undefined && reapedByMember(gone, previous, current)) total.cpuTicks -= gone.cpuTicks + gone.reapedTicks
  }
  // Defensive: a PID reused within one interval could still tip a total below zero.
  for (const total of totals.values()) total.cpuTicks = Math.max(0, total.cpuTicks)
  return totals
}

/** Up through ancestors that are gone too (each reaped by its own parent) to one that is still a member. */
function reapedByMember(gone: Member, previous: Map<number, Member>, current: Map<number, Member>): boolean {
  for (let parent = gone.ppid, hops = 0; hops < 64; hops += 1) {
    if (current.has(parent)) return true
    const next = previous.get(parent)
    if (next === undefined) return false
    parent = next.ppid
  }
  return false
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
