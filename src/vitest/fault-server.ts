/**
 * Hands the environment's fault controls to the load tests. The environment
 * lives in Vitest's main process (the global setup) and the tests in workers,
 * and `provide` carries only data; so the controls are served on 127.0.0.1 as
 * `POST /faults/<kill|stop|start|restart>/<service>`, behind a per-run token
 * that no other page or process can guess.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type FaultControls, type ServiceName, serviceNames } from '../env/types.ts'

export interface FaultEndpoint {
  url: string
  token: string
}

const ACTIONS = ['kill', 'stop', 'start', 'restart'] as const
type Action = (typeof ACTIONS)[number]

function reply(res: ServerResponse, status: number, message?: string): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(message === undefined ? {} : { message }))
}

async function handle(faults: FaultControls, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.headers.authorization !== `Bearer ${token}`) return reply(res, 401, 'wrong or missing token')
  const [, root, action, service] = (req.url ?? '').split('/')
  if (req.method !== 'POST' || root !== 'faults' || !ACTIONS.includes(action as Action) || !serviceNames.includes(service as ServiceName)) {
    return reply(res, 404, `POST /faults/<${ACTIONS.join('|')}>/<${serviceNames.join('|')}>`)
  }
  try {
    await faults[action as Action](service as ServiceName)
    reply(res, 200)
  } catch (error) {
    reply(res, 500, error instanceof Error ? error.message : String(error))
  }
}

export async function serveFaultControls(faults: FaultControls): Promise<FaultEndpoint & { close(): Promise<void> }> {
  const token = randomBytes(24).toString('hex')
  const server = createServer((req, res) => {
    req.resume()
    void handle(faults, token, req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The controls as a test worker sees them: each call waits until the service is down or ready again. */
export function remoteFaultControls({ url, token }: FaultEndpoint): FaultControls {
  const call = (action: Action) => async (service: ServiceName) => {
    const response = await fetch(`${url}/faults/${action}/${service}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    if (!response.ok) throw new Error(`${action}(${service}) failed: ${((await response.json()) as { message?: string }).message ?? response.status}`)
  }
  return { kill: call('kill'), stop: call('stop'), start: call('start'), restart: call('restart') }
}
