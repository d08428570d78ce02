/**
 * The capacity search: the highest arrival rate at which every budget holds.
 * A ramp doubles the rate from the start until a step breaks, which brackets
 * the capacity in [last rate that held, first that broke]; a bisection of
 * steady steps then halves the bracket until it is no wider than the
 * resolution. Each step is one open-model run (supplied by the caller, so the
 * search is tested without sockets) judged by judgeRun. A saturated generator
 * or a stopped run ends the search: the steps so far stand, and nothing
 * past them is claimed.
 */
import type { BudgetSet } from '../verdicts/budget.ts'
import type { RunResult } from '../result.ts'
import { judgeRun } from '../verdicts/run-verdict.ts'
import { type CapacitySettings, stepDurationMs } from './capacity-settings.ts'
import { type CapacityStep, summarizeStep } from './capacity-step.ts'

/** Runs one steady step at `ratePerSec` for `durationMs`. */
export type RunStep = (ratePerSec: number, durationMs: number) => Promise<RunResult>

/**
 * `found`: capacity and breaking point are within the resolution. `held at max`:
 * the capacity is at least the max rate. `broke at start`: below the start rate.
 * `generator saturated` and `stopped`: the search ended early; the capacity
 * (if any) is only a lower bound.
 */
export type CapacityOutcome = 'found' | 'held at max' | 'broke at start' | 'generator saturated' | 'stopped'

export interface CapacitySearch {
  settings: CapacitySettings
  outcome: CapacityOutcome
  /** The highest rate that held; null when none did. */
  capacityPerSec: number | null
  /** The lowest rate that broke; null when none did. */
  breakingPointPerSec: number | null
  /** Why the search ended early, in words. */
  stoppedBecause?: string
  /** In the order they ran. */
  steps: CapacityStep[]
}

export interface SearchInput {
  settings: CapacitySettings
  budgets: BudgetSet
  runStep: RunStep
}

interface Trial {
  step: CapacityStep
  result: RunResult
}

/** A midpoint on a grid a tenth of the resolution wide: readable rates, still strictly inside the bracket. */
function midpoint(low: number, high: number, resolution: number): number {
  const grid = resolution / 10
  return Number((Math.round((low + high) / 2 / grid) * grid).toPrecision(6))
}

function stopReason(trial: Trial): Pick<CapacitySearch, 'outcome' | 'stoppedBecause'> | undefined {
  const { step, result } = trial
  if (step.saturated) return { outcome: 'generator saturated', stoppedBecause: `the load generator saturated at ${step.ratePerSec}/s (${result.generator.warnings.join('; ')}); rates from there on would measure it, not the server` }
  if (result.aborted) return { outcome: 'stopped', stoppedBecause: `the run was stopped during the step at ${step.ratePerSec}/s` }
  return undefined
}

/** The search and the run a test judges: the highest step that held, else the last one run. */
export async function searchCapacity({ settings, budgets, runStep }: SearchInput): Promise<{ search: CapacitySearch; result: RunResult }> {
  const trials: Trial[] = []
  let held: Trial | undefined
  let broke: Trial | undefined
  const finish = (ending: Pick<CapacitySearch, 'outcome' | 'stoppedBecause'>) => ({
    search: { settings, ...ending, capacityPerSec: held?.step.ratePerSec ?? null, breakingPointPerSec: broke?.step.ratePerSec ?? null, steps: trials.map((t) => t.step) },
    result: (held ?? (trials.at(-1) as Trial)).result,
  })
  const attempt = async (ratePerSec: number, phase: CapacityStep['phase']): Promise<Trial> => {
    const durationMs = stepDurationMs(ratePerSec, settings)
    const result = await runStep(ratePerSec, durationMs)
    const trial = { result, step: summarizeStep(result, judgeRun(result, budgets), phase, ratePerSec, durationMs) }
    trials.push(trial)
    return trial
  }
  for (let rate = settings.startRatePerSec; ; rate = Math.min(rate * 2, settings.maxRatePerSec)) {
    const trial = await attempt(rate, 'ramp')
    const stop = stopReason(trial)
    if (stop) return finish(stop)
    if (!trial.step.pass) {
      broke = trial
      break
    }
    held = trial
    if (rate >= settings.maxRatePerSec) return finish({ outcome: 'held at max' })
  }
  if (!held) return finish({ outcome: 'broke at start' })
  while (broke.step.ratePerSec - held.step.ratePerSec > settings.resolutionPerSec) {
    const trial = await attempt(midpoint(held.step.ratePerSec, broke.step.ratePerSec, settings.resolutionPerSec), 'bisect')
    const stop = stopReason(trial)
    if (stop) return finish(stop)
    if (trial.step.pass) held = trial
    else broke = trial
  }
  return finish({ outcome: 'found' })
}
