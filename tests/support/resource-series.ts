/** Resource samples made up second by second, for budget and report tests that need exact figures and no environment. */
import type { ResourceSample, RunResources } from '../../src/engine/result.ts'

export const GIB = 1024 ** 3
export const MIB = 1024 ** 2

/** One sample per second from `t0`: CPU as a percent of a 2-core machine, RSS in bytes, against 8 GiB. */
export function samples(n: number, cpuPercentOfMachine: (i: number) => number, rssBytes: (i: number) => number = () => 120 * MIB, t0 = 1_700_000_000): ResourceSample[] {
  return Array.from({ length: n }, (_, i) => {
    const cpu = cpuPercentOfMachine(i)
    return { timestampSec: t0 + i + 1, intervalSec: 1, cpuPercentOfCore: cpu * 2, cpuPercentOfMachine: cpu, rssBytes: rssBytes(i), memoryLimitBytes: 8 * GIB, diskReadBytes: 0, diskWriteBytes: 4096 * i, netRxBytes: 100, netTxBytes: 200 }
  })
}

export function resources(services: Record<string, ResourceSample[]>, t0 = 1_700_000_000): RunResources {
  const last = Math.max(0, ...Object.values(services).flatMap((list) => list.map((s) => s.timestampSec)))
  return { kind: 'local', intervalMs: 1000, startedAtSec: t0, stoppedAtSec: last, services, problems: [] }
}

/** A deterministic jitter in [-1, 1], so a noisy series is the same on every run. */
export function jitter(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43_758.5453
  return 2 * (x - Math.floor(x)) - 1
}
