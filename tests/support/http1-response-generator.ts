/**
 * Random HTTP/1.x responses for the differential test: a small grammar of
 * well-formed responses, each part mutated now and then the way broken
 * servers and smuggling attempts do (odd or repeated Content-Length and
 * Transfer-Encoding, header names and whitespace, chunk sizes and extensions,
 * trailers, interim 1xx, bare LF, bytes past the end, an early close).
 */
import type { Random } from '../../src/engine/stats/random.ts'

export interface GeneratedCase {
  method: 'GET' | 'HEAD'
  raw: Buffer
}

const pick = <T>(random: Random, options: readonly T[]): T => options[Math.floor(random() * options.length)] as T
/** Mostly `usual`, sometimes one of `odd`: keeps about half the cases valid so both outcomes are exercised. */
const mostly = <T>(random: Random, usual: T, odd: readonly T[], oddRate = 0.12): T => (random() < oddRate ? pick(random, odd) : usual)

function statusLine(random: Random, status: number): string {
  const version = mostly(random, 'HTTP/1.1', ['HTTP/1.0', 'HTTP/1.2', 'HTTP/2.0', 'http/1.1', 'HTTP/1.1 '])
  const code = mostly(random, String(status), ['099', '2000', '20', '999', `${status}`.padStart(4, '0')])
  const reason = mostly(random, ' OK', [' ', '', 'OK', ' Any reason\t!', '  OK', ' O\rK', ' caf\xe9'])
  return `${version} ${code}${reason}`
}

function noiseHeader(random: Random): string {
  const name = mostly(random, pick(random, ['X-Trace', 'server', 'Date', 'ETag']), ['X Bad', 'X(', '__proto__', 'constructor', ' X-Fold', '', 'X-\xe9'])
  const space = mostly(random, ' ', ['', '\t', '  ', ' \t'])
  const value = mostly(random, 'abc123', ['abc ', 'a\x00b', 'a\x7fb', 'caf\xe9', 'a\rb', '', 'a\r\n folded'])
  return `${name}:${space}${value}`
}

function contentLength(random: Random, length: number): string[] {
  const value = mostly(random, String(length), [` ${length}`, `${length} `, `+${length}`, `0x${length.toString(16)}`, `${length}, ${length}`, '', `00${length}`, `${length + 1}`, `${Math.max(0, length - 1)}`, '1234567890123456', '-1'], 0.2)
  const name = mostly(random, 'Content-Length', ['content-length', 'CONTENT-LENGTH', 'Content-Length '])
  const headers = [`${name}: ${value}`]
  if (random() < 0.06) headers.push(`Content-Length: ${mostly(random, value, [String(length + 1)], 0.5)}`)
  return headers
}

function transferEncoding(random: Random): string[] {
  const value = mostly(random, 'chunked', ['CHUNKED', 'gzip, chunked', 'chunked, gzip', 'xchunked', 'chunked ', 'chunked;q=1', 'gzip,chunked', 'chunked,', 'chunked, chunked', ''], 0.2)
  if (random() < 0.06) return ['Transfer-Encoding: gzip', `Transfer-Encoding: ${value}`]
  return [`${mostly(random, 'Transfer-Encoding', ['transfer-encoding', 'Transfer-Encoding '])}: ${value}`]
}

function chunkedBody(random: Random, body: string): string {
  let out = ''
  for (let at = 0; at < body.length; ) {
    const size = Math.min(body.length - at, 1 + Math.floor(random() * 8))
    const hex = mostly(random, size.toString(16), [`0x${size}`, ` ${size}`, `${size} `, `00${size}`, size.toString(16).toUpperCase(), `${size}zz`, 'fffffffffffffffff', String(size + 1)])
    const extension = mostly(random, '', [';a', ';a=b', ';a="q q"', '; a', ';a=b c', ';=x', ' ;a'])
    const data = mostly(random, body.slice(at, at + size), [`${body.slice(at, at + size)}x`, body.slice(at, at + size - 1)], 0.05)
    out += `${hex}${extension}\r\n${data}${mostly(random, '\r\n', ['\n', '\r', ''], 0.04)}`
    at += size
  }
  const trailers = random() < 0.15 ? `${mostly(random, 'X-Trailer: t', ['X Trailer: t', 'X-Trailer:t'])}\r\n` : ''
  return `${out}${mostly(random, '0', ['00', '0;a=1'])}\r\n${trailers}${mostly(random, '\r\n', ['\n', ''], 0.04)}`
}

/** The head and body of one final response, before whole-message mutations. */
function finalResponse(random: Random): string {
  const status = pick(random, [200, 200, 200, 201, 204, 304, 404, 500])
  const body = 'hello world\r\n0123456789'.slice(0, Math.floor(random() * 24))
  const framing = pick(random, ['length', 'length', 'chunked', 'chunked', 'close', 'both'] as const)
  const headers: string[] = []
  for (let i = Math.floor(random() * 3); i > 0; i--) headers.push(noiseHeader(random))
  if (framing === 'length' || framing === 'both') headers.push(...contentLength(random, body.length))
  if (framing === 'chunked' || framing === 'both') headers.push(...transferEncoding(random))
  if (random() < 0.15) headers.push(`Connection: ${pick(random, ['close', 'keep-alive', 'Keep-Alive, x'])}`)
  shuffle(random, headers)
  const content = framing === 'chunked' || framing === 'both' ? chunkedBody(random, body) : body
  return `${statusLine(random, status)}\r\n${headers.map((line) => `${line}\r\n`).join('')}\r\n${content}`
}

function shuffle<T>(random: Random, items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j] as T, items[i] as T]
  }
}

export function generateCase(random: Random): GeneratedCase {
  let text = ''
  if (random() < 0.12) text += `HTTP/1.1 ${pick(random, ['100 Continue', '102 Processing', '103 Early Hints', '199 X', '101 Switching Protocols'])}\r\n${random() < 0.5 ? 'Link: </a>\r\n' : ''}\r\n`
  text += finalResponse(random)
  // Whole-message mutations: one bare LF in the head, bytes past the end, an early close.
  if (random() < 0.05) {
    const crlf = text.indexOf('\r\n', Math.floor(random() * text.indexOf('\r\n\r\n')))
    if (crlf !== -1) text = `${text.slice(0, crlf)}${text.slice(crlf + 1)}`
  }
  if (random() < 0.08) text += pick(random, ['EXTRA', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', '\r\n'])
  if (random() < 0.06) text = text.slice(0, Math.floor(random() * text.length))
  return { method: random() < 0.1 ? 'HEAD' : 'GET', raw: Buffer.from(text, 'latin1') }
}
