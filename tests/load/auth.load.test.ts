/** Auth: registration and login under load (a slow KDF makes these the write class). */
import { describe, expect } from 'vitest'
import { budgets } from '../../budgets.ts'
import { between } from '../../src/engine/index.ts'
import { loadTest as test } from '../../src/vitest/load-test.ts'
import { login, register } from '../support/media-client.ts'

describe('auth', () => {
  test('register and login stay within the write budget', async ({ run }) => {
    const result = await run({
      budgets,
      users: { name: 'member', onStart: async (vu) => ({ account: await register(vu, 'auth') }) },
      wait: between(1, 2),
      tasks: [
        { name: 'login', weight: 3, run: (vu) => login(vu, vu.session.account) },
        { name: 'who am I', weight: 2, run: (vu) => vu.get('/api/v1/users/me') },
        {
          name: 'new account',
          weight: 1,
          run: async (vu) => {
            vu.session.account = await register(vu, 'auth')
          },
        },
      ],
    })
    expect(result.endpoints.find((e) => e.name === 'POST /api/v1/auth/login')?.requests).toBeGreaterThan(0)
    expect(result).toMeetBudgets(budgets)
  })
})
