/** A run in progress shows itself once a second: a live snapshot of its figures so far. */
import { afterEach, describe, expect, it } from 'vitest'
import { type ProgressSnapshot, runLoad } from '../../src/engine/index.ts'
import { type FakeServer, startFakeServer } from '../support/fake-server.ts'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('onProgress', () => {
  it('is called about once a second with rising counts, the plan and the users', async () => {
    server = await startFakeServer()
    const snapshots: ProgressSnapshot[] = []
    const result = await runLoad({
      name: 'progress',
      profile: 'smoke',
      baseUrl: server.url,
      load: { model: 'closed', stages: [{ users: 2, spawnRatePerSec: 100, durationMs: 3500 }] },
      userTypes: [{ name: 'u', tasks: [{ run: (vu) => vu.get('/delay/20') }] }],
      onProgress: (snapshot) => snapshots.push(snapshot),
    })
    expect(snapshots.length).toBeGreaterThanOrEqual(3)
    expect(snapshots.length).toBeLessThanOrEqual(4)
    for (const [i, snapshot] of snapshots.entries()) {
      expect(snapshot).toMatchObject({ name: 'progress', profile: 'smoke', model: 'closed', plannedMs: 3500, users: 2 })
      expect(snapshot.elapsedMs).toBeGreaterThan((i + 1) * 1000 - 300)
      expect(snapshot.elapsedMs).toBeLessThan((i + 1) * 1000 + 300)
      expect(snapshot.endpoints.map((e) => e.name)).toEqual(['GET /delay/:id'])
      expect(snapshot.total.percentilesMs.p50).toBeGreaterThanOrEqual(20)
      if (i > 0) expect(snapshot.total.requests).toBeGreaterThan((snapshots[i - 1] as ProgressSnapshot).total.requests)
    }
    expect(snapshots[1]?.lastInterval?.requests).toBeGreaterThan(0)
    expect(snapshots.at(-1)?.total.requests).toBeLessThanOrEqual(result.total.requests)
    // Plain data: it crosses a process unchanged.
    expect(JSON.parse(JSON.stringify(snapshots[0]))).toEqual(snapshots[0])
  })

  it('counts the open model arrivals so far', async () => {
    server = await startFakeServer()
    const snapshots: ProgressSnapshot[] = []
    await runLoad({
      name: 'open',
      baseUrl: server.url,
      load: { model: 'open', stages: [{ ratePerSec: 20, durationMs: 1500 }], maxInFlight: 10 },
      userTypes: [{ name: 'u', tasks: [{ run: (vu) => vu.get('/') }] }],
      onProgress: (snapshot) => snapshots.push(snapshot),
    })
    expect(snapshots[0]?.scheduledArrivals).toBeGreaterThanOrEqual(15)
    expect(snapshots[0]?.droppedArrivals).toBe(0)
  })
})
