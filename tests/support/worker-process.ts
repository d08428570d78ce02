/**
 * Worker processes for fault tests: one more worker against an environment's
 * stores, and signals to a whole process group (a worker and its ffmpeg), as a
 * crash, an OOM kill or a frozen host would hit them.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { StartedEnvironment } from '../../src/env/index.ts'

/** Signals a process group; a group already gone is not an error. */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, signal)
  } catch {
    // Already gone.
  }
}

export function environmentPid(environment: StartedEnvironment, name: string): number {
  const found = environment.processes.find((started) => started.name === name)
  if (found === undefined) throw new Error(`the environment has no ${name} process`)
  return found.pid
}

/** One more worker in its own process group; resolves once it logs that it is ready. */
export async function startWorker(environment: StartedEnvironment, env: Record<string, string>): Promise<ChildProcess> {
  const apiDir = fileURLToPath(new URL('../../api/', import.meta.url))
  const worker = spawn(process.execPath, ['src/worker-main.ts'], {
    cwd: apiDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...environment.apiConfig, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  })
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: worker.stdout as NodeJS.ReadableStream }).on('line', (line) => line.includes('worker ready') && resolve())
    worker.once('exit', (code, signal) => reject(new Error(`the extra worker exited (${signal ?? code}) before it was ready`)))
  })
  return worker
}
