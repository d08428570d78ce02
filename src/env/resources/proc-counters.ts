/**
 * The cumulative counters of one process and of the loopback interface, read
 * from /proc (Linux only). A process gone between the listing and the read
 * gives undefined, never an error: processes come and go under load.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface ProcessCounters {
  ppid: number
  /** When it started, in clock ticks since boot: a reused PID has another one. */
  startTicks: number
  /** User plus system CPU time, in clock ticks. */
  cpuTicks: number
  /** The CPU time of its children that it has reaped (and theirs, recursively), in clock ticks. */
  reapedTicks: number
  rssBytes: number
  /** Bytes it made the block layer read and write; 0 where /proc/<pid>/io is not readable. */
  readBytes: number
  writeBytes: number
}

let clockTicks: number | undefined

/** `getconf CLK_TCK`, 100 on every Linux we know of, which is the fallback. */
export function clockTicksPerSec(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      clockTicks = 100
    }
  }
  return clockTicks
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

export function readProcessCounters(pid: number): ProcessCounters | undefined {
  const stat = readOrUndefined(`/proc/${pid}/stat`)
  const status = readOrUndefined(`/proc/${pid}/status`)
  if (stat === undefined || status === undefined) return undefined
  // Fields from the state on (the third), past the command name that may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const io = readOrUndefined(`/proc/${pid}/io`) ?? ''
  return {
    ppid: Number(fields[1]),
    startTicks: Number(fields[19]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
    reapedTicks: Number(fields[13]) + Number(fields[14]),
    rssBytes: kilobytes(status, 'VmRSS') * 1024,
    readBytes: field(io, 'read_bytes'),
    writeBytes: field(io, 'write_bytes'),
  }
}

/** `Name:   123 kB` in /proc/<pid>/status; kernel threads and zombies have no VmRSS. */
function kilobytes(status: string, name: string): number {
  return Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0)
}

function field(io: string, name: string): number {
  return Number(new RegExp(`^${name}: (\\d+)`, 'm').exec(io)?.[1] ?? 0)
}

/** Cumulative bytes received and sent on `lo`, from /proc/net/dev (this network namespace). */
export function readLoopbackBytes(): { rxBytes: number; txBytes: number } {
  const line = readOrUndefined('/proc/net/dev')?.split('\n').find((row) => row.trim().startsWith('lo:'))
  const counters = line?.slice(line.indexOf(':') + 1).trim().split(/\s+/).map(Number) ?? []
  return { rxBytes: counters[0] ?? 0, txBytes: counters[8] ?? 0 }
}
