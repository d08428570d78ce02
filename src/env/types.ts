/** The shapes every environment kind shares: what is asked for and what is handed back. */

/** `LOAD_ENV`: where the API under test comes from. */
export type EnvironmentKind = 'local' | 'containers' | 'external'

export const environmentKinds: readonly EnvironmentKind[] = ['local', 'containers', 'external']

export interface StartEnvironmentOptions {
  /** Default: `LOAD_ENV`, else `local`. */
  kind?: EnvironmentKind
  /** The run's results folder; service logs go to `<resultsDir>/logs/<service>.log`. */
  resultsDir: string
  /** Extra variables for the API process (e.g. `API_SLOW_ENDPOINTS`); they win over `API_*` from process.env. */
  apiEnv?: Record<string, string>
  /** Default: `LOAD_BASE_URL`. Only for `external`. */
  baseUrl?: string
}

/** One started (or reached) service, as printed at the start of a run. */
export interface ServiceAddress {
  name: string
  /** `host:port` or a URL, as reachable from this machine. */
  address: string
}

/**
 * The API's variables as reachable from this machine (DATABASE_URL, REDIS_URL,
 * S3_*, JWT_SECRET), so a test can start one more worker against the same stores.
 * Empty for `external`.
 */
export type ApiConfig = Record<string, string>

/**
 * A service a test can inject a fault into. `store` is the S3-compatible
 * store, whatever serves it (s3rver locally).
 */
export type ServiceName = 'api' | 'worker' | 'postgres' | 'redis' | 'store'

export const serviceNames: readonly ServiceName[] = ['api', 'worker', 'postgres', 'redis', 'store']

/**
 * Faults a test injects and heals through the environment's own means. Each
 * call resolves once the service has exited (kill, stop) or is ready again
 * (start, restart); calls on one service run one at a time. A service keeps
 * its port, data and credentials across a start. Deliberate exits are not
 * reported as unexpected.
 */
export interface FaultControls {
  /** SIGKILL to the service's process group, as a crash or an OOM kill would. No-op when it is not running. */
  kill(service: ServiceName): Promise<void>
  /** The service's own stop signal, SIGKILL after a grace period. No-op when it is not running. */
  stop(service: ServiceName): Promise<void>
  /** Starts it again as it first started. No-op when it is running. */
  start(service: ServiceName): Promise<void>
  /** stop, then start. */
  restart(service: ServiceName): Promise<void>
}

export interface StartedEnvironment {
  kind: EnvironmentKind
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  baseUrl: string
  /** One line, printed at the start of a run. */
  description: string
  services: ServiceAddress[]
  apiConfig: ApiConfig
  /**
   * For `local`: the PID of each process it started (api, worker, postgres,
   * redis, s3rver), each leading its own process group, so a test can kill
   * one the hard way. Empty for the other kinds. Always the latest process of
   * each service: a start through `faults` replaces its PID.
   */
  readonly processes: { name: string; pid: number }[]
  /** For `containers`: the container of each service, for the resource sampler. Undefined for the other kinds. */
  containers?: { service: ServiceName; id: string }[]
  /** `<resultsDir>/logs`; empty string for `external` (nothing started, nothing logged). */
  logsDir: string
  /** For `local` and `containers`; undefined where the environment cannot stop and start its services (`external`). */
  faults?: FaultControls
  /** Idempotent; stops everything this environment started. */
  stop(): Promise<void>
}
