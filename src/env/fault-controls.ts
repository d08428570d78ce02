/**
 * The `FaultControls` of an environment, whatever runs its services (local
 * processes, containers): each service name mapped to that service's own
 * controls, refused with a clear error for an unknown name and once the
 * environment is stopping. `serially` is the queue that makes the calls on one
 * service run one at a time (a restart never races a kill).
 */
import { EnvironmentError } from './errors.ts'
import { type FaultControls, type ServiceName, serviceNames } from './types.ts'

/** One service's controls, each idempotent (start on a running service, stop on a stopped one: no-ops). */
export type ServiceControls = Record<keyof FaultControls, () => Promise<void>>

export function environmentFaultControls(services: Record<ServiceName, ServiceControls>, lifecycle: { stopping: boolean }): FaultControls {
  const control = (operation: keyof FaultControls) => async (name: ServiceName) => {
    // Callers in plain JavaScript can pass anything; a typo must not read a prototype property.
    if (!Object.hasOwn(services, name)) {
      throw new EnvironmentError('ERR_ENV_UNKNOWN_SERVICE', `faults.${operation}: unknown service "${name}"; one of ${serviceNames.join(', ')}`)
    }
    if (lifecycle.stopping) {
      throw new EnvironmentError('ERR_ENV_STOPPED', `faults.${operation}(${name}): the environment is stopped`)
    }
    await services[name][operation]()
  }
  return { kill: control('kill'), stop: control('stop'), start: control('start'), restart: control('restart') }
}

/** A queue: each operation passed to the returned function waits for the one before, whatever its outcome. */
export function serially(): (operation: () => Promise<void>) => Promise<void> {
  let queue: Promise<unknown> = Promise.resolve()
  return (operation) => {
    const next = queue.then(operation)
    queue = next.catch(() => {})
    return next
  }
}
