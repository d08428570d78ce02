/**
 * Waiting for a started service to be ready: a probe polled until it says yes,
 * bounded in time, and cut short when the process exits. Either failure names
 * the service and shows the tail of its log.
 */
import { EnvironmentError } from '../errors.ts'
import type { SupervisedProcess } from '../process/supervisor.ts'
import { readLogFrom, readLogTail } from './log-tail.ts'

export type ReadinessProbe = () => Promise<boolean>

const pollIntervalMs = 100
const probeTimeoutMs = 1_000

export async function waitUntilReady(
  service: SupervisedProcess,
  probe: ReadinessProbe,
  timeoutMs: number,
): Promise<void> {
  let exit: string | undefined
  void service.exited.then((info) => {
    exit = info.signal ?? `code ${info.code}`
  })
  const deadline = performance.now() + timeoutMs
  while (exit === undefined) {
    if (await probe()) return
    if (performance.now() >= deadline) {
      throw await serviceError('ERR_ENV_SERVICE_TIMEOUT', service, `was not ready within ${timeoutMs / 1000} s`)
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs))
  }
  throw await serviceError('ERR_ENV_SERVICE_EXITED', service, `exited (${exit}) before it was ready`)
}

async function serviceError(
  code: 'ERR_ENV_SERVICE_TIMEOUT' | 'ERR_ENV_SERVICE_EXITED',
  service: SupervisedProcess,
  what: string,
): Promise<EnvironmentError> {
  const tail = await readLogTail(service.logFile, service.logStart)
  return new EnvironmentError(
    code,
    `${service.name} (pid ${service.pid}) ${what}; the end of ${service.logFile}:\n${tail}`,
  )
}

/** Ready once the service has logged `text` (postgres, redis and the worker announce readiness there). */
export function logContains(service: SupervisedProcess, text: string): ReadinessProbe {
  return async () => (await readLogFrom(service.logFile, service.logStart)).includes(text)
}

/** Ready once `url` answers with a status `accept` takes. */
export function httpAnswers(url: string, accept: (status: number) => boolean): ReadinessProbe {
  return async () => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(probeTimeoutMs) })
      await response.arrayBuffer()
      return accept(response.status)
    } catch {
      return false
    }
  }
}
