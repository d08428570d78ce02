/**
 * Hands what the main process owns to the load tests. The environment and
 * its resource sampling live in Vitest's main process (the global setup) and
 * the tests in workers, and `provide` carries only data; so they are served
 * on 127.0.0.1, behind a per-run token that no other page or process can guess:
 * `POST /faults/<kill|stop|start|restart>/<service>` (the fault controls) and
 * `GET /resources?fromSec=&toSec=` (the samples covering a category's run).
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { RunResources } from '../engine/result.ts'
import type { ResourceSampling } from '../env/resources/index.ts'
import { type FaultControls, type ServiceName, serviceNames } from '../env/types.ts'

/** What a worker is told: where to ask, and what is there to ask for. */
export interface ControlEndpoint {
  url: string
  token: string
  faults: boolean
  resources: boolean
}

export interface Controls {
  faults?: FaultControls
  /** Sampling every `intervalMs`, for the whole run. */
  resources?: { sampling: ResourceSampling; intervalMs: number }
}

const ACTIONS = ['kill', 'stop', 'start', 'restart'] as const
type Action = (typeof ACTIONS)[number]

function reply(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

async function handleFault(faults: FaultControls | undefined, path: string[], res: ServerResponse): Promise<void> {
  const [action, service] = path
  if (!faults || !ACTIONS.includes(action as Action) || !serviceNames.includes(service as ServiceName)) {
    return reply(res, 404, { message: faults ? `POST /faults/<${ACTIONS.join('|')}>/<${serviceNames.join('|')}>` : 'this environment has no fault controls' })
  }
  try {
    await faults[action as Action](service as ServiceName)
    reply(res, 200, {})
  } catch (error) {
    reply(res, 500, { message: error instanceof Error ? error.message : String(error) })
  }
}

/** Waits (a little over one interval at most) for the reading that covers the end of the span, then slices. */
async function handleResources(resources: Controls['resources'], query: URLSearchParams, res: ServerResponse): Promise<void> {
  const [fromSec, toSec] = [Number(query.get('fromSec')), Number(query.get('toSec'))]
  if (!resources) return reply(res, 404, { message: 'this environment is not sampled' })
  if (!query.has('fromSec') || !query.has('toSec') || !(fromSec <= toSec)) return reply(res, 400, { message: 'GET /resources?fromSec=<unix s>&toSec=<unix s>' })
  const waitMs = Math.min(2 * resources.intervalMs, (toSec * 1000 + 1.2 * resources.intervalMs) - Date.now())
  if (waitMs > 0) await sleep(waitMs)
  reply(res, 200, resources.sampling.slice(fromSec, toSec))
}

async function handle(controls: Controls, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.headers.authorization !== `Bearer ${token}`) return reply(res, 401, { message: 'wrong or missing token' })
  const url = new URL(req.url ?? '/', 'http://control')
  const [, root, ...path] = url.pathname.split('/')
  if (req.method === 'POST' && root === 'faults') return handleFault(controls.faults, path, res)
  if (req.method === 'GET' && root === 'resources' && path.length === 0) return handleResources(controls.resources, url.searchParams, res)
  reply(res, 404, { message: 'POST /faults/<action>/<service> or GET /resources?fromSec=&toSec=' })
}

export async function serveControls(controls: Controls): Promise<ControlEndpoint & { close(): Promise<void> }> {
  const token = randomBytes(24).toString('hex')
  const server = createServer((req, res) => {
    req.resume()
    void handle(controls, token, req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    faults: controls.faults !== undefined,
    resources: controls.resources !== undefined,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The controls as a test worker sees them: each call waits until the service is down or ready again. */
export function remoteFaultControls({ url, token }: ControlEndpoint): FaultControls {
  const call = (action: Action) => async (service: ServiceName) => {
    const response = await fetch(`${url}/faults/${action}/${service}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    if (!response.ok) throw new Error(`${action}(${service}) failed: ${((await response.json()) as { message?: string }).message ?? response.status}`)
  }
  return { kill: call('kill'), stop: call('stop'), start: call('start'), restart: call('restart') }
}

/** What the target's services used from `fromSec` to `toSec` (Unix seconds), as the main process sampled it. */
export async function fetchResources({ url, token }: ControlEndpoint, fromSec: number, toSec: number): Promise<RunResources> {
  const response = await fetch(`${url}/resources?fromSec=${fromSec}&toSec=${toSec}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) })
  if (!response.ok) throw new Error(`GET /resources answered ${response.status}: ${((await response.json()) as { message?: string }).message}`)
  return (await response.json()) as RunResources
}
