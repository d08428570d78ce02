/**
 * `loadTest`: a Vitest test with a `run(scenario)` fixture that applies the
 * chosen profile, stops on the test's abort signal, writes the result where
 * the reports find it (with what the run cost the target's services, see
 * attach-resources.ts) and attaches the figures to the test case. When the
 * test ends, the verdict its matcher reached is written beside the result and
 * put in the test's meta (the JSON report, `npm run load`'s exit decision);
 * a run the test never judged fails the test. A stop request (Ctrl-C at
 * `npm run load`) ends the run in progress with its partial result. As a
 * shard (see shard-config.ts) it runs its share of the load, starts at
 * LOAD_START_AT, and leaves each result where `npm run merge` finds it. With
 * `--workers N` the load runs in N generator processes merged into the one
 * result the test judges (see generate-load.ts); a forked worker runs the
 * test to its `run` call, runs its share and skips the rest. With
 * `--baseline DIR` each run is compared with its category's stored run (see
 * baseline-file.ts), whose copy is kept beside the result. Under the
 * capacity profile `run()` searches for the capacity (see capacity-run.ts).
 * The command line's load shape is laid over every run's (see run-plan.ts),
 * and each run is bounded by the shape it actually runs (run-deadline.ts).
 */
import { basename } from 'node:path'
import { inject, test } from 'vitest'
import type { LoadOptions, AnySession } from '../engine/options.ts'
import type { FaultControls } from '../env/types.ts'
import { resolveProfile } from '../profiles/profiles.ts'
import type { RunResult } from '../engine/result.ts'
import { combineVerdicts, type StoredVerdict, writeRunArtifacts, writeVerdict } from '../report/artifacts.ts'
import { formatSummaryTable } from '../report/terminal-table.ts'
import { attachResources } from './attach-resources.ts'
import { runCapacitySearch } from './capacity-run.ts'
import { runForkedShare } from './forked-share.ts'
import { stopLeftWorkers } from './generator-workers.ts'
import { generateLoad } from './generate-load.ts'
import { runDeadlineMs, withinDeadline } from './run-deadline.ts'
import { generationPlan, loadOptionsOf } from './run-plan.ts'
import { remoteFaultControls } from './control-server.ts'
import { publishShardResult } from './shard-publish.ts'
import { type BaselineLookup, readBaseline } from './baseline-file.ts'
import { type Fixtures, loadFixtures } from './fixtures.ts'
import { createLivePoster } from './live-client.ts'
import { stopRequested, watchStopRequest } from './stop-request.ts'
import type { Scenario } from './scenario.ts'
import { trackRun, verdictsOf } from './verdict-registry.ts'
import './provided.ts'

export interface LoadFixtures {
  /** Runs the scenario under the profile; its onStart's return types `vu.session` in its tasks (see scenario.ts). */
  run: <Session extends AnySession = AnySession>(scenario: Scenario<Session>) => Promise<RunResult>
  fixtures: Fixtures
  baseUrl: string
  /** The environment's fault controls (kill, stop, start, restart a service); undefined under `external`. */
  faults: FaultControls | undefined
}

/** What the JSON report carries per load test (`meta.loadgate`). */
export interface LoadTestMeta {
  runs: ({ name: string } & Pick<StoredVerdict, 'judged' | 'pass' | 'trustworthy'>)[]
}

declare module 'vitest' {
  interface TaskMeta {
    loadgate?: LoadTestMeta
  }
}

function figures(result: RunResult): string {
  return result.endpoints
    .map((e) => `${e.name}: ${e.requests} req, ${e.rps.toFixed(1)} rps, p50 ${e.percentilesMs.p50} ms, p95 ${e.percentilesMs.p95} ms, p99 ${e.percentilesMs.p99} ms, failures ${(e.failureRate * 100).toFixed(2)}%`)
    .join('\n')
}

/** A run that ended in an error (its target never answered) still leaves what it measured for the reports. */
function keepPartialResult(error: unknown, resultsDir: string): void {
  const partial = (error as { result?: RunResult } | undefined)?.result
  if (!partial) return
  writeRunArtifacts(partial, resultsDir)
  writeVerdict(resultsDir, partial.name, combineVerdicts(partial.name, [], `it ended in an error: ${(error as Error).message}`))
}

/** The category's baseline under `--baseline`, read before the run so that a wrong one costs no traffic. */
function lookUpBaseline(run: Parameters<typeof readBaseline>[1]): BaselineLookup | undefined {
  const dir = inject('baselineDir')
  return dir ? readBaseline(dir, run) : undefined
}

export const loadTest = test.extend<LoadFixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Vitest reads a fixture's dependencies from this destructuring.
  baseUrl: async ({}, use) => {
    await use(inject('baseUrl'))
  },
  // biome-ignore lint/correctness/noEmptyPattern: Vitest reads a fixture's dependencies from this destructuring.
  faults: async ({}, use) => {
    const endpoint = inject('controls')
    await use(endpoint?.faults ? remoteFaultControls(endpoint) : undefined)
  },
  // biome-ignore lint/correctness/noEmptyPattern: Vitest reads a fixture's dependencies from this destructuring.
  fixtures: async ({}, use) => {
    const dir = inject('fixturesDir')
    if (!dir) throw new Error('loadgate: this project provides no upload fixtures (a global setup of its own must `provide("fixturesDir", dir)`)')
    await use(loadFixtures(dir))
  },
  run: async ({ task, signal, annotate, skip }, use) => {
    const category = basename(task.file.name).replace(/\.load\.test\.ts$/, '')
    const resultsDir = inject('resultsDir')
    const shardConfig = inject('shardConfig') ?? { shard: null, startAtMs: null, resultsUrl: null }
    const results: RunResult[] = []
    const liveEndpoint = inject('live')
    const live = liveEndpoint ? createLivePoster(liveEndpoint) : undefined
    let calls = 0
    await use(async (scenario) => {
      if (stopRequested(inject('stopFile'))) skip('the run was stopped before this category began')
      // A forked worker runs the test again up to its first run(): a second has no workers to share it.
      if (++calls > 1 && inject('workers').count > 1) throw new Error('with --workers N a test makes one run(); split this test in two')
      const profile = resolveProfile(inject('profile'), inject('durationMs') ?? inject('profileDurationMs') ?? undefined)
      const name = scenario.name ?? category
      const environment = inject('environmentKind')
      const lookup = lookUpBaseline({ name, profile: profile.name, environment })
      const baseline = lookup && 'baseline' in lookup ? lookup.baseline : undefined
      const stop = watchStopRequest(inject('stopFile'))
      const options = loadOptionsOf(scenario, name, profile, AbortSignal.any([signal, stop.signal]), live)
      const deadlineMs = runDeadlineMs({ load: options.load, startAtMs: shardConfig.startAtMs ?? undefined }, profile)
      const bounded = <T>(work: (options: LoadOptions) => Promise<T>): Promise<T> => withinDeadline(deadlineMs, options.signal as AbortSignal, (signal) => work({ ...options, signal }))
      const role = inject('generator')
      if (role) {
        await bounded((share) => runForkedShare(share, role)).finally(() => stop.dispose())
        skip(`generator worker ${role.worker.index} of ${role.worker.count}: its share is merged into worker 1's result and judged there`)
      }
      let result: RunResult
      try {
        // The capacity profile's load is the search's own steps, in this process alone: `scenario.load` reshapes a profile's load, not a search.
        result = await bounded((boundedOptions) =>
          profile.capacity
            ? runCapacitySearch({ ...boundedOptions, shard: shardConfig.shard ?? undefined }, scenario.budgets, profile.capacity, inject('workers')?.count ?? 1)
            : generateLoad(boundedOptions, generationPlan(task, shardConfig, boundedOptions)),
        )
      } catch (error) {
        keepPartialResult(error, resultsDir)
        throw error
      } finally {
        stop.dispose()
      }
      // Before the test sees the result, so its matcher judges latency and resources together.
      await attachResources(result, inject('controls'))
      result.environment = environment
      results.push(result)
      trackRun(result, annotate, baseline)
      writeRunArtifacts(result, resultsDir, baseline)
      if (lookup && 'missing' in lookup) {
        console.log(`loadgate: ${lookup.missing}`)
        await annotate(lookup.missing, 'load baseline')
      }
      await publishShardResult(shardConfig, result)
      console.log(`\n${formatSummaryTable(result)}\n`)
      await annotate(figures(result), 'load figures')
      return result
    })
    stopLeftWorkers()
    const stored = results.map((result) => ({ name: result.name, verdict: combineVerdicts(result.name, verdictsOf(result)) }))
    for (const { name, verdict } of stored) writeVerdict(resultsDir, name, verdict)
    for (const { name, verdict: { judged, pass, trustworthy, message } } of stored) live?.post({ type: 'finished', category: name, verdict: { judged, pass, trustworthy, message } })
    if (stored.length === 0) live?.post({ type: 'finished', category, verdict: null })
    // Bounded: a channel that is down delays the end of the test by this much at most.
    await live?.flush(1000)
    task.meta.loadgate = { runs: stored.map(({ name, verdict: { judged, pass, trustworthy } }) => ({ name, judged, pass, trustworthy })) }
    // A test that failed already says why; one that passed without judging its run would be a lie.
    const unjudged = stored.filter(({ verdict }) => !verdict.judged)
    if (unjudged.length > 0 && task.result?.state !== 'fail') {
      throw new Error(`${unjudged.map(({ verdict }) => verdict.message).join('; ')}. A load test must judge every run it makes.`)
    }
  },
})
