/**
 * The floor for evenly paced load in Node: raw keep-alive sockets, a prebuilt
 * request, no parsing, no recording, released in batches every 10 ms (the
 * engine's grid) round-robin over the connections. What this costs per
 * request, the engine cannot beat by being leaner; only by being burstier.
 */
import { connect } from 'node:net'

const TICK_MS = 10

/** Sends `ratePerSec` requests a second for `seconds`; resolves to the responses counted (one `data` event each). */
export async function pacedSockets(url: string, connections: number, ratePerSec: number, seconds: number): Promise<number> {
  const { hostname, port } = new URL(url)
  const request = Buffer.from(`GET / HTTP/1.1\r\nhost: ${hostname}:${port}\r\n\r\n`)
  const sockets = Array.from({ length: connections }, () => connect(Number(port), hostname).setNoDelay(true))
  let responses = 0
  for (const socket of sockets) socket.on('data', () => responses++)
  const perTick = (ratePerSec * TICK_MS) / 1000
  const began = performance.now()
  let sent = 0
  for (let tick = 1; tick <= (seconds * 1000) / TICK_MS; tick++) {
    for (; sent < tick * perTick; sent++) sockets[sent % connections]?.write(request)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, began + tick * TICK_MS - performance.now())))
  }
  // The last responses are on their way; a moment lets them land before the count is taken.
  await new Promise((resolve) => setTimeout(resolve, 100))
  for (const socket of sockets) socket.destroy()
  return responses
}
