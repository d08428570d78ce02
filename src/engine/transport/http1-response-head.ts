/**
 * Reads a complete response head (status line and header lines, CRLF-ended)
 * the way llhttp does in its default strict mode, which is what undici uses:
 * token header names, no folding, no whitespace before the colon, visible
 * bytes in values; then decides how the body is framed.
 */
import { HttpParseError } from './http1-parse-error.ts'

export type ResponseHeaders = Record<string, string | string[] | undefined>

export interface ResponseHead {
  status: number
  headers: ResponseHeaders
  /** False when the connection cannot carry another response after this one. */
  keepAlive: boolean
  /** How the body ends: a byte count, the chunked coding, or the connection's close. */
  framing: { length: number } | 'chunked' | 'close'
}

// Reason phrase: anything but CR (llhttp even takes control bytes); the space before it may go with it.
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: [^\r]*)?$/
// At most 15 digits: any byte count a client could wait for, and exact as a double.
const CONTENT_LENGTH = /^\d{1,15}$/

/** Parses `head`, the bytes up to and including the empty line that ends it. */
export function parseHead(head: Buffer): ResponseHead {
  const text = head.toString('latin1', 0, Math.max(0, head.length - 2))
  const statusEnd = text.indexOf('\r\n')
  const statusLine = STATUS_LINE.exec(text.slice(0, statusEnd))
  if (!statusLine) throw new HttpParseError(`not an HTTP/1.x status line: ${JSON.stringify(text.slice(0, Math.min(statusEnd, 80)))}`)
  const headers = parseHeaderBlock(text, statusEnd + 2)
  const status = Number(statusLine[2])
  const connection = headers.connection
  const keepAlive = statusLine[1] === '1' ? !hasToken(connection, 'close') : hasToken(connection, 'keep-alive')
  return { status, headers, keepAlive, framing: framing(headers) }
}

/**
 * A prototype-less object that V8 still keeps in fast mode: `Object.create(null)`
 * would do for safety (`__proto__` and `constructor` are plain keys) but makes a
 * dictionary-mode object, and this is parsed once per response.
 */
const NullObject = function NullObject() {} as unknown as new () => ResponseHeaders
NullObject.prototype = Object.create(null)

// RFC 9110 tchar, and field-vchar with SP, HTAB and obs-text, as byte tables: one lookup per character.
const TCHAR = byteTable((c) => /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(String.fromCharCode(c)))
const FIELD_CHAR = byteTable((c) => c === 0x09 || (c >= 0x20 && c <= 0x7e) || c >= 0x80)

function byteTable(allowed: (code: number) => boolean): Uint8Array {
  const table = new Uint8Array(256)
  for (let c = 0; c < 256; c++) table[c] = allowed(c) ? 1 : 0
  return table
}

function malformed(line: string): HttpParseError {
  return new HttpParseError(`malformed header line ${JSON.stringify(line.slice(0, 80))}`)
}

/**
 * Header lines, each CRLF-ended, from `text[from]` to its end, into a
 * prototype-less object so any name (`__proto__`) is a plain key. Each line is
 * read as llhttp reads it: a token name right before the colon, optional
 * spaces and tabs, then a value of visible bytes, spaces and tabs that starts
 * with a visible byte (trailing whitespace kept). The text is latin1, so
 * every character is one byte. One pass, no intermediate arrays: this runs
 * once per response.
 */
export function parseHeaderBlock(text: string, from: number): ResponseHeaders {
  const headers = new NullObject()
  for (let start = from; start < text.length; ) {
    const end = text.indexOf('\r\n', start)
    const colon = text.indexOf(':', start)
    if (colon <= start || colon > end) throw malformed(text.slice(start, end))
    for (let i = start; i < colon; i++) if (TCHAR[text.charCodeAt(i)] !== 1) throw malformed(text.slice(start, end))
    let valueStart = colon + 1
    while (valueStart < end && isOws(text.charCodeAt(valueStart))) valueStart++
    for (let i = valueStart; i < end; i++) if (FIELD_CHAR[text.charCodeAt(i)] !== 1) throw malformed(text.slice(start, end))
    const name = text.slice(start, colon).toLowerCase()
    const value = text.slice(valueStart, end)
    const existing = headers[name]
    if (existing === undefined) headers[name] = value
    else if (Array.isArray(existing)) existing.push(value)
    else headers[name] = [existing, value]
    start = end + 2
  }
  return headers
}

/**
 * llhttp's rules for responses: Content-Length once, digits only; never with
 * Transfer-Encoding; chunked only when it is the last coding, else the body
 * runs to the close.
 */
function framing(headers: ResponseHeaders): ResponseHead['framing'] {
  const contentLength = headers['content-length']
  const transferEncoding = headers['transfer-encoding']
  if (Array.isArray(contentLength)) throw new HttpParseError('duplicate content-length')
  if (contentLength !== undefined && transferEncoding !== undefined) throw new HttpParseError('content-length with transfer-encoding')
  if (transferEncoding !== undefined) {
    const codings = tokens(transferEncoding)
    return codings[codings.length - 1] === 'chunked' ? 'chunked' : 'close'
  }
  if (contentLength === undefined) return 'close'
  if (!CONTENT_LENGTH.test(contentLength)) throw new HttpParseError(`bad content-length ${JSON.stringify(contentLength.slice(0, 80))}`)
  return { length: Number(contentLength) }
}

/** Whether a list header (`connection`) holds `token`; the usual single value is compared without splitting. */
function hasToken(value: string | string[] | undefined, token: string): boolean {
  if (value === undefined) return false
  if (typeof value === 'string' && !value.includes(',')) return trimOws(value).toLowerCase() === token
  return tokens(value).includes(token)
}

/** A comma-separated list header, across repeated fields, as lowercase trimmed elements (empty ones kept). */
function tokens(value: string | string[] | undefined): string[] {
  if (value === undefined) return []
  const joined = Array.isArray(value) ? value.join(',') : value
  return joined.toLowerCase().split(',').map(trimOws)
}

/** Strips spaces and tabs only: String#trim would also take obs-text such as 0xA0. */
function trimOws(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && isOws(text.charCodeAt(start))) start++
  while (end > start && isOws(text.charCodeAt(end - 1))) end--
  return start === 0 && end === text.length ? text : text.slice(start, end)
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09
}
