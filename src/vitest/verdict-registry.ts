/**
 * Carries each run's verdict from the matcher that computed it to the
 * load-test fixture that writes it beside the results, within one test
 * worker, and the run's baseline from the fixture to the matcher. Keyed by
 * the result object, so two runs in one test stay apart.
 */
import type { RunResult } from '../engine/result.ts'
import type { RunVerdict } from '../engine/verdicts/run-verdict.ts'

interface Tracked {
  verdicts: RunVerdict[]
  /** The test's `annotate`: each judgement becomes a property of the test case in JUnit. */
  annotate: (message: string, type: string) => Promise<unknown>
  /** The stored run it is compared with (`--baseline`), if any. */
  baseline?: RunResult
}

const tracked = new WeakMap<RunResult, Tracked>()

/** Called by the fixture for every result it hands to a test. */
export function trackRun(result: RunResult, annotate: Tracked['annotate'], baseline?: RunResult): void {
  tracked.set(result, { verdicts: [], annotate, baseline })
}

export function baselineOf(result: RunResult): RunResult | undefined {
  return tracked.get(result)?.baseline
}

/** Called by the matcher; a result the fixture did not produce (runLoad called directly) is judged all the same. */
export function recordVerdict(result: RunResult, verdict: RunVerdict, message: string): void {
  const entry = tracked.get(result)
  if (!entry) return
  entry.verdicts.push(verdict)
  void entry.annotate(message, 'load verdict')
}

export function verdictsOf(result: RunResult): RunVerdict[] {
  return tracked.get(result)?.verdicts ?? []
}
