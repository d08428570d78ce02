/**
 * Open model (k6 arrival rate, wrk2): arrivals come on schedule whatever the
 * server does. Each arrival runs one task on a virtual user, at most
 * `maxInFlight` at once (a p-limit); with every slot busy it is dropped and
 * counted, never queued, since a queue would hide the server's stall from the
 * schedule. Users are kept between arrivals (their session with them). Latency counts
 * from the scheduled start, so a stalled server shows in p99 (coordinated
 * omission).
 *
 * Arrivals are released in batches on a fixed grid of RELEASE_TICK_MS: a timer
 * wake costs about as much CPU as a request, so waking once per arrival would
 * cost the generator several times the requests' own CPU at 1,000/s. Each
 * arrival is timed from its batch's scheduled release (not from when the timer
 * actually fired), so a late wake still counts against latency. Over any
 * window longer than a tick the rate is exact.
 */
import pLimit from 'p-limit'
import { createArrivalSchedule } from './arrival-schedule.ts'
import type { OpenLoad, UserType } from '../options.ts'
import type { Recorder } from '../stats/recorder.ts'
import { sleep } from './sleep.ts'
import { createTaskPicker, createUserTypeAssigner } from './task-picker.ts'
import { runGuarded, runSetup, taskName } from './user-loop.ts'
import type { VirtualUser } from './virtual-user.ts'

const RELEASE_TICK_MS = 10

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
  /** Arrivals so far, after each release (for the live view; the outcome has the final counts). */
  setArrivals: (scheduled: number, dropped: number) => void
}

export interface OpenModelOutcome {
  scheduled: number
  dropped: number
  inFlight: Set<Promise<void>>
  users: VirtualUser[]
}

async function runIteration(user: PooledUser, dueMs: number, recorder: Recorder): Promise<void> {
  let startMs = dueMs
  if (!user.started) {
    user.started = true
    await runSetup(user.type, user.vu, recorder)
    // The set-up is timed as its own task; the arrival's requests count from when they could start.
    startMs = Math.max(dueMs, performance.now())
  }
  const task = user.pick()
  user.vu.scheduleFrom(startMs)
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

  const limit = pLimit(ctx.load.maxInFlight)
  const idleOrNewUser = (): PooledUser => {
    const user = idle.pop()
    if (user) return user
    const type = assign()
    const vu = ctx.newUser()
    outcome.users.push(vu)
    return { vu, type, pick: createTaskPicker(type.tasks), started: false }
  }

  // The release in progress: every arrival due before the end of its tick goes out at its start.
  let releaseMs = 0
  while (!ctx.signal.aborted) {
    const releaseEnd = Math.min(releaseMs + RELEASE_TICK_MS, schedule.totalDurationMs)
    const due = schedule.arrivalsBy(releaseEnd)
    for (; next < due; next++) {
      outcome.scheduled += 1
      if (limit.activeCount + limit.pendingCount >= ctx.load.maxInFlight) {
        outcome.dropped += 1
        continue
      }
      const user = idleOrNewUser()
      // The user is idle again before its slot frees, so no arrival makes a user past maxInFlight.
      const iteration = limit(async () => {
        await runIteration(user, t0 + releaseMs, ctx.recorder)
        idle.push(user)
      }).then(() => {
        outcome.inFlight.delete(iteration)
        ctx.setInFlight(limit.activeCount)
      })
      outcome.inFlight.add(iteration)
    }
    ctx.setInFlight(limit.activeCount)
    ctx.setArrivals(outcome.scheduled, outcome.dropped)
    if (releaseEnd >= schedule.totalDurationMs) break
    // The next release is the tick holding the next arrival, however far ahead
    // (low rates sleep long), but never past the end of the schedule.
    const nextTick = Math.floor(schedule.dueAtMs(next) / RELEASE_TICK_MS) * RELEASE_TICK_MS
    releaseMs = Math.min(schedule.totalDurationMs, Math.max(releaseEnd, nextTick))
    await sleep(t0 + releaseMs - performance.now(), ctx.signal)
  }
  return outcome
}
