/**
 * An incremental HTTP/1.1 response parser for the engine's own client: status
 * line and headers, then a body delimited by Content-Length, chunked encoding
 * or the end of the connection; no body for HEAD, 204 and 304; interim 1xx
 * responses skipped. It keeps the body's chunks as they came (no copies until
 * the end) and reports whether the connection can be reused.
 */

export type ResponseHeaders = Record<string, string | string[] | undefined>

export class HttpParseError extends Error {
  readonly code = 'HPE_INVALID_RESPONSE'
}

const CRLF = Buffer.from('\r\n')
const HEAD_END = Buffer.from('\r\n\r\n')
const MAX_HEAD_BYTES = 64 * 1024
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})/

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close' | 'done'

export class ResponseParser {
  status = 0
  headers: ResponseHeaders = {}
  keepAlive = true
  private state: State = 'head'
  private readonly noBody: boolean
  /** Bytes of an incomplete head, size line or trailer, kept across chunks. */
  private partial: Buffer | undefined
  private remaining = 0
  private readonly chunks: Buffer[] = []
  /** True once any byte of a response arrived: a reused connection that closes before that may be retried. */
  started = false

  constructor(requestWasHead: boolean) {
    this.noBody = requestWasHead
  }

  get done(): boolean {
    return this.state === 'done'
  }

  /** True when the body runs until the connection closes: a close then completes the response. */
  get endsWithClose(): boolean {
    return this.state === 'until-close'
  }

  body(): Buffer {
    return this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks)
  }

  /** Consumes one chunk from the socket; throws HttpParseError on a malformed response. */
  feed(chunk: Buffer): void {
    this.started = true
    let data = chunk
    while (data.length > 0 && this.state !== 'done') data = this.step(data)
  }

  /** Marks the end of a close-delimited body. */
  finishAtClose(): void {
    if (this.state === 'until-close') this.state = 'done'
  }

  private step(data: Buffer): Buffer {
    switch (this.state) {
      case 'head':
        return this.readHead(data)
      case 'length':
        return this.readBody(data, 'done')
      case 'chunk-size':
        return this.readLine(data, (line) => {
          const size = Number.parseInt(line.split(';', 1)[0] ?? '', 16)
          if (!Number.isFinite(size) || size < 0) throw new HttpParseError(`bad chunk size ${JSON.stringify(line)}`)
          this.remaining = size
          this.state = size === 0 ? 'trailers' : 'chunk-data'
        })
      case 'chunk-data':
        return this.readBody(data, 'chunk-end')
      case 'chunk-end':
        return this.readLine(data, (line) => {
          if (line !== '') throw new HttpParseError('chunk data longer than its size')
          this.state = 'chunk-size'
        })
      case 'trailers':
        return this.readLine(data, (line) => {
          if (line === '') this.state = 'done'
        })
      case 'until-close':
        this.chunks.push(data)
        return data.subarray(data.length)
      case 'done':
        return data
    }
  }

  /** Takes up to `remaining` body bytes; `then` is the state once they are all in. */
  private readBody(data: Buffer, then: State): Buffer {
    const take = Math.min(this.remaining, data.length)
    this.chunks.push(data.subarray(0, take))
    this.remaining -= take
    if (this.remaining === 0) this.state = then
    return data.subarray(take)
  }

  /** Reads one CRLF-terminated line, possibly split across chunks. */
  private readLine(data: Buffer, onLine: (line: string) => void): Buffer {
    const joined = this.partial ? Buffer.concat([this.partial, data]) : data
    const end = joined.indexOf(CRLF)
    if (end === -1) {
      if (joined.length > MAX_HEAD_BYTES) throw new HttpParseError('line too long')
      this.partial = joined
      return data.subarray(data.length)
    }
    this.partial = undefined
    onLine(joined.toString('latin1', 0, end))
    return joined.subarray(end + 2)
  }

  private readHead(data: Buffer): Buffer {
    const joined = this.partial ? Buffer.concat([this.partial, data]) : data
    const end = joined.indexOf(HEAD_END)
    if (end === -1) {
      if (joined.length > MAX_HEAD_BYTES) throw new HttpParseError('response head over 64 KiB')
      this.partial = joined
      return data.subarray(data.length)
    }
    this.partial = undefined
    const lines = joined.toString('latin1', 0, end).split('\r\n')
    const statusLine = STATUS_LINE.exec(lines[0] ?? '')
    if (!statusLine) throw new HttpParseError(`not an HTTP/1.x status line: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`)
    const status = Number(statusLine[2])
    const rest = joined.subarray(end + 4)
    // Interim responses (100 Continue, 103 Early Hints) precede the real one.
    if (status >= 100 && status < 200 && status !== 101) return rest
    this.status = status
    this.headers = parseHeaders(lines)
    const connection = headerText(this.headers.connection).toLowerCase()
    this.keepAlive = statusLine[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive')
    if (this.noBody || status === 204 || status === 304) {
      this.state = 'done'
    } else if (headerText(this.headers['transfer-encoding']).toLowerCase().includes('chunked')) {
      this.state = 'chunk-size'
    } else if (this.headers['content-length'] !== undefined) {
      const length = Number(headerText(this.headers['content-length']))
      if (!Number.isSafeInteger(length) || length < 0) throw new HttpParseError(`bad content-length ${JSON.stringify(this.headers['content-length'])}`)
      this.remaining = length
      this.state = length === 0 ? 'done' : 'length'
    } else {
      this.state = 'until-close'
      this.keepAlive = false
    }
    return rest
  }
}

function parseHeaders(lines: string[]): ResponseHeaders {
  const headers: ResponseHeaders = {}
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string
    const colon = line.indexOf(':')
    if (colon <= 0) throw new HttpParseError(`malformed header line ${JSON.stringify(line.slice(0, 80))}`)
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    const existing = headers[name]
    if (existing === undefined) headers[name] = value
    else if (Array.isArray(existing)) existing.push(value)
    else headers[name] = [existing, value]
  }
  return headers
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '')
}
