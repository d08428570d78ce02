/**
 * What the load-test fixture hands the engine for one `run(scenario)`: the
 * load options (the scenario under the profile, its progress posted to the
 * live channel) and the plan of where the load comes from (this process, a
 * shard, `--workers`).
 */
import { inject, type TestContext } from 'vitest'
import { type BudgetSet, evaluateBudgets } from '../engine/verdicts/budget.ts'
import { applyLoadOverrides } from '../profiles/load-overrides.ts'
import type { AnySession, LoadOptions } from '../engine/options.ts'
import type { Profile } from '../profiles/profiles.ts'
import type { GenerationPlan } from './generate-load.ts'
import type { LivePoster } from './live-client.ts'
import { type Scenario, userTypesOf } from './scenario.ts'
import type { ShardConfig } from './shard-config.ts'
import './provided.ts'

/** Sends the run's snapshot once a second, judged so far by the scenario's budgets, to the live channel; no snapshot is taken without one. */
function reportProgress(live: LivePoster | undefined, category: string, budgets: BudgetSet | undefined): LoadOptions['onProgress'] {
  if (!live) return undefined
  return (snapshot) => live.post({ type: 'progress', category, snapshot, budget: budgets ? evaluateBudgets(snapshot, budgets) : null })
}

/** What runLoad is given: the scenario under the profile, the command line's shape over both (it wins), stopped by `signal`. */
export function loadOptionsOf<Session extends AnySession>(scenario: Scenario<Session>, name: string, profile: Profile, signal: AbortSignal, live: LivePoster | undefined): LoadOptions {
  return {
    name,
    profile: profile.name,
    baseUrl: inject('baseUrl'),
    load: applyLoadOverrides(scenario.load ? scenario.load(profile.load) : profile.load, inject('loadOverrides')),
    userTypes: userTypesOf(scenario),
    requestTimeoutMs: scenario.requestTimeoutMs,
    during: scenario.during,
    onProgress: reportProgress(live, name, scenario.budgets),
    signal,
  }
}

/** Where the load comes from: this process, its shard of a sharded run, and `--workers` forked to run this same test. */
export function generationPlan(task: TestContext['task'], shardConfig: ShardConfig, options: LoadOptions): GenerationPlan {
  return {
    shard: shardConfig.shard ?? undefined,
    startAtMs: shardConfig.startAtMs ?? undefined,
    workers: inject('workers'),
    fork: {
      testFile: task.file.filepath,
      testName: task.fullTestName,
      baseUrl: options.baseUrl,
      profile: inject('profile'),
      durationMs: inject('durationMs'),
      stopFile: inject('stopFile'),
      controls: inject('controls'),
    },
  }
}

