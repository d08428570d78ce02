/**
 * What the load costs the target, as plain JSON for budgets and reports: one
 * sample per service per interval. Rates (CPU) are over the interval; byte
 * counters are what moved during it (divide by `intervalSec` for a rate), so
 * a service restarted mid-run never shows a negative or a jump.
 */
import type { NetworkSample, ResourceSample } from '../../engine/result.ts'
import type { EnvironmentKind, ServiceName } from '../types.ts'

export type { NetworkSample, ResourceSample } from '../../engine/result.ts'

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
