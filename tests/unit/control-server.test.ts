/** The control server hands a worker the slice of the run-long resource samples that covers its category, behind the run's token. */
import { describe, expect, it, onTestFinished } from 'vitest'
import { sliceResourceSeries } from '../../src/env/resources/slice.ts'
import type { ResourceSeries } from '../../src/env/resources/types.ts'
import { fetchResources, serveControls } from '../../src/vitest/control-server.ts'
import { samples } from '../support/resource-series.ts'

const T0 = 1_700_000_000
const series: ResourceSeries = {
  kind: 'local',
  intervalMs: 1000,
  startedAtSec: T0,
  stoppedAtSec: T0 + 30,
  services: { api: samples(30, (i) => i), worker: [], postgres: [], redis: [], store: [] },
  loopback: [],
  problems: [],
}

describe('resources over the control server', () => {
  it('keeps the samples whose interval is mostly inside the span', () => {
    // Samples end at T0+1 … T0+30; their middles at T0+0.5 … T0+29.5.
    const slice = sliceResourceSeries(series, T0 + 10, T0 + 20)
    expect(slice.services.api.map((s) => s.cpuPercentOfMachine)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19])
    expect([slice.startedAtSec, slice.stoppedAtSec]).toEqual([T0 + 10, T0 + 20])
  })

  it('answers a worker with the token, and no one without it', async () => {
    const controls = await serveControls({ resources: { sampling: { slice: (from, to) => sliceResourceSeries(series, from, to), stop: () => series }, intervalMs: 1000 } })
    onTestFinished(() => controls.close())
    expect(controls).toMatchObject({ faults: false, resources: true })
    const slice = await fetchResources(controls, T0 + 10, T0 + 12)
    expect(slice.services.api?.map((s) => s.cpuPercentOfMachine)).toEqual([10, 11])
    await expect(fetchResources({ ...controls, token: 'guess' }, T0, T0 + 1)).rejects.toThrow('GET /resources answered 401: wrong or missing token')
    const faults = await fetch(`${controls.url}/faults/kill/api`, { method: 'POST', headers: { authorization: `Bearer ${controls.token}` } })
    expect([faults.status, await faults.json()]).toEqual([404, { message: 'this environment has no fault controls' }])
  })
})
