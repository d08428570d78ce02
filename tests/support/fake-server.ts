/**
 * An in-process HTTP server whose latency and failures the test controls: the
 * ground truth the engine's numbers must match. Behaviour comes from the path
 * (`/delay/100`, `/status/500`, `/reset`, `/hang`) or from a knob function.
 * With a service queue it serves like a shop of `servers` tills, each taking
 * `serviceMs` per request, first come first served: its capacity is known
 * (servers x 1000 / serviceMs per second), and past it the queue, and so
 * the latency, climbs for as long as the load lasts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface Behaviour {
  delayMs?: number
  status?: number
  reset?: boolean
  hang?: boolean
  /** The response body; `{"ok":true}` when omitted. */
  body?: string
}

export interface FakeServer {
  url: string
  /** Requests received so far. */
  readonly received: number
  /** Every request waits until this long from now has passed. */
  stallFor(ms: number): void
  close(): Promise<void>
}

function fromPath(path: string): Behaviour {
  const [, kind, arg] = path.split('?')[0]?.split('/') ?? []
  if (kind === 'delay') return { delayMs: Number(arg) }
  if (kind === 'status') return { status: Number(arg) }
  if (kind === 'reset') return { reset: true }
  if (kind === 'hang') return { hang: true }
  return {}
}

export interface ServiceQueue {
  /** Requests served at once; the others wait their turn. */
  servers: number
  /** How long each request holds its server, on top of any delay its behaviour asks. */
  serviceMs: number
}

/** Hands each request a server in arrival order; `release` frees it for the next in line. */
function createQueue({ servers, serviceMs }: ServiceQueue): (serve: () => void) => void {
  let busy = 0
  const waiting: (() => void)[] = []
  const start = (serve: () => void): void => {
    busy++
    setTimeout(() => {
      busy--
      serve()
      const next = waiting.shift()
      if (next) start(next)
    }, serviceMs)
  }
  return (serve) => {
    if (busy < servers) start(serve)
    else waiting.push(serve)
  }
}

/**
 * `port` 0 picks a free one; a given port brings a server back where a closed one was.
 * `host` is loopback but in a container, where the network it is reached on is the container's own.
 */
export async function startFakeServer(knob?: (index: number, path: string) => Behaviour, port = 0, queue?: ServiceQueue, host = '127.0.0.1'): Promise<FakeServer> {
  let received = 0
  let stalledUntil = 0
  const enqueue = queue ? createQueue(queue) : (serve: () => void) => serve()
  const sockets = new Set<Socket>()
  const respond = (req: IncomingMessage, res: ServerResponse, behaviour: Behaviour): void => {
    if (behaviour.hang) return
    if (behaviour.reset) {
      req.socket.resetAndDestroy()
      return
    }
    res.writeHead(behaviour.status ?? 200, { 'content-type': 'application/json' })
    res.end(behaviour.body ?? '{"ok":true}')
  }
  const server: Server = createServer((req, res) => {
    const index = received++
    const path = req.url ?? '/'
    const behaviour = knob ? knob(index, path) : fromPath(path)
    req.resume()
    const wait = Math.max(behaviour.delayMs ?? 0, stalledUntil - Date.now())
    enqueue(() => {
      if (wait > 0) setTimeout(() => respond(req, res, behaviour), wait)
      else respond(req, res, behaviour)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(port, host, resolve))
  const bound = (server.address() as AddressInfo).port
  return {
    url: `http://${host}:${bound}`,
    get received() {
      return received
    },
    stallFor(ms) {
      stalledUntil = Date.now() + ms
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** A port on loopback that nothing listens on (bound, then released). */
export async function unusedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
