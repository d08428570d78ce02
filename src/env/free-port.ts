/**
 * A free loopback port, asked of the kernel (port 0) so concurrent runs never
 * collide on a fixed port. Each service asks right before it starts, which
 * keeps the usual port-0 window (released here, bound there) to milliseconds.
 */
import { createServer } from 'node:net'

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('a TCP server has no port'))
        else resolve(address.port)
      })
    })
  })
}
