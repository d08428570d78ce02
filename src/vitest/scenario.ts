/**
 * What a load test asks of `run(scenario)`: one user type in short
 * (`{ users, wait, tasks }`, as a Locust user class) or several in full
 * (`{ userTypes }`). Either way a user's onStart returns its session, and
 * that type flows to `vu.session` in its tasks and onStop (as k6 hands what
 * setup() returns to every iteration). `userTypesOf` turns either form into
 * the engine's user types.
 */
import type { BudgetSet } from '../engine/verdicts/budget.ts'
import type { During } from '../engine/models/during.ts'
import type { AnySession, LoadShape, Task, UserType } from '../engine/options.ts'
import type { VirtualUser } from '../engine/models/virtual-user.ts'
import type { WaitTime } from '../engine/models/wait-time.ts'

/** A user type whose onStart returns (or resolves to) the session its tasks and onStop see. */
export interface ScenarioUserType<Session extends AnySession = AnySession> extends Omit<UserType<Session>, 'onStart'> {
  onStart?(vu: VirtualUser): Promise<Session | undefined> | Promise<void> | Session | void
}

/**
 * `{ list: fn, open: fn }`: tasks by name, picked equally often (Locust's
 * `tasks = [...]`); or `[{ name, weight, run }]`, picked in proportion to
 * their weights (Locust's `@task(3)`).
 */
export type Tasks<Session extends AnySession = AnySession> = Record<string, (vu: VirtualUser<Session>) => unknown> | Task<Session>[]

interface ScenarioSettings {
  /** The category; defaults to the test file's name (`files.load.test.ts` -> `files`). */
  name?: string
  /** Replaces the profile's load shape (e.g. fewer users for a heavy category); `--users`, `--spawn-rate`, `--rate` and `--duration` still win over it. */
  load?: (profileLoad: LoadShape) => LoadShape
  requestTimeoutMs?: number
  /** Runs beside the load: faults injected in windows, measurements of its own (see src/engine/models/during.ts). */
  during?: During
  /** The budgets the test will judge the run by: the progress line judges the figures so far by them too (`budget: n/a` without). */
  budgets?: BudgetSet
}

/** One user type, the shorthand: `run({ users: { onStart }, wait: between(1, 3), tasks: { list, open } })`. */
export interface OneUserScenario<Session extends AnySession = AnySession> extends ScenarioSettings {
  /** Every user's name (`TASK <name> onStart`; default `user`), set-up and tear-down. */
  users?: { name?: string } & Pick<ScenarioUserType<Session>, 'onStart' | 'onStop'>
  /** Think time after each task; none when omitted. */
  wait?: WaitTime
  tasks: Tasks<Session>
  userTypes?: never
}

/** Several user types, each user assigned one in proportion to the types' weights. */
export interface MultiUserScenario<Session extends AnySession = AnySession> extends ScenarioSettings {
  userTypes: ScenarioUserType<Session>[]
  users?: never
  wait?: never
  tasks?: never
}

export type Scenario<Session extends AnySession = AnySession> = OneUserScenario<Session> | MultiUserScenario<Session>

const DEFAULT_USER_NAME = 'user'

function taskList<Session extends AnySession>(tasks: Tasks<Session>): Task<Session>[] {
  return Array.isArray(tasks) ? tasks : Object.entries(tasks).map(([name, run]) => ({ name, run }))
}

/** The engine's user type, whose onStart keeps what the scenario's returns as the user's session. */
function keepingSession<Session extends AnySession>(type: ScenarioUserType<Session>): UserType<Session> {
  if (!type.onStart) return type
  return {
    ...type,
    onStart: async (vu) => {
      const session = await type.onStart?.(vu)
      if (session) Object.assign(vu.session, session)
    },
  }
}

/** The engine's user types for a scenario, in either form. */
export function userTypesOf<Session extends AnySession>(scenario: Scenario<Session>): UserType[] {
  const types = scenario.userTypes ?? [
    { name: scenario.users?.name ?? DEFAULT_USER_NAME, wait: scenario.wait, onStart: scenario.users?.onStart, onStop: scenario.users?.onStop, tasks: taskList(scenario.tasks) },
  ]
  return types.map(keepingSession)
}
