/**
 * What to do about the system binaries the suite runs that are not on PATH:
 * nothing, install their Debian packages with apt-get (only as root on
 * Debian/Ubuntu, where that is what an operator would type), or refuse with
 * the commands that install them. A pure decision, so it is tested without
 * installing anything.
 */

/** The Debian package of each binary (ffprobe comes with ffmpeg). */
const debianPackages = {
  'redis-server': 'redis-server',
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffmpeg',
} as const

export type SystemBinary = keyof typeof debianPackages
export type DebianPackage = (typeof debianPackages)[SystemBinary]

/** How to install each package by hand, per system. */
const installHints: Record<DebianPackage, string> = {
  'redis-server': '`sudo apt-get install -y redis-server` (Debian/Ubuntu), `sudo dnf install -y redis` (Fedora), `brew install redis` (macOS)',
  ffmpeg: '`sudo apt-get install -y ffmpeg` (Debian/Ubuntu), `sudo dnf install -y ffmpeg` (Fedora, from RPM Fusion), `brew install ffmpeg` (macOS)',
}

export interface Host {
  isRoot: boolean
  isDebian: boolean
}

export type InstallPlan =
  | { action: 'none' }
  | { action: 'apt-get'; packages: DebianPackage[] }
  | { action: 'refuse'; message: string }

export function planInstall(missing: readonly SystemBinary[], host: Host): InstallPlan {
  if (missing.length === 0) return { action: 'none' }
  const packages = [...new Set(missing.map((binary) => debianPackages[binary]))]
  if (host.isRoot && host.isDebian) return { action: 'apt-get', packages }
  const why = host.isDebian ? 'the suite installs them itself only as root' : 'the suite installs them itself only on Debian/Ubuntu'
  return { action: 'refuse', message: `${missingText(missing)} (${why}); ${installAdvice(packages)}` }
}

export function missingText(missing: readonly SystemBinary[]): string {
  return `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not on PATH`
}

export function installAdvice(packages: readonly DebianPackage[]): string {
  return packages.map((name) => `install ${name}: ${installHints[name]}`).join('; ')
}
