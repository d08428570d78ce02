/** Think time between tasks, in seconds as Locust writes it. */
export type WaitTime = () => number

/** A uniformly random wait between `minSec` and `maxSec` (Locust's `between`). */
export function between(minSec: number, maxSec: number): WaitTime {
  if (!(minSec >= 0 && maxSec >= minSec)) {
    throw new RangeError(`between(${minSec}, ${maxSec}): need 0 <= min <= max`)
  }
  return () => minSec + Math.random() * (maxSec - minSec)
}

/** The same wait every time (Locust's `constant`). */
export function constant(sec: number): WaitTime {
  if (!(sec >= 0)) throw new RangeError(`constant(${sec}): need a wait >= 0`)
  return () => sec
}
