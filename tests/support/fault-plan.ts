/**
 * The resilience category's faults, one after another, each inside a window
 * of the run: take the service down, keep it down, bring it back, and time
 * how long the API takes to be ready again (`RECOVERY <service>`). Whatever
 * happens, the service is started again before the plan goes on or ends.
 */
import type { DuringContext } from '../../src/engine/index.ts'
import { sleep } from '../../src/engine/models/sleep.ts'
import type { FaultControls, ServiceName } from '../../src/env/types.ts'

export interface Fault {
  service: ServiceName
  /** `kill` is a crash (SIGKILL, docker kill); `stop` a clean shutdown. */
  how: 'kill' | 'stop'
}

export const faultPlan: Fault[] = [
  { service: 'redis', how: 'kill' },
  { service: 'postgres', how: 'stop' },
  { service: 'worker', how: 'kill' },
  { service: 'api', how: 'kill' },
]

export const DOWN_MS = 3000
/** Steady load before the first fault and after each recovery, so each window has a before and an after. */
export const STEADY_MS = 4000
const POLL_MS = 100
const RECOVERY_TIMEOUT_MS = 30_000

/** The time the plan needs at most, recoveries of a few seconds included: the run must last at least this long. */
export const planMs = STEADY_MS + faultPlan.length * (DOWN_MS + 4000 + STEADY_MS)

/** Ready again: the API answers /health/ready, and for the worker, /api/v1/health sees its heartbeat. */
async function isReady(baseUrl: string, service: ServiceName): Promise<boolean> {
  try {
    if (service !== 'worker') return (await fetch(`${baseUrl}/health/ready`)).status === 200
    const health = (await (await fetch(`${baseUrl}/api/v1/health`)).json()) as { worker?: { ok?: boolean } }
    return health.worker?.ok === true
  } catch {
    return false
  }
}

async function waitUntilReady(baseUrl: string, service: ServiceName): Promise<boolean> {
  const deadline = performance.now() + RECOVERY_TIMEOUT_MS
  while (performance.now() < deadline) {
    if (await isReady(baseUrl, service)) return true
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
  return false
}

async function inject(fault: Fault, faults: FaultControls, baseUrl: string, { signal, window, record }: DuringContext): Promise<void> {
  const outage = window(`${fault.service} ${fault.how === 'kill' ? 'killed' : 'stopped'}`)
  try {
    await faults[fault.how](fault.service)
    await sleep(DOWN_MS, signal)
  } finally {
    const back = performance.now()
    await faults.start(fault.service)
    const ready = await waitUntilReady(baseUrl, fault.service)
    record(`RECOVERY ${fault.service}`, performance.now() - back, ready ? undefined : `not ready within ${RECOVERY_TIMEOUT_MS / 1000} s`)
    outage.end()
  }
}

export async function runFaultPlan(faults: FaultControls, baseUrl: string, context: DuringContext): Promise<void> {
  await sleep(STEADY_MS, context.signal)
  for (const fault of faultPlan) {
    if (context.signal.aborted) return
    await inject(fault, faults, baseUrl, context)
    await sleep(STEADY_MS, context.signal)
  }
}
