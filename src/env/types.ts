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
   * one the hard way. Empty for the other kinds.
   */
  processes: { name: string; pid: number }[]
  /** `<resultsDir>/logs`; empty string for `external` (nothing started, nothing logged). */
  logsDir: string
  /** Idempotent; stops everything this environment started. */
  stop(): Promise<void>
}
