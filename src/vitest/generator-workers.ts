/**
 * The first generator worker's side of `--workers N`: forks workers 2..N as
 * Vitest runs of the same test (`-t` its full name), so the scenario's
 * closures, fixtures and imports are the test file's own, unchanged. Each
 * runs in its own process group against the first worker's environment
 * (LOAD_ENV=external at its base URL), with no progress, dashboard, shard or
 * baseline of its own, and its output kept to explain a worker that failed.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunResult } from '../engine/result.ts'
import type { Shard } from '../engine/models/shard.ts'
import { sleep } from '../engine/models/sleep.ts'
import { killGroup } from '../env/process/process-group.ts'
import type { ControlEndpoint } from './control-server.ts'
import { announceStart, announceStop, isReady, readShare } from './generator-rendezvous.ts'
import type { WorkersConfig } from './workers-config.ts'

export interface ForkOptions {
  config: WorkersConfig
  testFile: string
  /** The test's full name (`suite > test`), matched exactly by the forked runs. */
  testName: string
  baseUrl: string
  profile: string
  durationMs: number | null
  stopFile: string
  /** The environment's controls, handed on so that a test asking for `faults` runs in a forked worker too. */
  controls: ControlEndpoint | null
  /** The shard of the load each forked worker runs, by worker index (2..N). */
  shardOf: (worker: number) => Shard
}

/** A forked Vitest may take this long to start, collect the test and reach its share on a busy machine. */
const READY_TIMEOUT_MS = 120_000
const OUTPUT_KEPT_CHARS = 4000
/** Variables of the first worker's run that a forked one must not act on: it only generates its share. */
const NOT_INHERITED = ['LOAD_WORKERS', 'LOAD_SHARD', 'LOAD_SHARDS', 'JOB_COMPLETION_INDEX', 'LOAD_RESULTS_URL', 'LOAD_START_AT', 'LOAD_DASHBOARD', 'LOAD_BASELINE', 'LOAD_DURATION']

interface Forked {
  worker: number
  child: ChildProcess
  output: string
  exit: Promise<number | null>
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function childEnv(options: ForkOptions, dir: string, worker: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of NOT_INHERITED) delete env[name]
  const shard = options.shardOf(worker)
  return {
    ...env,
    LOAD_ENV: 'external',
    LOAD_BASE_URL: options.baseUrl,
    LOAD_PROFILE: options.profile,
    ...(options.durationMs ? { LOAD_DURATION: `${options.durationMs}ms` } : {}),
    LOAD_PROGRESS: 'off',
    LOAD_STOP_FILE: options.stopFile,
    LOAD_RESULTS_DIR: join(dir, `worker-${worker}`),
    LOAD_GENERATOR: `${worker}/${options.config.count}`,
    LOAD_GENERATOR_SHARD: `${shard.index}/${shard.count}`,
    LOAD_GENERATOR_DIR: dir,
    LOAD_GENERATOR_FIRST_PID: String(process.pid),
    ...(options.controls ? { LOAD_GENERATOR_CONTROLS: JSON.stringify(options.controls) } : {}),
  }
}

function fork(options: ForkOptions, dir: string, worker: number): Forked {
  const { config } = options
  const args = [config.vitestCli, 'run', ...(config.configFile ? ['--config', config.configFile] : []), '--project', config.project, '--reporter=dot', '-t', `^${escapeRegExp(options.testName)}$`, options.testFile]
  const child = spawn(process.execPath, args, { cwd: config.root, env: childEnv(options, dir, worker), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const forked: Forked = { worker, child, output: '', exit: new Promise((resolve) => child.on('close', (code) => resolve(code))) }
  const keep = (chunk: Buffer): void => {
    forked.output = (forked.output + chunk.toString()).slice(-OUTPUT_KEPT_CHARS)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return forked
}

function failure(forked: Forked, count: number, what: string): Error {
  return new Error(`generator worker ${forked.worker} of ${count} ${what}; its output ends:\n${forked.output.trim()}`)
}

export interface GeneratorWorkers {
  /** Resolves once every forked worker waits for the start; rejects naming one that ended first or took too long. */
  ready(signal: AbortSignal): Promise<void>
  start(startAtMs: number): void
  /** Asks the forked workers to end their shares now, keeping what they measured. */
  stopEarly(): void
  /** Every forked worker's share, in worker order, once all have exited; rejects naming one that left none. */
  shares(): Promise<RunResult[]>
  /** Kills the workers still running and removes their folder; safe to call twice. */
  stop(): void
}

/**
 * Every set this process forked and has not stopped. A test that times out
 * is torn down while its run() is still awaited, so the run's own `finally`
 * may never come; the fixture's teardown stops what is left (stopLeftWorkers).
 */
const live = new Set<GeneratorWorkers>()

export function stopLeftWorkers(): void {
  for (const workers of live) workers.stop()
}

export function forkGeneratorWorkers(options: ForkOptions): GeneratorWorkers {
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-workers-'))
  const count = options.config.count
  const forked = Array.from({ length: count - 1 }, (_, i) => fork(options, dir, i + 2))
  const exited = new Set<number>()
  for (const f of forked) void f.exit.then(() => exited.add(f.worker))
  const workers: GeneratorWorkers = {
    async ready(signal) {
      const deadline = Date.now() + READY_TIMEOUT_MS
      for (;;) {
        const waiting = forked.filter((f) => !isReady(dir, f.worker))
        if (waiting.length === 0) return
        const gone = waiting.find((f) => exited.has(f.worker))
        if (gone) throw failure(gone, count, 'ended before its share began')
        if (signal.aborted) throw new Error('stopped while the generator workers started')
        if (Date.now() >= deadline) throw failure(waiting[0] as Forked, count, `was not ready within ${READY_TIMEOUT_MS / 1000} s`)
        await sleep(50, signal)
      }
    },
    start: (startAtMs) => announceStart(dir, startAtMs),
    stopEarly: () => announceStop(dir),
    async shares() {
      await Promise.all(forked.map((f) => f.exit))
      return forked.map((f) => {
        const share = readShare(dir, f.worker)
        if (!share) throw failure(f, count, 'left no result')
        return share
      })
    },
    stop() {
      live.delete(workers)
      for (const f of forked) if (!exited.has(f.worker) && f.child.pid !== undefined) killGroup(f.child.pid, 'SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    },
  }
  live.add(workers)
  return workers
}
