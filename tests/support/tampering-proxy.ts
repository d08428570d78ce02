/**
 * A reverse proxy in front of the real API that alters chosen responses, as a
 * broken API would: a download with one byte flipped, stats that count one
 * file too many. Everything else passes through untouched. It lets a test show
 * that a category's checks fail the run when the content is wrong.
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type Tamper = (method: string, path: string, body: Buffer) => Buffer | undefined

export interface TamperingProxy {
  url: string
  /** Responses altered so far. */
  readonly tampered: number
  close(): Promise<void>
}

/** Flips the last byte of every file download. */
export const corruptDownloads: Tamper = (method, path, body) => {
  if (method !== 'GET' || !/^\/api\/v1\/files\/[^/]+\/content$/.test(path) || body.length === 0) return undefined
  const copy = Buffer.from(body)
  copy[copy.length - 1] = (copy[copy.length - 1] as number) ^ 0xff
  return copy
}

/** Counts one file more than the user has. */
export const inflateStats: Tamper = (method, path, body) => {
  if (method !== 'GET' || path !== '/api/v1/users/me/stats') return undefined
  const stats = JSON.parse(body.toString('utf8')) as { files: number }
  return Buffer.from(JSON.stringify({ ...stats, files: stats.files + 1 }))
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.on('error', reject)
  })
}

function withoutFraming(headers: IncomingHttpHeaders, length: number): IncomingHttpHeaders {
  const { 'transfer-encoding': _te, 'content-length': _cl, ...rest } = headers
  return { ...rest, 'content-length': String(length) }
}

export async function startTamperingProxy(target: string, tampers: Tamper[]): Promise<TamperingProxy> {
  const upstream = new URL(target)
  let tampered = 0
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    const method = req.method ?? 'GET'
    const path = (req.url ?? '/').split('?')[0] as string
    const forward = request({ host: upstream.hostname, port: upstream.port, method, path: req.url, headers: req.headers }, async (answer) => {
      const body = await readAll(answer)
      const altered = tampers.reduce<Buffer | undefined>((done, tamper) => done ?? tamper(method, path, body), undefined)
      if (altered) tampered += 1
      const sent = altered ?? body
      res.writeHead(answer.statusCode ?? 502, withoutFraming(answer.headers, sent.length))
      res.end(sent)
    })
    forward.on('error', () => res.destroy())
    req.pipe(forward)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get tampered() {
      return tampered
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
