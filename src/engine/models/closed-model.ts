/**
 * Closed model (Locust): users are spawned at a rate up to each stage's
 * target, each looping over its tasks; a lower target stops users at the
 * same rate.
 */
import type { ClosedLoad, UserType } from '../options.ts'
import type { Recorder } from '../stats/recorder.ts'
import { sleep } from './sleep.ts'
import { createUserTypeAssigner } from './task-picker.ts'
import { startUser, type UserHandle } from './user-loop.ts'
import type { VirtualUser } from './virtual-user.ts'

const TICK_MS = 100

export interface ClosedModelContext {
  load: ClosedLoad
  userTypes: UserType[]
  recorder: Recorder
  signal: AbortSignal
  newUser: () => VirtualUser
  /** Updated on every change, for the time series. */
  setActiveUsers: (count: number) => void
}

/** Runs the stages; resolves at the end of the last stage or on abort, with the users still running. */
export async function driveClosedModel(ctx: ClosedModelContext): Promise<UserHandle[]> {
  const assign = createUserTypeAssigner(ctx.userTypes)
  const active: UserHandle[] = []
  const all: UserHandle[] = []
  for (const stage of ctx.load.stages) {
    const stageEnd = performance.now() + stage.durationMs
    let credit = 1
    let last = performance.now()
    while (!ctx.signal.aborted && performance.now() < stageEnd) {
      const now = performance.now()
      credit = Math.min(credit + ((now - last) / 1000) * stage.spawnRatePerSec, Math.max(1, stage.spawnRatePerSec))
      last = now
      while (credit >= 1 && active.length !== stage.users) {
        credit -= 1
        if (active.length < stage.users) {
          const handle = startUser(ctx.newUser(), assign(), ctx.recorder)
          active.push(handle)
          all.push(handle)
        } else {
          const handle = active.pop()
          handle?.stop()
        }
      }
      ctx.setActiveUsers(active.length)
      await sleep(Math.min(TICK_MS, stageEnd - performance.now()), ctx.signal)
    }
  }
  for (const handle of active) handle.stop()
  return all
}
