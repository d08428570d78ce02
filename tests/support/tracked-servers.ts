/**
 * What a test starts (servers, clients) is closed after it, latest first:
 * `onCleanup` registers a closer, `track` a listening server with every socket
 * it accepted, and returns its origin.
 */
import type { AddressInfo, Server, Socket } from 'node:net'
import { afterEach } from 'vitest'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

export function onCleanup(cleanup: () => unknown): void {
  cleanups.push(cleanup)
}

export function track(server: Server): string {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  onCleanup(() => {
    for (const socket of sockets) socket.destroy()
    return new Promise((resolve) => server.close(resolve))
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
