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
 * content-length, transfer-encoding, upgrade and keep-alive are refused,
 * since a second length or a chunked encoding would desynchronise the
 * kept-alive connection and an upgrade would hand it to another protocol.
 * `connection` may only be `close` (the connection is then not reused) or
 * `keep-alive`, as undici allows.
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
const FRAMING = new Set(['content-length', 'transfer-encoding', 'upgrade', 'keep-alive'])
const CONNECTION_VALUES = new Set(['close', 'keep-alive'])
const WITH_PAYLOAD = new Set(['POST', 'PUT', 'PATCH'])

function invalid(message: string): ClientError {
  return new ClientError('ERR_INVALID_ARG_VALUE', message)
}

/** The request target as sent: origin-form (or `*`), printable ASCII, non-ASCII runs percent-encoded as UTF-8. */
function requestTarget(path: string): string {
  if (CONTROL_OR_SPACE.test(path)) throw invalid(`invalid request path ${JSON.stringify(path)}: control characters and spaces must be percent-encoded`)
  if (path[0] !== '/' && path !== '*') throw invalid(`invalid request path ${JSON.stringify(path)}: it must start with /`)
  try {
    return path.replace(ABOVE_ASCII, (run) => encodeURIComponent(run))
  } catch {
    throw invalid(`invalid request path ${JSON.stringify(path)}: it holds a lone surrogate`)
  }
}

export interface SerializedRequest {
  /** A string when all but the body is ASCII (written as UTF-8), else a Buffer. */
  bytes: string | Buffer
  /** The request said `connection: close`: the connection must not carry another one. */
  close: boolean
}

interface HeaderLines {
  lines: string
  /** A value holds obs-text (U+0080 to U+00FF): the head must be encoded as latin-1. */
  latin1: boolean
  close: boolean
}

/** The header lines, the default host included unless the user gave one. */
function headerLines(headers: Record<string, string>, defaultHost: string): HeaderLines {
  let lines = ''
  let host = false
  let latin1 = false
  let close = false
  for (const name in headers) {
    const value = headers[name] as string
    if (!TOKEN.test(name)) throw invalid(`invalid header name ${JSON.stringify(name)}: not a token`)
    const lower = name.toLowerCase()
    if (FRAMING.has(lower)) throw invalid(`header ${JSON.stringify(name)} is not allowed: the client sets the framing`)
    if (!FIELD_VALUE.test(value)) throw invalid(`invalid value for header ${JSON.stringify(name)}: only tab, printable ASCII and latin-1 characters (up to U+00FF) are allowed`)
    if (lower === 'host') host = true
    if (lower === 'connection') close = connectionCloses(name, value)
    if (!latin1 && ABOVE_ASCII_IN_VALUE.test(value)) latin1 = true
    lines += `${name}: ${value}\r\n`
  }
  return { lines: host ? lines : `host: ${defaultHost}\r\n${lines}`, latin1, close }
}

function connectionCloses(name: string, value: string): boolean {
  const option = value.trim().toLowerCase()
  if (!CONNECTION_VALUES.has(option)) throw invalid(`header ${JSON.stringify(name)} may only be close or keep-alive (got ${JSON.stringify(value)}): the client sets the framing`)
  return option === 'close'
}

export function serializeRequest(method: string, path: string, defaultHost: string, headers: Record<string, string>, body: string | Uint8Array | undefined): SerializedRequest {
  if (!TOKEN.test(method)) throw invalid(`invalid method ${JSON.stringify(method)}: not a token`)
  const { lines, latin1, close } = headerLines(headers, defaultHost)
  return { bytes: requestBytes(`${method} ${requestTarget(path)} HTTP/1.1\r\n${lines}`, method, latin1, body), close }
}

/** The head in latin-1 and the body as given, a string body in UTF-8. */
function requestBytes(head: string, method: string, latin1: boolean, body: string | Uint8Array | undefined): string | Buffer {
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
