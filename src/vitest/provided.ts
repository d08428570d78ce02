/** What the load project's global setup hands to every test file. */
import type { ShardConfig } from './shard-config.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    profile: string
    /** Set when `--duration` scales the profile down; the profile's own duration otherwise. */
    durationMs: number | null
    runId: string
    resultsDir: string
    fixturesDir: string
    environment: string
    /** The environment's kind (`local`, `containers`, `external`), recorded in each result so a baseline from another is refused. */
    environmentKind: string
    /** `--baseline DIR` (LOAD_BASELINE), absolute; null when the run is judged on its budgets alone. */
    baselineDir: string | null
    /** Where the tests reach the environment's fault controls; null when it has none (external). */
    faults: { url: string; token: string } | null
    /** This run's place in a sharded run (see shard-config.ts). */
    shardConfig: ShardConfig
    /** Why the global setup failed (its one-line report), or null when the environment is up. */
    setupError: string | null
  }
}
