/** Reads `LOAD_ENV` (or an explicit kind) and rejects anything that is not a known kind. */
import { EnvironmentError } from './errors.ts'
import { type EnvironmentKind, environmentKinds } from './types.ts'

export function resolveEnvironmentKind(
  kind: string | undefined = undefined,
  env: NodeJS.ProcessEnv = process.env,
): EnvironmentKind {
  const chosen = kind ?? env.LOAD_ENV ?? 'local'
  const value = chosen.trim() === '' ? 'local' : chosen.trim()
  if (isEnvironmentKind(value)) return value
  throw new EnvironmentError(
    'ERR_ENV_UNKNOWN_KIND',
    `LOAD_ENV=${JSON.stringify(chosen)} is not an environment; valid values: ${environmentKinds.join(', ')}`,
  )
}

function isEnvironmentKind(value: string): value is EnvironmentKind {
  return (environmentKinds as readonly string[]).includes(value)
}
