/**
 * Serialises one HTTP/1.1 request for the engine's own client, refusing what
 * could be read as something else. As undici does: the method and header
 * names must be tokens (RFC 9110 tchar), header values printable latin-1
 * (field-vchar, obs-text, space and tab); the path is printable ASCII, its
 * characters above U+007E percent-encoded as UTF-8. The head is then always
 * latin-1, whatever the body, so no character can lose its high byte after it
 * was checked (U+010D and U+010A would become CR and LF).
 *
 * Framing is the client's: a user `host` replaces the default, and
 * content-length, transfer-encoding, connection, upgrade and keep-alive are
 * refused, since a second length or a chunked encoding would desynchronise
 * the kept-alive connection and an upgrade would hand it to another protocol.
 */

/** Errors carry the codes failure-reason.ts groups by (ETIMEDOUT, ECONNRESET, ECONNREFUSED, …). */
export class ClientError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/
const ABOVE_ASCII_IN_VALUE = /[\x80-\xff]/
/** Neither printable ASCII nor above it: control characters, space and DEL. */
const CONTROL_OR_SPACE = /[^!-~\u0080-\uffff]/
const ABOVE_ASCII = /[\u0080-\uffff]+/g
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'upgrade', 'keep-alive'])
const WITH_PAYLOAD = new Set(['POST', 'PUT', 'PATCH'])

function invalid(message: string): ClientError {
  return new ClientError('ERR_INVALID_ARG_VALUE', message)
}

/** The path as sent: origin-form (or `*`), printable ASCII, non-ASCII runs percent-encoded as UTF-8. */
function requestTarget(path: string): string {
  if (CONTROL_OR_SPACE.test(path)) throw invalid(`invalid request path ${JSON.stringify(path)}: control characters and spaces must be percent-encoded`)
  if (path[0] !== '/' && path !== '*') throw invalid(`invalid request path ${JSON.stringify(path)}: it must start with /`)
  try {
    return path.replace(ABOVE_ASCII, (run) => encodeURIComponent(run))
  } catch {
    throw invalid(`invalid request path ${JSON.stringify(path)}: it holds a lone surrogate`)
  }
}

/** The header lines, the default host included unless the user gave one; `latin1` when a value holds obs-text. */
function headerLines(headers: Record<string, string>, defaultHost: string): { lines: string; latin1: boolean } {
  let lines = ''
  let host = false
  let latin1 = false
  for (const name in headers) {
    const value = headers[name] as string
    if (!TOKEN.test(name)) throw invalid(`invalid header name ${JSON.stringify(name)}: not a token`)
    const lower = name.toLowerCase()
    if (FRAMING.has(lower)) throw invalid(`header ${JSON.stringify(name)} is not allowed: the client sets the framing`)
    if (!FIELD_VALUE.test(value)) throw invalid(`invalid value for header ${JSON.stringify(name)}: only tab, printable ASCII and latin-1 characters (up to U+00FF) are allowed`)
    if (lower === 'host') host = true
    if (!latin1 && ABOVE_ASCII_IN_VALUE.test(value)) latin1 = true
    lines += `${name}: ${value}\r\n`
  }
  return { lines: host ? lines : `host: ${defaultHost}\r\n${lines}`, latin1 }
}

/** The bytes of one request: a string when they are all ASCII but the body (written as UTF-8), else a Buffer. */
export function serializeRequest(method: string, path: string, defaultHost: string, headers: Record<string, string>, body: string | Uint8Array | undefined): string | Buffer {
  if (!TOKEN.test(method)) throw invalid(`invalid method ${JSON.stringify(method)}: not a token`)
  const { lines, latin1 } = headerLines(headers, defaultHost)
  const head = `${method} ${requestTarget(path)} HTTP/1.1\r\n${lines}`
  if (body === undefined) {
    const end = WITH_PAYLOAD.has(method) ? `${head}content-length: 0\r\n\r\n` : `${head}\r\n`
    return latin1 ? Buffer.from(end, 'latin1') : end
  }
  if (typeof body === 'string') {
    const length = Buffer.byteLength(body)
    // An ASCII head reads the same in UTF-8: one string, one write, no copy.
    if (!latin1) return `${head}content-length: ${length}\r\n\r\n${body}`
    return Buffer.concat([Buffer.from(`${head}content-length: ${length}\r\n\r\n`, 'latin1'), Buffer.from(body)])
  }
  return Buffer.concat([Buffer.from(`${head}content-length: ${body.byteLength}\r\n\r\n`, 'latin1'), body])
}
