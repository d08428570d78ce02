/**
 * The local environment's `FaultControls`: each service name mapped to its
 * controlled service. Refused once the environment is stopping, with a clear
 * error rather than the supervisor's refusal to spawn.
 */
import { EnvironmentError } from '../errors.ts'
import { type FaultControls, type ServiceName, serviceNames } from '../types.ts'
import type { ControlledService } from './controlled-service.ts'

export function localFaultControls(
  services: Record<ServiceName, ControlledService>,
  lifecycle: { stopping: boolean },
): FaultControls {
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
