/**
 * The methods each route path answers, learnt from Fastify's `onRoute` hook, so
 * a known path asked with a wrong method gets 405 and `Allow` rather than the
 * 404 of a path that does not exist (Fastify's router answers both with 404).
 */
import type { FastifyInstance } from 'fastify'

interface RoutePath {
  pattern: RegExp
  methods: Set<string>
}

/** Registers the hook; call before any route is added. The returned function lists a path's methods. */
export function trackAllowedMethods(app: FastifyInstance): (path: string) => string[] {
  const routes = new Map<string, RoutePath>()
  app.addHook('onRoute', (route) => {
    let known = routes.get(route.url)
    if (known === undefined) {
      known = { pattern: templatePattern(route.url), methods: new Set() }
      routes.set(route.url, known)
    }
    for (const method of [route.method].flat()) known.methods.add(method)
  })
  return (path) => {
    const methods = new Set<string>()
    for (const { pattern, methods: answered } of routes.values()) {
      if (pattern.test(path)) for (const method of answered) methods.add(method)
    }
    return [...methods].sort()
  }
}

/** `/api/v1/files/:id` -> /^\/api\/v1\/files\/[^/]+$/; this API's templates use only whole-segment parameters. */
export function templatePattern(url: string): RegExp {
  const segments = url.split('/').map((segment) => {
    if (segment.startsWith(':')) return '[^/]+'
    if (segment === '*') return '.*'
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  })
  return new RegExp(`^${segments.join('/')}$`)
}
