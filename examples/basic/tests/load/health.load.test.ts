/** Health: a monitor polling liveness, the lightest load there is. */
import { constant } from 'loadgate'
import { loadTest as test } from 'loadgate/vitest'
import { describe, expect } from 'vitest'
import { budgets } from '../../budgets.ts'

describe('health', () => {
  test('liveness stays within the health budget', async ({ run }) => {
    const result = await run({ budgets, wait: constant(0.5), tasks: { liveness: (vu) => vu.get('/health/live') } })
    expect(result).toMeetBudgets(budgets)
  })
})
