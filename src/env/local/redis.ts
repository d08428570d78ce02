/**
 * Redis from the system's `redis-server`. When it is missing the error says how
 * to install it; on Debian/Ubuntu as root it is installed with apt-get (see
 * ../system-binaries.ts).
 */
import { findFreePort } from '../free-port.ts'
import type { Supervisor } from '../process/supervisor.ts'
import { ensureSystemBinaries } from '../system-binaries.ts'
import { logContains, waitUntilReady } from './readiness.ts'
import { launchService, type ServiceRecipe, type StartedService } from './service-recipe.ts'

const readyTimeoutMs = 15_000

export interface StartedRedis extends StartedService {
  port: number
  redisUrl: string
}

export async function startRedis(
  supervisor: Supervisor,
  options: { dir: string; logFile: string },
): Promise<StartedRedis> {
  const { 'redis-server': binary } = await ensureSystemBinaries(['redis-server'])
  const port = await findFreePort()
  // No persistence (--save ''): a start after a fault comes back empty on the same port, as a crashed cache would.
  const recipe: ServiceRecipe = {
    spec: {
      name: 'redis',
      command: binary,
      args: ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', options.dir],
      cwd: options.dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      logFile: options.logFile,
    },
    ready: (redis) => waitUntilReady(redis, logContains(redis, 'Ready to accept connections'), readyTimeoutMs),
  }
  const started = await launchService(supervisor, recipe)
  return { ...started, port, redisUrl: `redis://127.0.0.1:${port}` }
}
