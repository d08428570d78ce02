/**
 * One generator process of the bench's `--workers` line: given the server,
 * its place among the workers and the start, it runs its share of the
 * max-rate load, as a forked worker of `--workers N` does, and sends its
 * result back over IPC.
 */
import { runLoad } from '../../src/engine/index.ts'
import type { ClosedLoad } from '../../src/engine/options.ts'
import { shareOfLoad, workerShard } from '../../src/engine/models/shard.ts'

export interface WorkerOrder {
  url: string
  worker: number
  count: number
  startAtMs: number
  load: ClosedLoad
}

process.once('message', async (order: WorkerOrder) => {
  const shard = workerShard({ index: order.worker, count: order.count }, undefined)
  const result = await runLoad({
    name: 'bench-workers',
    baseUrl: order.url,
    load: shareOfLoad(order.load, shard),
    shard,
    startAtMs: order.startAtMs,
    userTypes: [{ name: 'u', tasks: [{ run: (vu) => vu.get('/') }] }],
  })
  process.send?.(result, () => process.exit(0))
})
