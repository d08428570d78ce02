/**
 * Open model (k6 arrival rate, wrk2): arrivals come on schedule whatever the
 * server does. Each arrival runs one task on an idle virtual user from a pool
 * of `maxInFlight`; with none idle it is dropped and counted. Latency counts
 * from the scheduled start, so a stalled server shows in p99 (coordinated
 * omission). One timer tick starts every arrival that has come due.
 */
import { createArrivalSchedule } from './arrival-schedule.ts'
import type { OpenLoad, UserType } from './options.ts'
import type { Recorder } from './recorder.ts'
import { sleep } from './sleep.ts'
import { createTaskPicker, createUserTypeAssigner } from './task-picker.ts'
import { runGuarded, taskName } from './user-loop.ts'
import type { VirtualUser } from './virtual-user.ts'

const MAX_TICK_MS = 5

interface PooledUser {
  vu: VirtualUser
  type: UserType
  pick: ReturnType<typeof createTaskPicker>
  started: boolean
}

export interface OpenModelContext {
  load: OpenLoad
  userTypes: UserType[]
  recorder: Recorder
  signal: AbortSignal
  newUser: () => VirtualUser
  setInFlight: (count: number) => void
}

export interface OpenModelOutcome {
  scheduled: number
  dropped: number
  inFlight: Set<Promise<void>>
  users: VirtualUser[]
}

async function runIteration(user: PooledUser, dueMs: number, recorder: Recorder): Promise<void> {
  if (!user.started) {
    user.started = true
    await runGuarded(`${user.type.name} onStart`, user.type.onStart, user.vu, recorder)
  }
  const task = user.pick()
  user.vu.scheduleFrom(dueMs)
  await runGuarded(taskName(user.type, task, user.type.tasks.indexOf(task)), task.run, user.vu, recorder)
}

/** Emits arrivals until the schedule ends or the run aborts; in-flight iterations are returned. */
export async function driveOpenModel(ctx: OpenModelContext): Promise<OpenModelOutcome> {
  const schedule = createArrivalSchedule(ctx.load)
  const assign = createUserTypeAssigner(ctx.userTypes)
  const idle: PooledUser[] = []
  const outcome: OpenModelOutcome = { scheduled: 0, dropped: 0, inFlight: new Set(), users: [] }
  const t0 = performance.now()
  let next = 0

  const take = (): PooledUser | undefined => {
    const user = idle.pop()
    if (user || outcome.users.length >= ctx.load.maxInFlight) return user
    const type = assign()
    const vu = ctx.newUser()
    outcome.users.push(vu)
    return { vu, type, pick: createTaskPicker(type.tasks), started: false }
  }

  while (!ctx.signal.aborted) {
    const elapsed = performance.now() - t0
    const due = schedule.arrivalsBy(Math.min(elapsed, schedule.totalDurationMs))
    for (; next < due; next++) {
      outcome.scheduled += 1
      const user = take()
      if (!user) {
        outcome.dropped += 1
        continue
      }
      const iteration = runIteration(user, t0 + schedule.dueAtMs(next), ctx.recorder).then(() => {
        outcome.inFlight.delete(iteration)
        ctx.setInFlight(outcome.inFlight.size)
        idle.push(user)
      })
      outcome.inFlight.add(iteration)
    }
    ctx.setInFlight(outcome.inFlight.size)
    if (elapsed >= schedule.totalDurationMs) break
    const untilNext = t0 + schedule.dueAtMs(next) - performance.now()
    await sleep(Math.max(1, Math.min(MAX_TICK_MS, untilNext, schedule.totalDurationMs - elapsed)), ctx.signal)
  }
  return outcome
}
