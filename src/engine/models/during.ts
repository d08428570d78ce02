/**
 * A routine that runs beside the load (`LoadOptions.during`): it injects
 * faults, deploys, or watches something, from the first arrival to the end
 * of the stages. It can open windows (a fault in progress): while one is
 * open, requests are recorded in the whole-run figures but left out of the
 * steady-state ones, which are what the budgets judge once any window was
 * opened. It can record measurements and checks of its own, judged like any.
 */
import { failureReasonOf } from '../transport/failure-reason.ts'
import type { Recorder } from '../stats/recorder.ts'
import type { TimeWindow } from '../result.ts'

export interface OpenWindow {
  /** Closes the window now; idempotent. */
  end(): void
}

export interface DuringContext {
  /** Aborted when the stages are over or the run is stopped: wind down and restore what you broke. */
  signal: AbortSignal
  /** Opens a window labelled `label` (`postgres down`) until `end()`. */
  window(label: string): OpenWindow
  /** A measurement under `name` (`RECOVERY postgres`), a failure when `failureReason` is given. */
  record(name: string, durationMs: number, failureReason?: string): void
  /** A check, recorded as `CHECK <name>` like `vu.check`. */
  check(name: string, condition: boolean, detail?: string): boolean
}

export type During = (context: DuringContext) => Promise<unknown> | unknown

export interface RunningDuring {
  windows: TimeWindow[]
  /** Tells the routine the stages are over. */
  stop(): void
  /** Settles when the routine has returned; a throw was recorded as a `TASK during` failure. */
  done: Promise<void>
}

/** Starts `routine` beside the load; the recorder keeps steady-state series from now on. */
export function startDuring(routine: During, recorder: Recorder, runSignal: AbortSignal): RunningDuring {
  recorder.keepSteady()
  const stopping = new AbortController()
  const signal = AbortSignal.any([stopping.signal, runSignal])
  const windows: TimeWindow[] = []
  const context: DuringContext = {
    signal,
    window(label) {
      const window: TimeWindow = { label, startSec: Date.now() / 1000, endSec: Number.NaN }
      windows.push(window)
      recorder.openWindow()
      return {
        end() {
          if (!Number.isNaN(window.endSec)) return
          window.endSec = Date.now() / 1000
          recorder.closeWindow()
        },
      }
    },
    record: (name, durationMs, failureReason) => recorder.record(name, durationMs, 0, failureReason),
    check(name, condition, detail = 'failed') {
      recorder.recordCheck(`CHECK ${name}`, condition, detail)
      return condition
    },
  }
  const began = performance.now()
  const done = (async () => {
    try {
      await routine(context)
    } catch (error) {
      if (!runSignal.aborted) recorder.record('TASK during', performance.now() - began, 0, failureReasonOf(error))
    }
    // A window left open ends with the routine.
    for (const window of windows) if (Number.isNaN(window.endSec)) window.endSec = Date.now() / 1000
  })()
  return { windows, stop: () => stopping.abort(), done }
}
