/** The API's variables, shared by every environment that starts the API. */
import type { ApiConfig } from './types.ts'

/** `API_*` variables of this process go to the API (e.g. `API_SLOW_ENDPOINTS` set on the command line). */
export function inheritedApiVariables(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const inherited: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('API_') && value !== undefined) inherited[name] = value
  }
  return inherited
}

/** The caller's `apiEnv` wins, and `apiConfig` then says what the API really got. */
export function withOverrides(apiEnv: Record<string, string>, config: ApiConfig): ApiConfig {
  const merged: ApiConfig = { ...config }
  for (const name of Object.keys(config)) {
    const override = apiEnv[name]
    if (override !== undefined) merged[name] = override
  }
  return merged
}
