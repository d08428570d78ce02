/** Catalogue: shoppers list the products and open one, closed model. */
import { between } from 'loadgate'
import { loadTest as test } from 'loadgate/vitest'
import { describe, expect } from 'vitest'
import { budgets } from '../../budgets.ts'

describe('catalogue', () => {
  test('list and open products within the read budget', async ({ run }) => {
    const result = await run({
      budgets,
      wait: between(0.1, 0.5),
      tasks: [
        { name: 'list', weight: 1, run: (vu) => vu.get('/api/products') },
        { name: 'open', weight: 3, run: (vu) => vu.get(`/api/products/${1 + Math.floor(Math.random() * 50)}`) },
      ],
    })
    expect(result).toMeetBudgets(budgets)
  })
})
