/**
 * The scenario API's shorthand, against an in-process server: tasks by name
 * are picked equally often and a weighted list in its weights' proportions
 * (counted over a run, as requests to each task's own path); what onStart
 * returns is the session every task sees, typed, and a wrong field fails to
 * compile; the names recorded are the ones the full form records.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { type AnySession, runLoad } from '../../src/engine/index.ts'
import type { RunResult } from '../../src/engine/result.ts'
import { type Scenario, userTypesOf } from '../../src/vitest/scenario.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'

let server: FakeServer
beforeAll(async () => {
  server = await startFakeServer()
  return () => server.close()
})

/** Ten users with no think time for a second: a few thousand task picks. */
function runScenario<Session extends AnySession>(scenario: Scenario<Session>): Promise<RunResult> {
  return runLoad({
    name: 'scenario',
    baseUrl: server.url,
    load: { model: 'closed', stages: [{ users: 10, spawnRatePerSec: 1000, durationMs: 1000 }] },
    userTypes: userTypesOf(scenario),
  })
}

const requestsOf = (result: RunResult, name: string): number => result.endpoints.find((e) => e.name === name)?.requests ?? 0

/**
 * Expects each path's share of the requests to these paths within five standard
 * deviations of its expected share: chance alone lands that far off about
 * once in two million runs, a broken weight (a share off by 0.15 or more)
 * every time once there are 500 picks.
 */
function expectShares(result: RunResult, expected: Record<string, number>): void {
  const counts = Object.keys(expected).map((path) => requestsOf(result, `GET ${path}`))
  const total = counts.reduce((sum, n) => sum + n, 0)
  expect(total).toBeGreaterThan(500)
  for (const [i, share] of Object.values(expected).entries()) {
    const sigma = Math.sqrt((share * (1 - share)) / total)
    expect(Math.abs((counts[i] ?? 0) / total - share)).toBeLessThan(5 * sigma)
  }
}

describe('the one-user-type shorthand', () => {
  it('picks tasks given by name equally often', async () => {
    const result = await runScenario({ tasks: { first: (vu) => vu.get('/first'), second: (vu) => vu.get('/second') } })
    expectShares(result, { '/first': 0.5, '/second': 0.5 })
  })

  it('picks a weighted list in proportion to the weights, as Locust’s @task(3)', async () => {
    const result = await runScenario({
      tasks: [
        { name: 'often', weight: 3, run: (vu) => vu.get('/often') },
        { name: 'rarely', weight: 1, run: (vu) => vu.get('/rarely') },
      ],
    })
    expectShares(result, { '/often': 0.75, '/rarely': 0.25 })
  })

  it('hands every task the session onStart returned, and records under the full form’s names', async () => {
    const result = await runScenario({
      users: { name: 'member', onStart: async () => ({ fileIds: ['a', 'b'] }) },
      tasks: {
        'read the session': (vu) => vu.check('session from onStart', vu.session.fileIds.length === 2),
        'throw': () => {
          throw new Error('on purpose')
        },
      },
    })
    expect(requestsOf(result, 'CHECK session from onStart')).toBeGreaterThan(0)
    expect(result.endpoints.find((e) => e.name === 'CHECK session from onStart')?.failures).toBe(0)
    expect(requestsOf(result, 'TASK member onStart')).toBe(10)
    expect(result.failures.map((f) => f.endpoint)).toContain('TASK throw')
  })

  it('names the user `user` when the scenario does not', () => {
    const [type] = userTypesOf({ tasks: { only: () => undefined } })
    expect(type?.name).toBe('user')
    expect(type?.tasks.map((task) => task.name)).toEqual(['only'])
  })
})

describe('session types', () => {
  it('flow from onStart to the tasks, in the shorthand and the full form', () => {
    userTypesOf({
      users: { onStart: () => ({ fileIds: ['a'] }) },
      tasks: {
        read: (vu) => {
          const ids: string[] = vu.session.fileIds
          // @ts-expect-error: the session has no token, and a typo must not compile
          return [ids, vu.session.token]
        },
      },
    })
    userTypesOf({
      userTypes: [
        {
          name: 'counter',
          onStart: () => ({ count: 0 }),
          tasks: [
            {
              run: (vu) => {
                vu.session.count += 1
                // @ts-expect-error: count is a number, not a string
                vu.session.count = 'one'
              },
            },
          ],
        },
      ],
    })
  })
})
