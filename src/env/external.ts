/** `external`: `LOAD_BASE_URL` names a running API; nothing is started, only its reachability is checked. */
import { EnvironmentError } from './errors.ts'
import type { StartEnvironmentOptions, StartedEnvironment } from './types.ts'

const reachabilityTimeoutMs = 3_000

export async function startExternalEnvironment(
  options: StartEnvironmentOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StartedEnvironment> {
  const baseUrl = parseBaseUrl(options.baseUrl ?? env.LOAD_BASE_URL)
  await assertReachable(baseUrl)
  return {
    kind: 'external',
    baseUrl,
    description: `external API at ${baseUrl} (LOAD_BASE_URL; nothing started)`,
    services: [{ name: 'api', address: baseUrl }],
    apiConfig: {},
    processes: [],
    logsDir: '',
    stop: async () => {},
  }
}

function parseBaseUrl(value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new EnvironmentError(
      'ERR_ENV_BASE_URL_MISSING',
      'LOAD_ENV=external needs LOAD_BASE_URL, the URL of a running API (e.g. LOAD_BASE_URL=http://127.0.0.1:8000)',
    )
  }
  let url: URL
  try {
    url = new URL(value.trim())
  } catch (error) {
    throw new EnvironmentError('ERR_ENV_BASE_URL_INVALID', `LOAD_BASE_URL=${value} is not a URL`, { cause: error })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EnvironmentError('ERR_ENV_BASE_URL_INVALID', `LOAD_BASE_URL=${value} must be an http:// or https:// URL`)
  }
  return url.href.replace(/\/+$/, '')
}

async function assertReachable(baseUrl: string): Promise<void> {
  const probe = `${baseUrl}/health/live`
  let status: number
  try {
    const response = await fetch(probe, { signal: AbortSignal.timeout(reachabilityTimeoutMs) })
    await response.arrayBuffer()
    status = response.status
  } catch (error) {
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)
    throw new EnvironmentError(
      'ERR_ENV_UNREACHABLE',
      `LOAD_BASE_URL=${baseUrl} is unreachable: GET ${probe} failed within ${reachabilityTimeoutMs} ms (${reason})`,
      { cause: error },
    )
  }
  if (status !== 200) {
    throw new EnvironmentError(
      'ERR_ENV_UNREACHABLE',
      `LOAD_BASE_URL=${baseUrl} answered GET /health/live with ${status}, not 200; is it the API under test?`,
    )
  }
}
