/** What one virtual user does: onStart, weighted tasks with think time, onStop. */
import { setImmediate as nextTurn } from 'node:timers/promises'
import { failureReasonOf } from '../transport/failure-reason.ts'
import type { Task, UserType } from '../options.ts'
import type { Recorder } from '../stats/recorder.ts'
import { sleep } from './sleep.ts'
import { createTaskPicker } from './task-picker.ts'
import type { VirtualUser } from './virtual-user.ts'

/**
 * Runs a hook or task; a throw is recorded as a failure under `TASK <name>`
 * (the user goes on, as in Locust) unless the run is already over.
 */
export async function runGuarded(
  name: string,
  fn: ((vu: VirtualUser) => unknown) | undefined,
  vu: VirtualUser,
  recorder: Recorder,
): Promise<void> {
  if (!fn) return
  const began = performance.now()
  try {
    await fn(vu)
  } catch (error) {
    if (!vu.signal.aborted) recorder.record(`TASK ${name}`, performance.now() - began, 0, failureReasonOf(error))
  }
}

/**
 * A user's set-up (`onStart`), timed as its own task `TASK <type> onStart`,
 * success or failure, so that its time is seen and judged without inflating
 * any endpoint.
 */
export async function runSetup(type: UserType, vu: VirtualUser, recorder: Recorder): Promise<void> {
  if (!type.onStart) return
  const name = `TASK ${type.name} onStart`
  const began = performance.now()
  try {
    await type.onStart(vu)
    if (!vu.signal.aborted) recorder.record(name, performance.now() - began, 0)
  } catch (error) {
    if (!vu.signal.aborted) recorder.record(name, performance.now() - began, 0, failureReasonOf(error))
  }
}

export function taskName(type: UserType, task: Task, index: number): string {
  return task.name ?? `${type.name} #${index + 1}`
}

const YIELD_EVERY = 16

export interface UserHandle {
  readonly stopRequested: boolean
  /** Ends the user after its current task; a think time in progress ends at once. */
  stop(): void
  done: Promise<void>
}

/** Starts one closed-model user; it loops until asked to stop or the run ends. */
export function startUser(vu: VirtualUser, type: UserType, recorder: Recorder): UserHandle {
  const stopping = new AbortController()
  const thinkSignal = AbortSignal.any([vu.signal, stopping.signal])
  const handle: UserHandle = {
    get stopRequested() {
      return stopping.signal.aborted
    },
    stop: () => stopping.abort(),
    done: Promise.resolve(),
  }
  const pick = createTaskPicker(type.tasks)
  const running = (): boolean => !handle.stopRequested && !vu.signal.aborted
  let iterations = 0
  handle.done = (async () => {
    await runSetup(type, vu, recorder)
    while (running()) {
      const task = pick()
      await runGuarded(taskName(type, task, type.tasks.indexOf(task)), task.run, vu, recorder)
      if (type.wait && running()) await sleep(type.wait() * 1000, thinkSignal)
      // A task with no I/O would otherwise loop in microtasks and starve the
      // timers that end the run; yielding every few iterations bounds that
      // without paying a macrotask turn on every request.
      else if (++iterations % YIELD_EVERY === 0) await nextTurn()
    }
    if (!vu.signal.aborted) await runGuarded(`${type.name} onStop`, type.onStop, vu, recorder)
    vu.closeSockets()
  })()
  return handle
}
