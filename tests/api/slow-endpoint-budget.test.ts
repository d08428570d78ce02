/**
 * A deliberately slowed endpoint (the API's API_SLOW_ENDPOINTS switch) fails
 * its budget with a message naming exactly that endpoint, while its
 * neighbours pass: the suite blames the right thing.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { budgets } from '../../budgets.ts'
import { between, runLoad } from '../../src/engine/index.ts'
import { type StartedEnvironment, startEnvironment } from '../../src/env/index.ts'
import { checkBudgets } from '../../src/vitest/budget-matcher.ts'
import { register } from '../support/media-client.ts'

const SLOWED = 'GET /api/v1/users/me/stats'
let environment: StartedEnvironment

beforeAll(async () => {
  environment = await startEnvironment({
    kind: 'local',
    resultsDir: mkdtempSync(join(tmpdir(), 'loadgate-slow-')),
    apiEnv: { API_SLOW_ENDPOINTS: `${SLOWED}=700` },
  })
})
afterAll(() => environment?.stop())

describe('a deliberately slowed endpoint', () => {
  it('fails its own budget, by name, and nothing else', async () => {
    const result = await runLoad({
      name: 'slowed',
      profile: 'smoke',
      baseUrl: environment.baseUrl,
      load: { model: 'closed', stages: [{ users: 4, spawnRatePerSec: 10, durationMs: 5000 }] },
      userTypes: [
        {
          name: 'browser',
          wait: between(0.1, 0.3),
          onStart: (vu) => register(vu, 'slow'),
          tasks: [
            { weight: 1, run: (vu) => vu.get('/api/v1/users/me/stats') },
            { weight: 1, run: (vu) => vu.get('/api/v1/files') },
            { weight: 1, run: (vu) => vu.get('/api/v1/tasks') },
          ],
        },
      ],
    })
    const { pass, message } = checkBudgets(result, budgets)
    expect(pass).toBe(false)
    expect(message).toMatch(/GET \/api\/v1\/users\/me\/stats: p95 7\d\d ms > budget 500 ms/)
    expect(message).toContain(`${SLOWED}: mean`)
    for (const other of ['GET /api/v1/files', 'GET /api/v1/tasks', 'POST /api/v1/auth/register']) {
      expect(message).not.toContain(`${other}:`)
      expect(checkBudgets(result, budgets, { endpoint: other }).pass).toBe(true)
    }
  })
})
