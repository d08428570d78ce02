/**
 * Endpoint names: method and route template, with ids templated out so that
 * `GET /api/v1/files/3f2a…` and `GET /api/v1/files/9c1b…` are one series.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const NUMBER = /^\d+$/
const LONG_HEX = /^[0-9a-f]{16,}$/i
const OPAQUE_ID = /^(?=.*\d)[A-Za-z0-9_-]{20,}$/

function isId(segment: string): boolean {
  return UUID.test(segment) || NUMBER.test(segment) || LONG_HEX.test(segment) || OPAQUE_ID.test(segment)
}

/** `/api/v1/files/123/content?x=1` -> `/api/v1/files/:id/content`. */
export function templatePath(path: string): string {
  const queryAt = path.indexOf('?')
  const bare = queryAt === -1 ? path : path.slice(0, queryAt)
  return bare
    .split('/')
    .map((segment) => (isId(segment) ? ':id' : segment))
    .join('/')
}

export function endpointName(method: string, path: string): string {
  return `${method.toUpperCase()} ${templatePath(path)}`
}
