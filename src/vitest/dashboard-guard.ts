/**
 * Who may use the dashboard. Every request must name it by its loopback
 * address in `Host` (a page on another site that rebinds its own name to
 * 127.0.0.1 cannot); a stop must also carry this run's token, which only the
 * dashboard's page holds, in `X-Loadgate-Token` (a header, so a plain form
 * on another site cannot send it), and come from no other origin.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export interface DashboardGuard {
  token: string
  /** Why the request is refused, or undefined when its Host is the dashboard's. */
  refusalOfHost(req: IncomingMessage): string | undefined
  /** Why a stop is refused, or undefined when it may stop the run. */
  refusalOfStop(req: IncomingMessage): string | undefined
}

/** Hashed first, so both sides have one length and the comparison takes the same time whatever was sent. */
function sameSecret(sent: string, token: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(sent), digest(token))
}

export function dashboardGuard(port: number): DashboardGuard {
  const token = randomBytes(24).toString('hex')
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const origins = new Set([...hosts].map((host) => `http://${host}`))
  return {
    token,
    refusalOfHost: (req) => (hosts.has(req.headers.host ?? '') ? undefined : `Host must be 127.0.0.1:${port}`),
    refusalOfStop: (req) => {
      const origin = req.headers.origin
      // A browser names the origin of every POST it sends; a client without one (curl) is on this machine and must still hold the token.
      if (origin !== undefined && !origins.has(origin)) return `a stop from ${origin} is refused: only the dashboard's own page may stop the run`
      if (req.headers['sec-fetch-site'] === 'cross-site') return 'a stop from another site is refused'
      const sent = req.headers['x-loadgate-token']
      if (typeof sent !== 'string' || !sameSecret(sent, token)) return 'X-Loadgate-Token is missing or wrong'
      return undefined
    },
  }
}
