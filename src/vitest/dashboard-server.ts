/**
 * The live dashboard, served from Vitest's main process on 127.0.0.1 only:
 * `GET /` the page (report.html's renderer, see html-report.ts), `GET
 * /events` a fresh page model as a server-sent event at each live message
 * (about one a second), and `POST /stop`, which creates the stop file, so the
 * run ends as Ctrl-C ends it (stop-request.ts). LOAD_DASHBOARD=1 (or true, yes, on) picks a free
 * port, LOAD_DASHBOARD=PORT that one.
 */
import { writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { reportPage } from '../report/html-report.ts'
import { type DashboardGuard, dashboardGuard } from './dashboard-guard.ts'
import { createDashboardState, type DashboardState } from './dashboard-state.ts'
import { parseSwitch } from './env-switch.ts'
import type { LiveChannel } from './live-channel.ts'

/** The port asked for (0: any free one, for 1, true, yes or on), undefined when the dashboard is off (unset, empty, 0, false, no or off), or an Error naming the bad value. */
export function parseDashboard(text: string | undefined): number | undefined | Error {
  const on = parseSwitch(text)
  if (on === false) return undefined
  if (on === true) return 0
  const port = Number(text)
  return Number.isInteger(port) && port >= 1024 && port <= 65_535 ? port : new Error(`"${text}" is neither 1 (a free port) nor a port from 1024 to 65535`)
}

export interface DashboardOptions {
  channel: Pick<LiveChannel, 'subscribe'>
  /** 0 for any free port. */
  port: number
  /** Created by the Stop button. */
  stopFile: string
  environment: string
  baseUrl: string
}

export interface StartedDashboard {
  url: string
  /** Tells the open pages the run has ended, then stops serving; idempotent. */
  close(): Promise<void>
}

interface Context {
  state: DashboardState
  guard: DashboardGuard
  clients: Set<ServerResponse>
  stopFile: string
}

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
  res.end(`${message}\n`)
}

function openEvents(context: Context, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
  res.write(`data: ${JSON.stringify(context.state.model())}\n\n`)
  context.clients.add(res)
  req.on('close', () => context.clients.delete(res))
}

function requestStop(context: Context, req: IncomingMessage, res: ServerResponse): void {
  const refusal = context.guard.refusalOfStop(req)
  if (refusal) {
    reply(res, 403, refusal)
    return
  }
  writeFileSync(context.stopFile, 'stop\n')
  console.log('loadgate: stop requested from the dashboard; the category in progress ends with its partial results')
  reply(res, 202, 'stopping')
}

function handle(context: Context, req: IncomingMessage, res: ServerResponse): void {
  const refusal = context.guard.refusalOfHost(req)
  if (refusal) {
    reply(res, 403, refusal)
    return
  }
  const route = `${req.method} ${req.url}`
  if (route === 'GET /') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    res.end(reportPage(context.state.model(), { token: context.guard.token }))
  } else if (route === 'GET /events') openEvents(context, req, res)
  else if (route === 'POST /stop') requestStop(context, req, res)
  else reply(res, 404, 'GET /, GET /events, POST /stop')
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

export async function startDashboard(options: DashboardOptions): Promise<StartedDashboard> {
  const server = createServer((req, res) => handle(context, req, res))
  const port = await listen(server, options.port)
  const context: Context = { state: createDashboardState(options.environment, options.baseUrl), guard: dashboardGuard(port), clients: new Set(), stopFile: options.stopFile }
  const broadcast = (event: string): void => {
    for (const client of context.clients) client.write(event)
  }
  const unsubscribe = options.channel.subscribe((message) => {
    if (context.state.apply(message)) broadcast(`data: ${JSON.stringify(context.state.model())}\n\n`)
  })
  let closed: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        unsubscribe()
        broadcast('event: end\ndata: {}\n\n')
        for (const client of context.clients) client.end()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closed
    },
  }
}
