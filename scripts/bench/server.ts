/**
 * The minimal loopback server both generators drive: `ok` on every request,
 * keep-alive. It also counts arrivals per 10 ms window, so the bench can show
 * how evenly each generator spreads a fixed rate (`reset`, then `report` over IPC).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

const WINDOW_MS = 10
let arrivals = new Map<number, number>()

const server = createServer((_req, res) => {
  const window = Math.floor(performance.now() / WINDOW_MS)
  arrivals.set(window, (arrivals.get(window) ?? 0) + 1)
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' })
  res.end('ok')
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`)
})

process.on('message', (message) => {
  if (message === 'reset') arrivals = new Map()
  if (message === 'report') {
    const counts = [...arrivals.values()]
    const first = Math.min(...arrivals.keys())
    const last = Math.max(...arrivals.keys())
    const windows = last - first + 1
    process.send?.({ peakPerWindow: Math.max(...counts), idleShare: 1 - arrivals.size / windows })
  }
})
process.on('disconnect', () => process.exit(0))
