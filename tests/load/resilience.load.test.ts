/**
 * Resilience: the mixed workload while Redis is killed, Postgres stopped, the
 * worker killed and the API killed, one after another, each down 3 s, through
 * the environment's own fault controls. Judged by the ordinary budgets
 * outside the fault windows, plus its own: the API ready again within 10 s of
 * each dependency coming back (`RECOVERY <service>`), and not one task lost
 * (every task submitted reaches `completed` or `failed` once the load is over).
 */
import { describe, expect } from 'vitest'
import { budgets } from '../../budgets.ts'
import type { DuringContext, VirtualUser } from '../../src/engine/index.ts'
import { scaleLoad, totalDurationMs } from '../../src/engine/options.ts'
import { loadTest as test } from '../../src/vitest/load-test.ts'
import { faultPlan, planMs, runFaultPlan } from '../support/fault-plan.ts'
import { submitAudioOverlay, submitJoin } from '../support/media-client.ts'
import { type MixedSession, mixedUserTypes, type TaskKind } from '../support/mixed-workload.ts'

interface Submitted {
  id: string
  authorization: string
}

/** After the load, how long the submitted tasks have to reach a final state. */
const FINAL_STATE_WITHIN_MS = 45_000
const FINAL = new Set(['completed', 'failed', 'cancelled'])

async function statusOf(baseUrl: string, task: Submitted): Promise<string> {
  try {
    const response = await fetch(`${baseUrl}/api/v1/tasks/${task.id}`, { headers: { authorization: task.authorization } })
    return response.ok ? ((await response.json()) as { status: string }).status : `HTTP ${response.status}`
  } catch (error) {
    return (error as Error).message
  }
}

/** Every task submitted during the run must end; one still open when the time is up is lost. */
async function checkNoTaskLost(baseUrl: string, submitted: Submitted[], { check }: DuringContext): Promise<void> {
  const deadline = performance.now() + FINAL_STATE_WITHIN_MS
  let open = [...submitted]
  let last = new Map<string, string>()
  while (open.length > 0 && performance.now() < deadline) {
    const statuses = await Promise.all(open.map((task) => statusOf(baseUrl, task)))
    last = new Map(open.map((task, i) => [task.id, statuses[i] as string]))
    open = open.filter((task) => !FINAL.has(last.get(task.id) ?? ''))
    if (open.length > 0) await new Promise((resolve) => setTimeout(resolve, 500))
  }
  for (const task of submitted) {
    const stillOpen = open.includes(task)
    check('task reaches a final state', !stillOpen, stillOpen ? `still ${last.get(task.id)} ${FINAL_STATE_WITHIN_MS / 1000} s after the load` : undefined)
  }
}

describe('resilience', () => {
  test('the API recovers from each fault within its budget and loses no task', async ({ run, fixtures, faults, baseUrl, skip }) => {
    if (!faults) return skip('resilience needs fault controls, which LOAD_ENV=local and containers have and external does not')
    const submitted: Submitted[] = []
    const create = async (vu: VirtualUser<MixedSession>, kind: TaskKind): Promise<void> => {
      const { video, audio } = vu.session
      if (!video || !audio) return
      const id = kind === 'join' ? await submitJoin(vu, [video, video]) : await submitAudioOverlay(vu, video, audio)
      if (id) submitted.push({ id, authorization: vu.headers.authorization ?? '' })
    }
    const result = await run({
      budgets,
      userTypes: mixedUserTypes(fixtures, create, 'resilience'),
      // Long enough for every fault and its recovery, whatever the profile (a --duration on the command line still wins).
      load: (shape) => (totalDurationMs(shape) >= planMs ? shape : scaleLoad(shape, planMs)),
      during: async (context) => {
        await runFaultPlan(faults, baseUrl, context)
        await new Promise((resolve) => (context.signal.aborted ? resolve(undefined) : context.signal.addEventListener('abort', resolve, { once: true })))
        await checkNoTaskLost(baseUrl, submitted, context)
      },
    })
    expect(result.windows?.length, `every fault of the plan needs ${planMs / 1000} s of load; a shorter --duration leaves some out`).toBe(faultPlan.length)
    expect(result).toMeetBudgets(budgets)
  })
})
