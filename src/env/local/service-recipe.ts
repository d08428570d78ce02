/**
 * How one local service is started and known to be ready. It is kept after the
 * first start so a fault control can start the service again exactly as before:
 * same command, port, data directory, credentials and environment.
 */
import type { ServiceSpec, SupervisedProcess, Supervisor } from '../process/supervisor.ts'

export interface ServiceRecipe {
  spec: ServiceSpec
  /** Resolves once `process` is ready; rejects, naming it with the end of its log, when it exits first or takes too long. */
  ready(process: SupervisedProcess): Promise<void>
}

export interface StartedService {
  process: SupervisedProcess
  recipe: ServiceRecipe
}

export async function launchService(supervisor: Supervisor, recipe: ServiceRecipe): Promise<StartedService> {
  const started = await supervisor.spawn(recipe.spec)
  await recipe.ready(started)
  return { process: started, recipe }
}
