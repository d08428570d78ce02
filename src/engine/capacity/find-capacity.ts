/**
 * A capacity search against a real target: each step is one open-model
 * runLoad at a steady rate, with the scenario's other options unchanged.
 * The settings are checked before any traffic.
 */
import type { BudgetSet } from '../verdicts/budget.ts'
import type { LoadOptions } from '../options.ts'
import type { RunResult } from '../result.ts'
import { runLoad } from '../run-load.ts'
import { type CapacitySettings, DEFAULT_MAX_IN_FLIGHT, validateCapacitySettings } from './capacity-settings.ts'
import { type CapacitySearch, searchCapacity } from './search-capacity.ts'

export interface CapacityOptions extends Omit<LoadOptions, 'load'> {
  budgets: BudgetSet
  capacity: CapacitySettings
}

/** The search, and the run of the highest step that held (the last step when none did) with the search attached. */
export async function findCapacity({ budgets, capacity, ...options }: CapacityOptions): Promise<RunResult & { capacity: CapacitySearch }> {
  validateCapacitySettings(capacity)
  const maxInFlight = capacity.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT
  const { search, result } = await searchCapacity({
    settings: capacity,
    budgets,
    runStep: (ratePerSec, durationMs) => runLoad({ ...options, load: { model: 'open', stages: [{ ratePerSec, durationMs }], maxInFlight } }),
  })
  return Object.assign(result, { capacity: search })
}
