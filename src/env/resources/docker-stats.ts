/**
 * One container's sample from two one-shot readings of the Docker Engine's
 * stats endpoint, computed as `docker stats` computes it: CPU is the
 * container's CPU time over the host's, times the CPUs online (100 = one core);
 * memory is usage less the inactive page cache, which the kernel gives back on
 * demand. The stats carry no CPU quota: it comes from the container's
 * inspection (`cpuLimitCores`). Pure, so it is tested with recorded readings.
 */
import type { ResourceSample } from './types.ts'

/** The fields read from `GET /containers/{id}/stats?stream=false&one-shot=true` (cgroup v1 and v2). */
export interface ContainerStats {
  read: string
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number }
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> }
  blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null }
  networks?: Record<string, { rx_bytes: number; tx_bytes: number }>
}

/** The CPU fields of `GET /containers/{id}/json`'s HostConfig: `--cpus` sets NanoCpus, `--cpu-quota`/`--cpu-period` the other two. */
export interface ContainerCpuConfig {
  NanoCpus?: number
  CpuQuota?: number
  CpuPeriod?: number
}

/** The kernel's default CFS period (100 ms), which Docker leaves at 0 in HostConfig when only a quota is given. */
const DEFAULT_CPU_PERIOD_US = 100_000

/** The CPUs the container may use by its quota; undefined where none is set (0 or -1 mean none). */
export function cpuLimitCores(config: ContainerCpuConfig): number | undefined {
  if ((config.NanoCpus ?? 0) > 0) return (config.NanoCpus as number) / 1e9
  if ((config.CpuQuota ?? 0) > 0) return (config.CpuQuota as number) / ((config.CpuPeriod ?? 0) > 0 ? (config.CpuPeriod as number) : DEFAULT_CPU_PERIOD_US)
  return undefined
}

/** A stopped container answers with empty stats. */
export function isRunning(stats: ContainerStats): boolean {
  return stats.cpu_stats?.system_cpu_usage !== undefined && stats.memory_stats?.usage !== undefined
}

export function containerSample(before: ContainerStats, now: ContainerStats, cpuLimitCores?: number): ResourceSample {
  const cpus = now.cpu_stats?.online_cpus ?? now.cpu_stats?.cpu_usage?.percpu_usage?.length ?? 1
  const cpuDelta = grown(now.cpu_stats?.cpu_usage?.total_usage, before.cpu_stats?.cpu_usage?.total_usage)
  const systemDelta = grown(now.cpu_stats?.system_cpu_usage, before.cpu_stats?.system_cpu_usage)
  const cpuPercentOfCore = systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0
  const disk = (stats: ContainerStats, op: string) => sum((stats.blkio_stats?.io_service_bytes_recursive ?? []).filter((entry) => entry.op.toLowerCase() === op).map((entry) => entry.value))
  const net = (stats: ContainerStats, direction: 'rx_bytes' | 'tx_bytes') => sum(Object.values(stats.networks ?? {}).map((counters) => counters[direction]))
  return {
    timestampSec: Date.parse(now.read) / 1000,
    intervalSec: (Date.parse(now.read) - Date.parse(before.read)) / 1000,
    cpuPercentOfCore,
    cpuPercentOfMachine: cpuPercentOfCore / cpus,
    rssBytes: memoryInUse(now.memory_stats),
    memoryLimitBytes: now.memory_stats?.limit,
    ...(cpuLimitCores === undefined ? {} : { cpuLimitCores }),
    diskReadBytes: grown(disk(now, 'read'), disk(before, 'read')),
    diskWriteBytes: grown(disk(now, 'write'), disk(before, 'write')),
    netRxBytes: grown(net(now, 'rx_bytes'), net(before, 'rx_bytes')),
    netTxBytes: grown(net(now, 'tx_bytes'), net(before, 'tx_bytes')),
  }
}

/** As docker's CLI: cgroup v1 reports `total_inactive_file`, v2 `inactive_file`. */
function memoryInUse(memory: ContainerStats['memory_stats']): number {
  const usage = memory?.usage ?? 0
  const inactive = memory?.stats?.total_inactive_file ?? memory?.stats?.inactive_file ?? 0
  return inactive < usage ? usage - inactive : usage
}

/** A counter's growth; one that went down was reset (the container restarted), so all of it is new. */
function grown(now = 0, before = 0): number {
  return now >= before ? now - before : now
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0)
}
