/** What the load project's global setup hands to every test file. */
import type { LoadOverrides } from '../profiles/load-overrides.ts'
import type { ControlEndpoint } from './control-server.ts'
import type { ShardConfig } from './shard-config.ts'
import type { GeneratorRole, WorkersConfig } from './workers-config.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    profile: string
    /** Set when `--duration` scales the profile down; the profile's own duration otherwise. */
    durationMs: number | null
    /** Each category's share of the profile's duration (LOAD_PROFILE_DURATION, see src/cli/profile-runs.ts); null for the whole of it. A scenario's own shape still wins over it. */
    profileDurationMs: number | null
    /** `--users`, `--spawn-rate`, `--rate`, `--duration`: laid over each run's shape, the scenario's own included (see load-overrides.ts). */
    loadOverrides: LoadOverrides
    runId: string
    resultsDir: string
    /** Where a project's own global setup made its upload fixtures (this repository's: tests/support/media-fixtures-setup.ts); absent when it has none. */
    fixturesDir?: string
    environment: string
    /** Where the tests reach the environment's fault controls and resource samples (control-server.ts); null when it has neither. */
    controls: ControlEndpoint | null
    /** The environment's kind (`local`, `containers`, `external`), recorded in each result so a baseline from another is refused. */
    environmentKind: string
    /** `--baseline DIR` (LOAD_BASELINE), absolute; null when the run is judged on its budgets alone. */
    baselineDir: string | null
    /** This run's place in a sharded run (see shard-config.ts). */
    shardConfig: ShardConfig
    /** How many generator processes run each category's load, and how to fork them (workers-config.ts). */
    workers: WorkersConfig
    /** Set in a generator worker forked by the first: it runs its share and judges nothing. */
    generator: GeneratorRole | null
    /** Where the tests post their progress (live-channel.ts); null when LOAD_PROGRESS is off and there is no dashboard. */
    live: { url: string; token: string } | null
    /** Created to stop the run early (Ctrl-C at npm run load, the dashboard's Stop); see stop-request.ts. */
    stopFile: string
    /** Why the global setup failed (its one-line report), or null when the environment is up. */
    setupError: string | null
  }
}
