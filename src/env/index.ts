/**
 * src/env: where the API under test comes from (`LOAD_ENV`: local, containers,
 * external), the check that it answers (`validateEnvironment`) and what the
 * load costs it (`startResourceSampling`). The only code that starts processes
 * and containers.
 */
import { resolveEnvironmentKind } from './environment-kind.ts'
import { assertReferenceApi } from './reference-api.ts'
import type { StartEnvironmentOptions, StartedEnvironment } from './types.ts'

export type {
  ApiConfig,
  EnvironmentKind,
  FaultControls,
  ServiceAddress,
  ServiceName,
  StartEnvironmentOptions,
  StartedEnvironment,
} from './types.ts'
export { environmentKinds, serviceNames } from './types.ts'
export { EnvironmentError } from './errors.ts'
export { resolveEnvironmentKind } from './environment-kind.ts'
export { ensureSystemBinaries } from './system-binaries.ts'
export { formatValidationReport, validateEnvironment } from './validate.ts'
export type { ValidationCheck, ValidationReport } from './validate.ts'
export { startResourceSampling } from './resources/index.ts'
export type { NetworkSample, ResourceSample, ResourceSampling, ResourceSeries } from './resources/index.ts'

/** Starts (or reaches) the environment named by `options.kind`, else `LOAD_ENV`, else `local`. */
export async function startEnvironment(options: StartEnvironmentOptions): Promise<StartedEnvironment> {
  const kind = resolveEnvironmentKind(options.kind)
  // Each kind is imported on demand so the local path never loads testcontainers.
  switch (kind) {
    case 'local': {
      assertReferenceApi(kind)
      const { startLocalEnvironment } = await import('./local/index.ts')
      return startLocalEnvironment(options)
    }
    case 'containers': {
      assertReferenceApi(kind)
      const { startContainersEnvironment } = await import('./containers/index.ts')
      return startContainersEnvironment(options)
    }
    case 'external': {
      const { startExternalEnvironment } = await import('./external.ts')
      return startExternalEnvironment(options)
    }
  }
}
