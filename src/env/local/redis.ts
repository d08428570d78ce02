/**
 * Redis from the system's `redis-server`. When it is missing the error says how
 * to install it; on Debian/Ubuntu as root it is installed with apt-get.
 */
import { execFile } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'
import { EnvironmentError } from '../errors.ts'
import { findFreePort } from '../free-port.ts'
import type { Supervisor } from '../process/supervisor.ts'
import { logContains, waitUntilReady } from './readiness.ts'
import { launchService, type ServiceRecipe, type StartedService } from './service-recipe.ts'

const run = promisify(execFile)
const readyTimeoutMs = 15_000
const installTimeoutMs = 300_000
const installHint =
  'install it: `sudo apt-get install -y redis-server` (Debian/Ubuntu), `sudo dnf install -y redis` (Fedora), `brew install redis` (macOS)'

export interface StartedRedis extends StartedService {
  port: number
  redisUrl: string
}

export async function startRedis(
  supervisor: Supervisor,
  options: { dir: string; logFile: string },
): Promise<StartedRedis> {
  const binary = (await findOnPath('redis-server')) ?? (await installRedis())
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

async function findOnPath(binary: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, binary)
    const executable = await access(candidate, constants.X_OK).then(() => true, () => false)
    if (executable) return candidate
  }
  return undefined
}

async function installRedis(): Promise<string> {
  const isDebian = await access('/etc/debian_version').then(() => true, () => false)
  if (!isDebian || process.getuid?.() !== 0) {
    throw new EnvironmentError('ERR_ENV_BINARY_MISSING', `redis-server is not on PATH; ${installHint}`)
  }
  console.log('redis-server is not on PATH; installing it with apt-get (Debian/Ubuntu, running as root)')
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = () =>
    run('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { env: aptEnv, timeout: installTimeoutMs })
  try {
    await install().catch(async () => {
      await run('apt-get', ['update'], { env: aptEnv, timeout: installTimeoutMs })
      await install()
    })
  } catch (error) {
    throw new EnvironmentError('ERR_ENV_BINARY_MISSING', `redis-server is not on PATH and apt-get could not install it; ${installHint}`, { cause: error })
  }
  const installed = await findOnPath('redis-server')
  if (installed === undefined) {
    throw new EnvironmentError('ERR_ENV_BINARY_MISSING', `apt-get installed redis-server but it is not on PATH; ${installHint}`)
  }
  return installed
}
