/**
 * Setup file of the unit and load projects: registers `toMeetBudgets`, and
 * fails every load file with the global setup's reason when the run could not
 * start (the unit project has no global setup: nothing is provided there).
 */
import { beforeAll, inject } from 'vitest'
import './budget-matcher.ts'
import { SetupFailure } from './setup-failure.ts'
import './provided.ts'

beforeAll(() => {
  const reason = inject('setupError')
  if (reason) throw new SetupFailure(reason)
})
