/**
 * The result of a load run: plain, JSON-serialisable data. Histograms travel
 * encoded (hdr-histogram-js compressed base64) so that results from several
 * processes or machines merge exactly; every other number can be recomputed
 * from them.
 */
import type { CapacitySearch } from './capacity/search-capacity.ts'

/** Latency percentiles in milliseconds, named as Locust's CSV columns are. */
export interface Percentiles {
  p50: number
  p66: number
  p75: number
  p80: number
  p90: number
  p95: number
  p98: number
  p99: number
  p999: number
  p9999: number
  p100: number
}

/** One endpoint series, e.g. `GET /api/v1/files/:id`, or the aggregate. */
export interface EndpointResult {
  /** Method and route template (`GET /api/v1/files/:id`), or a custom name. */
  name: string
  /** Every completed attempt, failed ones included (as Locust counts them). */
  requests: number
  failures: number
  /** failures / requests, 0 when there were no requests. */
  failureRate: number
  /** Requests per second over the run's measured duration. */
  rps: number
  failuresPerSec: number
  minMs: number
  maxMs: number
  meanMs: number
  percentilesMs: Percentiles
  /** Mean response body size in bytes (Locust's "Average Content Size"). */
  meanContentBytes: number
  /**
   * Requests sent a second time because the server had closed their kept-alive
   * connection before it could read them (not counted in `requests`). Only the
   * engine's own client counts them; undici's are not visible.
   */
  retries: number
  /** Encoded histogram of latencies in microseconds (1 µs to 60 s, 3 digits). */
  histogram: string
}

/** Failures grouped by endpoint and reason, as Locust's failures table. */
export interface FailureGroup {
  endpoint: string
  /** Stable, short reason: `HTTP 500`, `timeout`, `ECONNREFUSED`, `ECONNRESET`, ... */
  reason: string
  occurrences: number
}

/** One second of the run, for charts and Locust's `_stats_history.csv`. */
export interface IntervalPoint {
  /** Unix time in seconds at the start of the interval. */
  timestampSec: number
  /** Active virtual users (closed model) or requests in flight (open model). */
  users: number
  requests: number
  failures: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  /** Encoded histogram of this interval (all endpoints), for exact merging. */
  histogram: string
}

/** A labelled span of a run (a fault injected, a deploy), drawn on the report's charts. */
export interface TimeWindow {
  label: string
  /** Unix time in seconds, as the intervals' timestamps. */
  startSec: number
  endSec: number
}

/** How the load generator itself fared; a saturated generator measures itself. */
export interface GeneratorHealth {
  /** Generator processes merged into this result (`--workers N`); absent for one. The figures below are the busiest's. */
  workers?: number
  /** CPU of the generator process, percent of one core. */
  cpuPercentMean: number
  cpuPercentMax: number
  eventLoopDelayP99Ms: number
  eventLoopDelayMaxMs: number
  /** True when the numbers describe the generator more than the server. */
  saturated: boolean
  warnings: string[]
}

/**
 * What one service of the target cost during one sampling interval, as the
 * sampler in src/env/resources/ reads it (the engine never samples: the
 * load-test fixture attaches the slice of its run). Rates (CPU) are over the
 * interval; byte counters are what moved during it.
 */
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
  /** The CPUs a container's quota lets it use (`--cpus 0.5` is 0.5); absent where none is set, and under `local` and `external`. */
  cpuLimitCores?: number
  /** Bytes read from and written to block devices during the interval. Not known for `external`. */
  diskReadBytes?: number
  diskWriteBytes?: number
  /** Bytes received and sent during the interval on the container's interfaces; only containers have their own. */
  netRxBytes?: number
  netTxBytes?: number
}

/** `local`: bytes through the loopback interface during the interval, every process of the machine included. */
export interface NetworkSample {
  timestampSec: number
  intervalSec: number
  rxBytes: number
  txBytes: number
}

/** The target's resources over a run: plain data, judged by the resource budgets (src/engine/verdicts/resource-budget.ts). */
export interface RunResources {
  /** The environment kind that was sampled: `local`, `containers` or `external`. */
  kind: string
  intervalMs: number
  startedAtSec: number
  stoppedAtSec: number
  /** By service (`api`, `worker`, `postgres`, `redis`, `store`); empty where nothing was sampled. */
  services: Partial<Record<string, ResourceSample[]>>
  loopback?: NetworkSample[]
  problems: { message: string; count: number }[]
}

export interface RunResult {
  /** Bumped when the shape changes, so old JSON files are recognised. */
  formatVersion: 1
  /** The run's name, usually the load category (`files`, `mixed`). */
  name: string
  /** The profile that shaped the load (`smoke`, `peak`, ...). */
  profile: string
  model: 'closed' | 'open'
  baseUrl: string
  /**
   * The environment kind the API ran in (`local`, `containers`, `external`),
   * set by the load-test fixture: a baseline from another kind is refused.
   */
  environment?: string
  /** The client that sent the requests: the engine's own, or undici (multipart uploads always go through undici). */
  httpClient: 'own' | 'undici'
  startedAt: string
  durationMs: number
  /** True when the run was stopped early (abort signal, Ctrl-C, test timeout). */
  aborted: boolean
  /** Open model: arrivals that could not start on schedule (the in-flight cap was full). */
  droppedArrivals: number
  /** Open model: arrivals scheduled in all (started + dropped). */
  scheduledArrivals: number
  /** Sorted by name. */
  endpoints: EndpointResult[]
  /** All endpoints together (Locust's "Aggregated" row). */
  total: EndpointResult
  failures: FailureGroup[]
  intervals: IntervalPoint[]
  /** Windows a `during` routine opened (faults injected); absent without one. */
  windows?: TimeWindow[]
  /**
   * With a `during` routine: the endpoints as recorded outside its windows,
   * which is what the budgets judge (the whole run is in `endpoints`).
   */
  steady?: EndpointResult[]
  generator: GeneratorHealth
  /** What the run cost each service of the target, when the environment was sampled (the load-test fixture sets it). */
  resources?: RunResources
  /** Under the capacity profile: the whole search; this result is the run of its highest step that held (see src/engine/capacity/). */
  capacity?: CapacitySearch
}
