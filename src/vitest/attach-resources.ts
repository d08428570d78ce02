/**
 * Puts on a result what its run cost the target: the slice of the main
 * process's resource samples that covers the run. A sampler that cannot
 * answer costs the run its resource figures, never its latency verdict.
 */
import type { RunResult } from '../engine/result.ts'
import { type ControlEndpoint, fetchResources } from './control-server.ts'

export async function attachResources(result: RunResult, controls: ControlEndpoint | null): Promise<void> {
  if (!controls?.resources) return
  const fromSec = Date.parse(result.startedAt) / 1000
  try {
    result.resources = await fetchResources(controls, fromSec, fromSec + result.durationMs / 1000)
  } catch (error) {
    console.error(`loadgate: ${result.name}: no resource figures: ${error instanceof Error ? error.message : String(error)}`)
  }
}
