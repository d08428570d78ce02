/**
 * The system binaries the suite runs (redis-server, ffmpeg, ffprobe), found on
 * PATH, or installed with apt-get when install-plan.ts says so (as root on
 * Debian/Ubuntu), so a fresh machine needs nothing by hand.
 */
import { execFile } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'
import { EnvironmentError } from './errors.ts'
import { type DebianPackage, installAdvice, missingText, planInstall, type SystemBinary } from './install-plan.ts'

const run = promisify(execFile)
const installTimeoutMs = 300_000

/** The path of each binary; throws ERR_ENV_BINARY_MISSING, with how to install it, when one cannot be had. */
export async function ensureSystemBinaries<B extends SystemBinary>(binaries: readonly B[]): Promise<Record<B, string>> {
  const locate = () => Promise.all(binaries.map(findOnPath))
  let paths = await locate()
  const missing = binaries.filter((_, index) => paths[index] === undefined)
  const isDebian = await access('/etc/debian_version').then(() => true, () => false)
  const plan = planInstall(missing, { isRoot: process.getuid?.() === 0, isDebian })
  if (plan.action === 'refuse') throw new EnvironmentError('ERR_ENV_BINARY_MISSING', plan.message)
  if (plan.action === 'apt-get') {
    console.log(`${missingText(missing)}; installing ${plan.packages.join(' ')} with apt-get (Debian/Ubuntu, running as root)`)
    await aptGetInstall(plan.packages)
    paths = await locate()
    const stillMissing = binaries.filter((_, index) => paths[index] === undefined)
    if (stillMissing.length > 0) {
      throw new EnvironmentError('ERR_ENV_BINARY_MISSING', `apt-get installed ${plan.packages.join(' ')} but ${missingText(stillMissing)}; ${installAdvice(plan.packages)}`)
    }
  }
  return Object.fromEntries(binaries.map((binary, index) => [binary, paths[index]])) as Record<B, string>
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

/** An install that fails is retried once after `apt-get update` (a fresh image has no package lists). */
async function aptGetInstall(packages: DebianPackage[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = () => run('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { env, timeout: installTimeoutMs })
  try {
    await install().catch(async () => {
      await run('apt-get', ['update'], { env, timeout: installTimeoutMs })
      await install()
    })
  } catch (error) {
    throw new EnvironmentError('ERR_ENV_BINARY_MISSING', `apt-get could not install ${packages.join(' ')}; ${installAdvice(packages)}`, { cause: error })
  }
}
