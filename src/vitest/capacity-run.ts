/**
 * The load-test fixture's run under the capacity profile: a capacity search
 * (see src/engine/capacity/) in place of one run. The test gets the run of
 * the highest step that held, so its matcher passes when a capacity was
 * found: a capacity run explores, as stress does, and `npm run load` reports
 * its line rather than failing the build on the steps that broke.
 */
import type { BudgetSet } from '../engine/verdicts/budget.ts'
import type { CapacitySettings } from '../engine/capacity/capacity-settings.ts'
import { findCapacity } from '../engine/capacity/find-capacity.ts'
import { InvalidLoadOptionsError } from '../engine/errors.ts'
import type { LoadOptions } from '../engine/options.ts'
import type { RunResult } from '../engine/result.ts'
import { describeCapacity } from '../report/capacity-text.ts'

/** Sharded or on several workers, the steps would be judged per share, each seeing a part of the rate: refused before any traffic. */
export async function runCapacitySearch(options: Omit<LoadOptions, 'load'>, budgets: BudgetSet | undefined, capacity: CapacitySettings, workers = 1): Promise<RunResult> {
  const problems = [
    ...(budgets ? [] : ['the capacity profile judges every step by the budgets: pass them to run({ budgets, ... })']),
    ...(options.shard ? ['the capacity profile cannot run as a shard: each step must see the whole rate'] : []),
    ...(workers > 1 ? ['the capacity profile runs in one generator process: leave --workers at 1'] : []),
  ]
  if (problems.length > 0 || !budgets) throw new InvalidLoadOptionsError(problems)
  const result = await findCapacity({ ...options, budgets, capacity })
  console.log(`loadgate: capacity: ${describeCapacity(result.name, result.capacity)}`)
  return result
}
