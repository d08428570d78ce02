/**
 * The project's own API, a stand-in for yours: a product catalogue over
 * node:http. `API_SLOW_MS` delays `GET /api/products/:id` by that many
 * milliseconds, to see a budget fail and name the endpoint.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

const products = Array.from({ length: 50 }, (_, i) => ({ id: i + 1, name: `product ${i + 1}`, priceCents: 100 * (i + 1) }))

export interface StartedApi {
  url: string
  close: () => Promise<void>
}

export async function startApi(slowMs = Number(process.env.API_SLOW_MS ?? 0)): Promise<StartedApi> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }
    const one = req.url?.match(/^\/api\/products\/(\d+)$/)
    if (req.method !== 'GET') send(405, { error: 'method not allowed' })
    else if (req.url === '/health/live') send(200, { status: 'ok' })
    else if (req.url === '/api/products') send(200, products)
    else if (one) {
      const product = products.find((p) => p.id === Number(one[1]))
      setTimeout(() => (product ? send(200, product) : send(404, { error: 'no such product' })), slowMs)
    } else send(404, { error: 'not found' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
