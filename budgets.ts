/**
 * The budgets: the SLA classes inherited from the Locust suites, which
 * endpoint is in which class, and the failure rates allowed per profile. This
 * is the one file to edit to change what "fast enough" means; give every
 * change a reason.
 */
import type { BudgetSet } from './src/engine/verdicts/budget.ts'
import type { LeakBudget, ResourceBudget } from './src/engine/verdicts/resource-budget.ts'

export type SlaClass = 'health' | 'read' | 'write' | 'slow' | 'websocket' | 'setup' | 'task' | 'check' | 'recovery'

// Every name a run records must land in a class (or be exempted below): an
// unclassified name fails the run rather than pass unjudged.
const rules: [RegExp, SlaClass][] = [
  [/^TASK .* submit→completed$/, 'slow'],
  [/^TASK .* onStart$/, 'setup'],
  // Any other TASK name is a task that threw: only its failures are recorded.
  [/^TASK /, 'task'],
  [/^CHECK /, 'check'],
  [/^RECOVERY /, 'recovery'],
  [/^WS /, 'websocket'],
  [/^GET \/health\//, 'health'],
  [/^GET \/api\/v1\/health$/, 'health'],
  [/^POST \/api\/v1\/(auth\/register|auth\/login|files|tasks\/join|tasks\/audio-overlay|tasks\/:id\/cancel)$/, 'write'],
  [/^DELETE \/api\/v1\//, 'write'],
  [/^GET \/api\/v1\//, 'read'],
]

// What a run may cost the target, from the FFmpeg API guide's resource targets:
// CPU under 70% with 85% its alarm line, RAM under 80% with 90% its alarm line.
// Missing the target warns (shown everywhere, never fails the build); crossing
// the alarm line fails the run.
//
// CPU is a percent of the machine: of every core under `local` (this box has
// 2, shared by every service AND the load generator, so 85% of the machine
// is 1.7 cores and leaves the generator starved), of the CPUs the Docker
// engine lets a container use under `containers`. A peak is the busiest
// one-second interval. Under `external` only a percent of one core is known,
// so CPU is shown but not judged. Memory is peak RSS against the memory limit:
// the machine's under `local` (so it judges only a runaway), the container's
// limit under `containers`. Measured on the smoke profile on 2 shared cores
// (see README, "Budgets"), the busiest service peaked at 38% of the machine
// (the API, tasks) and all services together at 51%: well inside these lines.
const guideResources: ResourceBudget = {
  cpuMean: { warnAt: 70, failAt: 85 },
  cpuPeak: { warnAt: 70, failAt: 85 },
  memoryPeak: { warnAt: 80, failAt: 90 },
}

// A leak: RSS still climbing after the first 20% of the run, faster than
// 2 MB/min (120 MB an hour, about the API's whole footprint) and clearly so
// (95% interval clear of zero). Judged only on 5 minutes of steady samples or
// more (normal, peak, soak), where a trend means something. Only for the code
// under test: Postgres's RSS counts its shared buffers once per backend, so it
// climbs as backends touch pages; Redis and the store grow with what they keep.
const leak: LeakBudget = { maxMbPerMin: 2, warmupShare: 0.2, minSteadySec: 300 }

export const budgets: BudgetSet<SlaClass> = {
  classes: {
    health: { p95Ms: 500, p99Ms: 1000 },
    read: { p95Ms: 500, p99Ms: 1000, meanMs: 200 },
    write: { p95Ms: 2000, p99Ms: 5000 },
    slow: { p95Ms: 5000, p99Ms: 10_000 },
    websocket: { p95Ms: 1000, p99Ms: 3000 },
    // A user's set-up is several writes in a row (register, uploads), each
    // judged by its own class; this bounds the whole, generously.
    setup: { p95Ms: 10_000, p99Ms: 20_000 },
    // A task that throws is a broken scenario or an assertion that failed: none is allowed.
    task: { maxFailureRate: 0 },
    // A check states what must hold (a download is byte-exact, stats agree): none may fail.
    check: { maxFailureRate: 0 },
    // From a dependency coming back to the API ready again (the resilience
    // category): within 10 s, every time (p99 of a handful of faults is their worst).
    recovery: { p99Ms: 10_000, maxFailureRate: 0 },
  },
  classify: (endpoint) => rules.find(([pattern]) => pattern.test(endpoint))?.[1],
  maxFailureRateByProfile: {
    smoke: 0.005,
    baseline: 0.005,
    normal: 0.01,
    peak: 0.02,
    // Spike and soak are judged like peak: a surge or an hour may cost as much, not more.
    spike: 0.02,
    soak: 0.02,
    websocket: 0.01,
    // Stress is meant to break; its verdicts are reported, not enforced (see README).
    stress: 0.05,
  },
  defaultMaxFailureRate: 0.01,
  maxDroppedRate: 0.01,
  // Against a baseline (npm run load -- --baseline DIR), a change counts when
  // it is both material and real. Material: 15% and 5 ms, because a run on a
  // shared machine moves a few percent, and below 5 ms timer and scheduling
  // jitter move more than that in relative terms; a failure rate must move by
  // half a point and double, because one failure in 200 requests is 0.5%.
  // Real: beyond noise at one-sided 95% (see src/engine/verdicts/baseline.ts); a tail
  // of fewer than 10 requests beyond a percentile is too thin to judge. The
  // seed makes a result judged again reach the same verdict.
  baselineRules: { minRelativeChange: 0.15, minAbsoluteChangeMs: 5, minFailureRateChange: 0.005, minFailureRateRatio: 2, minTailSamples: 10, resamples: 1000, seed: 1 },
  overrides: [
    {
      endpoint: 'GET /api/v1/files/:id/content',
      budget: { meanMs: 400 },
      reason: 'streams the whole media file; its mean is bound by size, p95/p99 still hold the read class',
    },
  ],
  resources: {
    services: guideResources,
    byService: { api: { leak }, worker: { leak } },
    allServices: guideResources,
  },
}
