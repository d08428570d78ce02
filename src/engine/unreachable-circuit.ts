/**
 * Trips when the target never answered: only "unreachable" errors for a while
 * from the start means there is nobody to measure, and recording a million
 * ECONNREFUSED would only bury the message. Once the target has answered, it
 * never trips: an outage mid-run is what a load test is there to see, so its
 * refused connections are failures like any other and the run goes on.
 */
import { isUnreachable } from './transport/failure-reason.ts'

const MIN_ERRORS = 50
const MIN_SPAN_MS = 2000

export interface UnreachableCircuit {
  observe(reachable: boolean, reason?: string): void
  readonly trippedReason: string | undefined
}

export function createUnreachableCircuit(onTrip: (reason: string) => void): UnreachableCircuit {
  let answered = false
  let streak = 0
  let since = 0
  let tripped: string | undefined
  return {
    observe(reachable, reason) {
      if (reachable) answered = true
      if (answered || reason === undefined || !isUnreachable(reason)) {
        streak = 0
        return
      }
      if (streak === 0) since = performance.now()
      streak += 1
      if (!tripped && streak >= MIN_ERRORS && performance.now() - since >= MIN_SPAN_MS) {
        tripped = `${streak} ${reason} in a row over ${((performance.now() - since) / 1000).toFixed(1)} s, and no answer since the run began`
        onTrip(tripped)
      }
    },
    get trippedReason() {
      return tripped
    },
  }
}
