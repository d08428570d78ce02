/**
 * The local environment starts real Postgres, Redis, s3rver, the API and its
 * worker, and leaves nothing behind: after a normal stop, a Ctrl-C, a SIGKILL
 * of the process that started it, or a failed start, no process of it is left
 * (by PID), none of its ports listens and its temp dir is gone. The environment runs in a child Node
 * process so the tests can kill that process the hard way.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { EnvironmentError, startEnvironment } from '../../src/env/index.ts'

const envModule = new URL('../../src/env/index.ts', import.meta.url).href
const startupTimeoutMs = 60_000
const teardownTimeoutMs = 20_000

/**
 * The child: starts the local environment (with TEST_RESTART_ALL=1, restarts
 * every service through the fault controls), prints what it started, stops on
 * a `stop` line or when its stdin closes.
 */
const childProgram = `
import { serviceNames, startEnvironment } from ${JSON.stringify(envModule)}
const env = await startEnvironment({ kind: 'local', resultsDir: process.env.TEST_RESULTS_DIR })
if (process.env.TEST_RESTART_ALL === '1') for (const service of serviceNames) await env.faults.restart(service)
process.stdout.write(JSON.stringify({ baseUrl: env.baseUrl, services: env.services }) + '\\n')
process.stdin.on('data', async (chunk) => {
  if (!chunk.toString().includes('stop')) return
  await env.stop()
  await env.stop()
  process.exit(0)
})
// The test runner is gone (killed mid-test): nobody will say stop, so stop now.
process.stdin.on('end', async () => {
  await env.stop()
  process.exit(0)
})
`

interface StartedChild {
  child: ChildProcess
  baseUrl: string
  ports: number[]
  pids: number[]
  /** The environment's temp dir, read from the postgres command line (`-D <root>/postgres/data`). */
  tempRoot: string
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

async function startInChild(childEnv: Record<string, string> = {}): Promise<StartedChild> {
  const resultsDir = await mkdtemp(join(tmpdir(), 'loadgate-env-test-'))
  onTestFinished(() => rm(resultsDir, { recursive: true, force: true }))
  const child = spawn(process.execPath, ['--input-type=module', '-e', childProgram], {
    env: { ...process.env, ...childEnv, TEST_RESULTS_DIR: resultsDir },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  children.push(child)
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
  const firstJsonLine = new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => (line.startsWith('{') ? resolve(line) : console.log(line)))
    child.once('exit', (code, signal) => reject(new Error(`the child exited (${signal ?? code}) before the environment was ready`)))
    setTimeout(() => reject(new Error('the environment was not ready in time')), startupTimeoutMs).unref()
  })
  const started = JSON.parse(await firstJsonLine) as { baseUrl: string; services: { address: string }[] }
  const ports = started.services.map((service) => Number(service.address.split(':').at(-1)))
  const pids = descendantsOf(child.pid ?? 0)
  return { child, baseUrl: started.baseUrl, ports, pids, tempRoot: tempRootOf(pids) }
}

function tempRootOf(pids: number[]): string {
  for (const pid of pids) {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    const dataDir = args[args.indexOf('-D') + 1]
    if (args.includes('-D') && dataDir?.endsWith('/postgres/data')) return dataDir.slice(0, -'/postgres/data'.length)
  }
  throw new Error('no postgres process among the environment\'s processes')
}

/** Live (not zombie) descendants of `rootPid`, from /proc. */
function descendantsOf(rootPid: number): number[] {
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    const stat = readStat(Number(entry))
    if (stat && stat.state !== 'Z') parents.set(Number(entry), stat.ppid)
  }
  const found: number[] = []
  const queue = [rootPid]
  while (queue.length > 0) {
    const parent = queue.shift()
    for (const [pid, ppid] of parents) {
      if (ppid === parent && !found.includes(pid)) {
        found.push(pid)
        queue.push(pid)
      }
    }
  }
  return found
}

function readStat(pid: number): { state: string; ppid: number } | undefined {
  if (!Number.isInteger(pid)) return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return { state: state ?? '', ppid: Number(ppid) }
  } catch {
    return undefined
  }
}

const isAlive = (pid: number) => {
  const stat = readStat(pid)
  return stat !== undefined && stat.state !== 'Z'
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

interface Leftovers {
  pids: number[]
  ports: number[]
  dirs: string[]
}

/** Polls (bounded) until none of the PIDs lives, none of the ports listens and none of the dirs exists. */
async function leftoversAfter(pids: number[], ports: number[], dirs: string[] = []): Promise<Leftovers> {
  const deadline = performance.now() + teardownTimeoutMs
  for (;;) {
    const listening = await Promise.all(ports.map(isListening))
    const left = {
      pids: pids.filter(isAlive),
      ports: ports.filter((_, index) => listening[index]),
      dirs: dirs.filter((dir) => existsSync(dir)),
    }
    const clean = left.pids.length === 0 && left.ports.length === 0 && left.dirs.length === 0
    if (clean || performance.now() >= deadline) return left
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
}

describe('local environment', () => {
  it('answers /health/ready, and a normal stop leaves no process, no port and no temp dir', async () => {
    const env = await startInChild()
    const ready = await fetch(`${env.baseUrl}/health/ready`)
    expect(ready.status).toBe(200)
    // supervisor, postgres (and its backends), redis, s3rver, api, worker
    expect(env.pids.length).toBeGreaterThanOrEqual(6)
    expect(env.ports).toHaveLength(4)

    env.child.stdin?.write('stop\n')

    expect(await exitOf(env.child)).toEqual({ code: 0, signal: null })
    expect(await leftoversAfter(env.pids, env.ports, [env.tempRoot])).toEqual({ pids: [], ports: [], dirs: [] })
  })

  it.each(['SIGKILL', 'SIGINT', 'SIGTERM'] as const)(
    'a %s of the process that started it leaves no process, no port and no temp dir',
    async (signal) => {
      const env = await startInChild()
      expect((await fetch(`${env.baseUrl}/health/live`)).status).toBe(200)

      env.child.kill(signal)

      expect(await exitOf(env.child)).toEqual({ code: null, signal })
      expect(await leftoversAfter(env.pids, env.ports, [env.tempRoot])).toEqual({ pids: [], ports: [], dirs: [] })
    },
  )

  it('a SIGKILL of the process that started it, after every service was restarted, leaves nothing behind', async () => {
    const env = await startInChild({ TEST_RESTART_ALL: '1' })
    expect((await fetch(`${env.baseUrl}/health/ready`)).status).toBe(200)

    env.child.kill('SIGKILL')

    expect(await exitOf(env.child)).toEqual({ code: null, signal: 'SIGKILL' })
    expect(await leftoversAfter(env.pids, env.ports, [env.tempRoot])).toEqual({ pids: [], ports: [], dirs: [] })
  })

  it('a failed start stops what it started and rethrows with the end of the log of what failed', async () => {
    const resultsDir = await mkdtemp(join(tmpdir(), 'loadgate-env-test-'))
    onTestFinished(() => rm(resultsDir, { recursive: true, force: true }))
    vi.stubEnv('API_SLOW_ENDPOINTS', 'not-a-rule')
    onTestFinished(() => {
      vi.unstubAllEnvs()
    })

    const seen = new Set<number>()
    const watcher = setInterval(() => {
      for (const pid of descendantsOf(process.pid)) seen.add(pid)
    }, 50)
    onTestFinished(() => clearInterval(watcher))

    const start = startEnvironment({ kind: 'local', resultsDir, apiEnv: { JWT_SECRET: 'too-short' } })

    const error = await start.then(() => undefined, (reason: unknown) => reason)
    clearInterval(watcher)
    expect(error).toBeInstanceOf(EnvironmentError)
    expect((error as EnvironmentError).code).toBe('ERR_ENV_SERVICE_EXITED')
    // Both variables reached the API and its worker: the one from apiEnv and the API_* one from this process.
    expect((error as Error).message).toMatch(/^(api|worker) \(pid \d+\) exited \(code \d+\) before it was ready/)
    expect((error as Error).message).toContain('JWT_SECRET must be at least 32 characters')
    expect((error as Error).message).toContain('API_SLOW_ENDPOINTS entry "not-a-rule"')
    expect(seen.size).toBeGreaterThanOrEqual(4)
    expect(await leftoversAfter([...seen], [])).toEqual({ pids: [], ports: [], dirs: [] })
  })
})
