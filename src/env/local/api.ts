/**
 * The reference API and its worker as child processes (`node api/src/main.ts`,
 * `node api/src/worker-main.ts`), configured per docs/ARCHITECTURE.md with the
 * local stores, plus any `API_*` variables of this process and the caller's
 * `apiEnv` (e.g. `API_SLOW_ENDPOINTS`).
 */
import { fileURLToPath } from 'node:url'
import type { SupervisedProcess, Supervisor } from '../process/supervisor.ts'
import { inheritedApiVariables } from '../api-config.ts'
import type { ApiConfig } from '../types.ts'
import { readLogFrom } from './log-tail.ts'
import { httpAnswers, logContains, type ReadinessProbe, waitUntilReady } from './readiness.ts'

const readyTimeoutMs = 60_000
const apiDir = fileURLToPath(new URL('../../../api/', import.meta.url))
/** Passed through from this process so the API finds ffmpeg and logs in the same locale and time zone. */
const inheritedVariables = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ']

export interface StartedApi {
  api: SupervisedProcess
  worker: SupervisedProcess
  baseUrl: string
}

export async function startApi(
  supervisor: Supervisor,
  options: { apiConfig: ApiConfig; apiEnv: Record<string, string>; logsDir: string; tempDir: string },
): Promise<StartedApi> {
  const env = { ...apiProcessEnv(options.apiConfig, options.apiEnv), TMPDIR: options.tempDir }
  const api = await supervisor.spawn({
    name: 'api',
    command: process.execPath,
    args: [`${apiDir}src/main.ts`],
    cwd: apiDir,
    // Port 0: the API binds a free port itself and logs it, so no other process can take it meanwhile.
    env: { ...env, HOST: '127.0.0.1', PORT: '0' },
    logFile: `${options.logsDir}/api.log`,
  })
  const worker = await supervisor.spawn({
    name: 'worker',
    command: process.execPath,
    args: [`${apiDir}src/worker-main.ts`],
    cwd: apiDir,
    env,
    logFile: `${options.logsDir}/worker.log`,
  })
  const listening: { baseUrl?: string } = {}
  // Both apply the migrations (serialised by the API's own code) and retry until the stores answer.
  await Promise.all([
    waitUntilReady(api, apiReady(api, listening), readyTimeoutMs),
    waitUntilReady(worker, logContains(worker, 'worker ready'), readyTimeoutMs),
  ])
  return { api, worker, baseUrl: listening.baseUrl ?? '' }
}

/** Ready once the API has logged `listening on http://…` and that address answers `/health/ready` with 200. */
function apiReady(api: SupervisedProcess, listening: { baseUrl?: string }): ReadinessProbe {
  return async () => {
    if (listening.baseUrl === undefined) {
      const log = await readLogFrom(api.logFile, api.logStart)
      listening.baseUrl = /^listening on (http:\/\/\S+?)\/?$/m.exec(log)?.[1]
    }
    if (listening.baseUrl === undefined) return false
    return httpAnswers(`${listening.baseUrl}/health/ready`, (status) => status === 200)()
  }
}

function apiProcessEnv(apiConfig: ApiConfig, apiEnv: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of inheritedVariables) {
    const value = process.env[name]
    if (value !== undefined) env[name] = value
  }
  return { ...env, ...inheritedApiVariables(), ...apiConfig, ...apiEnv }
}
