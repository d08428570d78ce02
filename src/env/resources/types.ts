/**
 * What the load costs the target, as plain JSON for budgets and reports: one
 * sample per service per interval. Rates (CPU) are over the interval; byte
 * counters are what moved during it (divide by `intervalSec` for a rate), so
 * a service restarted mid-run never shows a negative or a jump.
 */
import type { EnvironmentKind, ServiceName } from '../types.ts'

export interface ResourceSample {
  /** Unix time of the reading, in seconds (fractional). */
  timestampSec: number
  /** Seconds since the previous reading of this service, which the figures below cover. */
  intervalSec: number
  /** CPU time over the interval: 100 is one core busy all along; 250 is two and a half cores. */
  cpuPercentOfCore: number
  /** The same over every core of the machine (local) or every CPU the engine lists (containers); 100 is all busy. Not known for `external`. */
  cpuPercentOfMachine?: number
  /**
   * Resident memory: the sum over the service's processes (local: shared pages, as Postgres's
   * shared buffers, count once per process), usage less page cache (containers), or
   * process_resident_memory_bytes (external).
   */
  rssBytes: number
  /** The machine's memory (local), the container's limit or the host's memory when none is set (containers). */
  memoryLimitBytes?: number
  /** Bytes read from and written to block devices during the interval. Not known for `external`. */
  diskReadBytes?: number
  diskWriteBytes?: number
  /** Bytes received and sent during the interval on the container's interfaces; only containers have their own. */
  netRxBytes?: number
  netTxBytes?: number
}

/** Bytes through the loopback interface during the interval, every process of the machine included. */
export interface NetworkSample {
  timestampSec: number
  intervalSec: number
  rxBytes: number
  txBytes: number
}

export interface ResourceSeries {
  kind: EnvironmentKind
  /** The asked interval; each sample carries the one it really covers. */
  intervalMs: number
  startedAtSec: number
  stoppedAtSec: number
  /** Every service, in `serviceNames` order; empty where nothing is sampled (e.g. `external` without its URL). */
  services: Record<ServiceName, ResourceSample[]>
  /** `local` only: the machine's loopback traffic, where the generator talks to the API and the API to its stores. */
  loopback?: NetworkSample[]
  /** Why a reading was missed (a metrics URL that did not answer, a container gone), each message once, with its count. */
  problems: { message: string; count: number }[]
}

/** One reading of every service a source can see; a service left out is missed this time. */
export interface SourceReading {
  services: Partial<Record<ServiceName, ResourceSample>>
  loopback?: NetworkSample
  problems: string[]
}

/** How one environment kind is read. The first `read` sets the baselines and may return nothing. */
export interface ResourceSource {
  read(): Promise<SourceReading>
  close(): Promise<void>
}
