/**
 * Where the generator workers of one run meet, in a folder of files: each
 * forked worker says it is ready, the first worker names the start time once
 * all are (or asks them to stop early when its own run is stopped), and each
 * forked worker leaves its share's result. Files, not a
 * socket: the workers are Vitest runs whose test code cannot be handed a
 * channel, and a folder needs no server to start, close or secure. Every
 * file is written under a temporary name and renamed, so none is read half-written.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunResult } from '../engine/result.ts'
import { sleep } from '../engine/models/sleep.ts'

const POLL_MS = 20

function writeAtomically(path: string, body: string): void {
  writeFileSync(`${path}.tmp`, body)
  renameSync(`${path}.tmp`, path)
}

const readyFile = (dir: string, worker: number): string => join(dir, `ready-${worker}`)
const startFile = (dir: string): string => join(dir, 'start.json')
/** A stop file as stop-request.ts watches: the forked workers end their shares early, keeping what they measured. */
export const stopFileIn = (dir: string): string => join(dir, 'stop')
const shareFile = (dir: string, worker: number): string => join(dir, `share-${worker}.json`)

export function markReady(dir: string, worker: number): void {
  writeAtomically(readyFile(dir, worker), `${process.pid}\n`)
}

export function isReady(dir: string, worker: number): boolean {
  return existsSync(readyFile(dir, worker))
}

export function announceStart(dir: string, startAtMs: number): void {
  writeAtomically(startFile(dir), JSON.stringify({ startAtMs }))
}

/** The start time the first worker named; throws after `timeoutMs` (the first worker is gone) or when `signal` aborts. */
export function announceStop(dir: string): void {
  writeAtomically(stopFileIn(dir), 'stop\n')
}

export async function awaitStart(dir: string, signal: AbortSignal, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs
  while (!existsSync(startFile(dir))) {
    if (signal.aborted) throw new Error('stopped while waiting for the first worker to name the start')
    if (Date.now() >= deadline) throw new Error(`the first worker named no start within ${timeoutMs / 1000} s`)
    await sleep(POLL_MS, signal)
  }
  return (JSON.parse(readFileSync(startFile(dir), 'utf8')) as { startAtMs: number }).startAtMs
}

export function writeShare(dir: string, worker: number, result: RunResult): void {
  writeAtomically(shareFile(dir, worker), JSON.stringify(result))
}

/** The share worker `worker` left, or undefined when it left none. */
export function readShare(dir: string, worker: number): RunResult | undefined {
  const path = shareFile(dir, worker)
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as RunResult) : undefined
}
