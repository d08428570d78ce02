/**
 * Runs the workers category (workers.load.test.ts) for tests/api/workers.test.ts:
 * `vitest run` with LOAD_WORKERS=2 against a given server, in a process
 * group of its own (so a test can kill the whole run as an OOM killer
 * would), and reads back what it left: the merged result, the verdict, the
 * JSON report, and what each generator process recorded.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunResult } from '../../../src/engine/result.ts'
import type { StoredVerdict } from '../../../src/report/artifacts.ts'
import type { LoadTestMeta } from '../../../src/vitest/load-test.ts'

export interface StartedRun {
  /** The Vitest run's process, leader of its group. */
  pid: number
  exited: Promise<{ code: number | null; output: string }>
}

export function startWorkersRun(baseUrl: string, dir: string, env: NodeJS.ProcessEnv): StartedRun {
  mkdirSync(dir, { recursive: true })
  const args = ['node_modules/vitest/vitest.mjs', 'run', '--config', 'tests/support/workers/vitest.workers.config.ts', '--project', 'load', '--reporter=default', '--reporter=json', `--outputFile.json=${join(dir, 'vitest.json')}`]
  const childEnv = { ...process.env, LOAD_ENV: 'external', LOAD_BASE_URL: baseUrl, LOAD_WORKERS: '2', LOAD_PROGRESS: 'off', LOAD_RESULTS_DIR: join(dir, 'results'), SAMPLES_DIR: dir, ...env }
  const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  const collect = (chunk: Buffer): void => {
    output += chunk.toString()
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  return { pid: child.pid as number, exited: new Promise((resolve) => child.on('close', (code) => resolve({ code, output }))) }
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** The text of each file in `dir` whose name starts with `prefix`. */
export function filesOf(dir: string, prefix: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(prefix)).map((f) => readFileSync(join(dir, f), 'utf8').trim()) : []
}

/** Resolves once both generator processes have recorded samples in `dir`: the middle of the load. */
export async function bothRunning(dir: string): Promise<void> {
  while (filesOf(dir, 'samples-').length < 2) await pause(100)
}

export interface RunFiles {
  result: RunResult
  verdict: StoredVerdict
  /** Per generator process: the samples it recorded and the ids of its users. */
  processes: { ms: number; userId: number }[][]
  tests: { status: string; meta: { loadgate?: LoadTestMeta } }[]
  /** The control server each generator process was given. */
  controls: string[]
}

export function readWorkersRun(dir: string): RunFiles {
  const read = <T>(file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T
  const processes = filesOf(dir, 'samples-').map((text) => text.split('\n').map((line) => JSON.parse(line) as { ms: number; userId: number }))
  const tests = read<{ testResults: { assertionResults: RunFiles['tests'] }[] }>('vitest.json').testResults.flatMap((f) => f.assertionResults)
  return { result: read('results/workers.json'), verdict: read('results/workers.verdict.json'), processes, tests, controls: filesOf(dir, 'controls-') }
}
