/**
 * The failure reason of a response with an unexpected status: `HTTP 503`, and
 * when the body is a small JSON error in the common `{ error, dependency? }`
 * shape, its code and the dependency it names (`HTTP 503
 * dependency_unavailable (postgres)`), so the failures table says what broke
 * without anyone opening the API's log. Only failures pay for the parse.
 */
import type { ResponseHeaders } from './http1-response-parser.ts'

const MAX_PARSED_BYTES = 4096
/** Codes and names go into a grouping key: short tokens only, never free text. */
const TOKEN = /^[A-Za-z0-9_.:-]{1,64}$/
const decoder = new TextDecoder()

function isJson(headers: ResponseHeaders): boolean {
  const type = headers['content-type']
  return typeof type === 'string' && /^application\/([a-z.+-]*\+)?json\b/i.test(type)
}

function token(value: unknown): string | undefined {
  return typeof value === 'string' && TOKEN.test(value) ? value : undefined
}

export function httpFailureReason(status: number, headers: ResponseHeaders, body: Uint8Array): string {
  const reason = `HTTP ${status}`
  if (body.byteLength === 0 || body.byteLength > MAX_PARSED_BYTES || !isJson(headers)) return reason
  let parsed: unknown
  try {
    parsed = JSON.parse(decoder.decode(body))
  } catch {
    return reason
  }
  if (typeof parsed !== 'object' || parsed === null) return reason
  const { error, code, dependency } = parsed as Record<string, unknown>
  const errorCode = token(error) ?? token(code)
  if (errorCode === undefined) return reason
  const named = token(dependency)
  return named === undefined ? `${reason} ${errorCode}` : `${reason} ${errorCode} (${named})`
}
