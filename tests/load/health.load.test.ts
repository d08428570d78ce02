/** Health: the monitoring dashboards polling liveness, readiness and the summary. */
import { describe, expect } from 'vitest'
import { budgets } from '../../budgets.ts'
import { between } from '../../src/engine/index.ts'
import { loadTest as test } from '../../src/vitest/load-test.ts'

describe('health', () => {
  test('liveness, readiness and the health summary stay within the health budget', async ({ run }) => {
    const result = await run({
      budgets,
      wait: between(0.5, 1),
      tasks: [
        { name: 'liveness', weight: 3, run: (vu) => vu.get('/health/live') },
        { name: 'readiness', weight: 2, run: (vu) => vu.get('/health/ready') },
        { name: 'summary', weight: 1, run: (vu) => vu.get('/api/v1/health') },
      ],
    })
    expect(result.total.requests).toBeGreaterThan(0)
    expect(result).toMeetBudgets(budgets)
  })
})
