/**
 * An incremental HTTP/1.1 response parser for the engine's own client: status
 * line and headers, then a body delimited by Content-Length, chunked encoding
 * or the end of the connection; no body for HEAD, 204 and 304; interim 1xx
 * responses skipped. It keeps the body's chunks as they came (no copies until
 * the end) and reports whether the connection can be reused. Malformed input
 * is rejected as llhttp's strict mode would (http1-response-head.ts).
 */
import { HttpParseError } from './http1-parse-error.ts'
import { parseHead, parseHeaderBlock, type ResponseHeaders } from './http1-response-head.ts'
import { LineScanner } from './http1-line-scanner.ts'

export { HttpParseError } from './http1-parse-error.ts'
export type { ResponseHeaders } from './http1-response-head.ts'

const MAX_HEAD_BYTES = 64 * 1024
const CR = 13
const LF = 10
// The size in hex (at most 14 digits stays below 2^53 once leading zeros go), then `;name[=token|"quoted"]` extensions with no spaces.
const CHUNK_SIZE = /^0*([0-9A-Fa-f]{1,14})((?:;[!#$%&'*+\-.^_`|~0-9A-Za-z]*(?:=(?:[!#$%&'*+\-.^_`|~0-9A-Za-z]+|"(?:[\t\x20\x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t\x20-\x7e\x80-\xff])*"))?)*)$/

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-cr' | 'chunk-lf' | 'trailers' | 'until-close' | 'done'

export class ResponseParser {
  status = 0
  headers: ResponseHeaders = Object.create(null)
  /** False when the connection must not carry another request: the server said so, or sent bytes past this response. */
  keepAlive = true
  /** True once any byte of a response arrived: a reused connection that closes before that may be retried. */
  started = false
  private state: State = 'head'
  private readonly noBody: boolean
  private readonly head = new LineScanner(MAX_HEAD_BYTES, 'response head')
  private remaining = 0
  private readonly chunks: Buffer[] = []

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
    // Bytes past the end belong to no request: the connection is out of step and must close.
    if (data.length > 0) this.keepAlive = false
  }

  /** Marks the end of a close-delimited body. */
  finishAtClose(): void {
    if (this.state === 'until-close') this.state = 'done'
  }

  private step(data: Buffer): Buffer {
    switch (this.state) {
      case 'head':
        return this.readBlock(data, (head) => this.onHead(head))
      case 'length':
        return this.readBody(data, 'done')
      case 'chunk-size':
        return this.readChunkSize(data)
      case 'chunk-data':
        return this.readBody(data, 'chunk-cr')
      case 'chunk-cr':
      case 'chunk-lf':
        return this.readChunkEnd(data)
      case 'trailers':
        // Trailer fields are checked like headers, then dropped: nothing in the engine reads them.
        return this.readBlock(data, (block) => {
          parseHeaderBlock(block.toString('latin1', 0, block.length - 2), 0)
          this.state = 'done'
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

  /** Reads lines up to an empty one (a head or trailers), possibly split across chunks. */
  private readBlock(data: Buffer, onBlock: (block: Buffer) => void): Buffer {
    const used = this.head.scan(data, true)
    if (used === -1) return data.subarray(data.length)
    onBlock(this.head.take())
    return data.subarray(used)
  }

  private readChunkSize(data: Buffer): Buffer {
    const used = this.head.scan(data, false)
    if (used === -1) return data.subarray(data.length)
    const line = this.head.take()
    const size = CHUNK_SIZE.exec(line.toString('latin1', 0, line.length - 2))
    if (!size) throw new HttpParseError(`bad chunk size line ${JSON.stringify(line.toString('latin1', 0, 80))}`)
    this.remaining = Number.parseInt(size[1] as string, 16)
    if (this.remaining > Number.MAX_SAFE_INTEGER) throw new HttpParseError('chunk size overflow')
    this.state = this.remaining === 0 ? 'trailers' : 'chunk-data'
    return data.subarray(used)
  }

  /** The CRLF after a chunk's data, checked byte by byte so that extra data fails at once. */
  private readChunkEnd(data: Buffer): Buffer {
    const expected = this.state === 'chunk-cr' ? CR : LF
    if (data[0] !== expected) throw new HttpParseError('chunk data longer than its size')
    this.state = this.state === 'chunk-cr' ? 'chunk-lf' : 'chunk-size'
    return data.subarray(1)
  }

  private onHead(bytes: Buffer): void {
    const head = parseHead(bytes)
    if (head.status === 101) throw new HttpParseError('switching protocols without an upgrade request')
    // Interim responses (100 Continue, 103 Early Hints) precede the real one and carry no body.
    if (head.status < 200) return
    this.status = head.status
    this.headers = head.headers
    this.keepAlive = head.keepAlive
    const { framing } = head
    if (this.noBody || head.status === 204 || head.status === 304) {
      // A length or coding here announces a body that may still come: as undici, do not reuse (HEAD is exempt).
      const announced = head.headers['transfer-encoding'] !== undefined || (typeof framing === 'object' && framing.length > 0)
      if (announced && !this.noBody) this.keepAlive = false
      this.state = 'done'
    } else if (framing === 'chunked') {
      this.state = 'chunk-size'
    } else if (framing === 'close') {
      this.state = 'until-close'
      this.keepAlive = false
    } else {
      this.remaining = framing.length
      this.state = framing.length === 0 ? 'done' : 'length'
    }
  }
}
