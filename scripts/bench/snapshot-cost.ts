/**
 * What a live progress snapshot costs: 50 endpoints with 20,000 latencies
 * each, snapshotted 200 times. Run with `node scripts/bench/snapshot-cost.ts`;
 * prints the mean and worst time of one snapshot.
 */
import { Recorder } from '../../src/engine/stats/recorder.ts'
import { takeSnapshot } from '../../src/engine/stats/progress-snapshot.ts'

const ENDPOINTS = 50
const LATENCIES = 20_000
const ROUNDS = 200

const recorder = new Recorder(() => 0)
for (let e = 0; e < ENDPOINTS; e++) {
  // Around 20 ms with one request in a hundred out to 2 s: a histogram spread over many buckets.
  for (let i = 0; i < LATENCIES; i++) {
    const latencyMs = -Math.log(1 - Math.random()) * 20 + (i % 100 === 0 ? Math.random() * 2000 : 0)
    recorder.record(`GET /api/v1/endpoint-${e}`, latencyMs, 100, i % 100 === 0 ? 'HTTP 500' : undefined)
  }
}
const state = { name: 'bench', profile: 'smoke', model: 'closed' as const, httpClient: 'own' as const, startedAt: new Date().toISOString(), elapsedMs: 60_000, plannedMs: 600_000, users: 50, droppedArrivals: 0, scheduledArrivals: 0, generator: { cpuPercentMean: 0, cpuPercentMax: 0, eventLoopDelayP99Ms: 0, eventLoopDelayMaxMs: 0, saturated: false, warnings: [] } }
takeSnapshot(recorder, state)
const times: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  const t0 = performance.now()
  takeSnapshot(recorder, state)
  times.push(performance.now() - t0)
}
const mean = times.reduce((a, b) => a + b, 0) / times.length
const bytes = JSON.stringify(takeSnapshot(recorder, state)).length
console.log(`snapshot of ${ENDPOINTS} endpoints: mean ${mean.toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms, ${bytes} bytes as JSON`)
