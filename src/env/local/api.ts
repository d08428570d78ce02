/**
 * The reference API and its worker as child processes (`node api/src/main.ts`,
 * `node api/src/worker-main.ts`), configured per docs/ARCHITECTURE.md with the
 * local stores, plus any `API_*` variables of this process and the caller's
 * `apiEnv` (e.g. `API_SLOW_ENDPOINTS`). The worker runs ffmpeg and both run
 * ffprobe, found on PATH or installed like redis-server (../system-binaries.ts).
 */
import { fileURLToPath } from 'node:url'
import type { SupervisedProcess, Supervisor } from '../process/supervisor.ts'
import { inheritedApiVariables } from '../api-config.ts'
import { findFreePort } from '../free-port.ts'
import { ensureSystemBinaries } from '../system-binaries.ts'
import type { ApiConfig } from '../types.ts'
import { httpAnswers, logContains, type ReadinessProbe, waitUntilReady } from './readiness.ts'
import { launchService, type ServiceRecipe, type StartedService } from './service-recipe.ts'

const readyTimeoutMs = 60_000
const apiDir = fileURLToPath(new URL('../../../api/', import.meta.url))
/** Passed through from this process so the API finds ffmpeg and logs in the same locale and time zone. */
const inheritedVariables = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ']

export interface StartedApi {
  api: StartedService
  worker: StartedService
  baseUrl: string
}

export async function startApi(
  supervisor: Supervisor,
  options: { apiConfig: ApiConfig; apiEnv: Record<string, string>; logsDir: string; tempDir: string },
): Promise<StartedApi> {
  await ensureSystemBinaries(['ffmpeg', 'ffprobe'])
  const env = { ...apiProcessEnv(options.apiConfig, options.apiEnv), TMPDIR: options.tempDir }
  // A port chosen here, not by the API (port 0): a start after a fault binds the same one, so the base URL holds.
  const baseUrl = `http://127.0.0.1:${await findFreePort()}`
  const apiRecipe: ServiceRecipe = {
    spec: {
      name: 'api',
      command: process.execPath,
      args: [`${apiDir}src/main.ts`],
      cwd: apiDir,
      env: { ...env, HOST: '127.0.0.1', PORT: new URL(baseUrl).port },
      logFile: `${options.logsDir}/api.log`,
    },
    ready: (api) => waitUntilReady(api, apiReady(api, baseUrl), readyTimeoutMs),
  }
  const workerRecipe: ServiceRecipe = {
    spec: { name: 'worker', command: process.execPath, args: [`${apiDir}src/worker-main.ts`], cwd: apiDir, env, logFile: `${options.logsDir}/worker.log` },
    ready: (worker) => waitUntilReady(worker, logContains(worker, 'worker ready'), readyTimeoutMs),
  }
  // Both apply the migrations (serialised by the API's own code) and retry until the stores answer.
  const [api, worker] = await Promise.all([launchService(supervisor, apiRecipe), launchService(supervisor, workerRecipe)])
  return { api, worker, baseUrl }
}

/**
 * Ready once the API has logged `listening on` (so what answers is this process, not
 * another one on the port) and `/health/ready` answers 200.
 */
function apiReady(api: SupervisedProcess, baseUrl: string): ReadinessProbe {
  const healthy = httpAnswers(`${baseUrl}/health/ready`, (status) => status === 200)
  const listening = logContains(api, `listening on ${baseUrl}`)
  return async () => (await listening()) && healthy()
}

function apiProcessEnv(apiConfig: ApiConfig, apiEnv: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of inheritedVariables) {
    const value = process.env[name]
    if (value !== undefined) env[name] = value
  }
  return { ...env, ...inheritedApiVariables(), ...apiConfig, ...apiEnv }
}
