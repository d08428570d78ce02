/**
 * A load category run by Vitest as a child with the dashboard on (the local
 * environment, progress lines off so the dashboard alone starts the live
 * channel), in its own process group so that a failed test can stop it all.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

export interface DashboardRun {
  child: ChildProcess
  resultsDir: string
  /** The dashboard's address as the run printed it. */
  url: string
  exited: Promise<number | null>
  output(): string
  /** Kills the run's process group if it is still there; idempotent. */
  kill(): void
}

export async function startDashboardRun(category: string, port: number, duration: string): Promise<DashboardRun> {
  const resultsDir = mkdtempSync(join(tmpdir(), 'loadgate-dashboard-'))
  const env = { ...process.env, LOAD_DASHBOARD: String(port), LOAD_PROGRESS: 'off', LOAD_DURATION: duration, LOAD_RESULTS_DIR: resultsDir, LOAD_ENV: 'local', LOAD_STOP_FILE: '' }
  const args = ['node_modules/vitest/vitest.mjs', 'run', '--project', 'load', `tests/load/${category}.load.test.ts`]
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  const collect = (chunk: Buffer): void => {
    text += chunk.toString()
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  let done = false
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    done = true
    resolve(code)
  }))
  const run = {
    child,
    resultsDir,
    exited,
    output: () => text,
    kill: () => {
      if (!done) process.kill(-(child.pid as number), 'SIGKILL')
    },
  }
  for (let waitedMs = 0; waitedMs < 60_000 && !done; waitedMs += 100) {
    const url = /loadgate: dashboard (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text)?.[1]
    if (url) return { ...run, url }
    await sleep(100)
  }
  run.kill()
  throw new Error(`the run printed no dashboard address:\n${text}`)
}
