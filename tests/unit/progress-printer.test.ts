/** The progress printer: the first snapshot of a category at once, then one every period, and a line when it ends. */
import { describe, expect, it } from 'vitest'
import type { ProgressSnapshot } from '../../src/engine/index.ts'
import type { LiveMessage } from '../../src/vitest/live-channel.ts'
import { parseProgress, printProgress } from '../../src/vitest/progress-printer.ts'

function progress(category: string, elapsedMs: number): LiveMessage {
  const total = { name: 'Aggregated', requests: elapsedMs / 100, failures: 0, failureRate: 0, rps: 10, minMs: 1, maxMs: 9, meanMs: 3, percentilesMs: { p50: 2, p95: 8, p99: 9 } }
  const snapshot: ProgressSnapshot = { name: category, profile: 'smoke', model: 'closed', httpClient: 'own', startedAt: '2026-01-01T00:00:00.000Z', elapsedMs, plannedMs: 20_000, users: 4, lastInterval: null, endpoints: [], total, failures: [], droppedArrivals: 0, scheduledArrivals: 0, generator: { cpuPercentMean: 0, cpuPercentMax: 0, eventLoopDelayP99Ms: 0, eventLoopDelayMaxMs: 0, saturated: false, warnings: [] } }
  return { type: 'progress', category, snapshot, budget: null }
}

/** A channel stand-in that replays messages to its one subscriber. */
function replay(messages: LiveMessage[], intervalMs: number): string[] {
  const lines: string[] = []
  const listeners = new Set<(message: LiveMessage) => void>()
  const channel = {
    subscribe: (listener: (message: LiveMessage) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  const unsubscribe = printProgress(channel, intervalMs, (line) => lines.push(line))
  for (const message of messages) for (const listener of listeners) listener(message)
  unsubscribe()
  expect(listeners.size).toBe(0)
  return lines.map((line) => line.split('  ').slice(0, 2).join('  '))
}

describe('progress printer', () => {
  it('prints the first snapshot, then one every period (with a tick a little early), each category apart', () => {
    const seconds = [1005, 2010, 3000, 4020, 5990, 7000, 8000, 9000, 10_000, 11_000]
    const messages = [...seconds.map((ms) => progress('files', ms)), progress('auth', 1000), progress('auth', 2000)]
    expect(replay(messages, 5000)).toEqual(['files  0:01/0:20', 'files  0:06/0:20', 'files  0:11/0:20', 'auth  0:01/0:20'])
  })

  it('prints every snapshot with a period of one second, and a closing line', () => {
    const messages: LiveMessage[] = [progress('files', 1000), progress('files', 2000), { type: 'finished', category: 'files', verdict: null }]
    expect(replay(messages, 1000)).toEqual(['files  0:01/0:20', 'files  0:02/0:20', 'files  done: ended without a result\n'])
  })

  it.each([
    [undefined, 5000],
    ['', 5000],
    ['1', 1000],
    ['2.5', 2500],
    ['0', 0],
    ['off', 0],
    ['often', undefined],
    ['-1', undefined],
  ])('reads LOAD_PROGRESS=%s as %s ms', (text, ms) => {
    expect(parseProgress(text)).toBe(ms)
  })
})
