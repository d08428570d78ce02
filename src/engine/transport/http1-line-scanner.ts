/**
 * Collects the bytes of a response head, a chunk-size line or a trailer block
 * as they arrive, however they are split. Each read is searched once, from its
 * own start, and kept as a piece: one concatenation at the end, so a head that
 * arrives a byte at a time costs linear time, not quadratic.
 */
import { HttpParseError } from './http1-parse-error.ts'

const CR = 13
const LF = 10

export class LineScanner {
  private readonly pieces: Buffer[] = []
  /** Bytes held in `pieces`. */
  private held = 0
  /** Offset, in the held bytes, where the current line starts. */
  private lineStart = 0
  /** The last byte held: a LF at the start of the next read must follow a CR there. */
  private lastByte = -1
  private readonly maxBytes: number
  private readonly describe: string

  constructor(maxBytes: number, describe: string) {
    this.maxBytes = maxBytes
    this.describe = describe
  }

  /**
   * Takes bytes until one line ends (`block` false) or until an empty line
   * ends a block of lines (`block` true). Returns how many bytes of `data`
   * that used, or -1 when all were taken and the end has not come yet.
   * A LF without a CR before it is an error at once, as in llhttp's strict mode.
   */
  scan(data: Buffer, block: boolean): number {
    for (let from = 0; ; ) {
      const lf = data.indexOf(LF, from)
      if (lf === -1) break
      if ((lf > 0 ? data[lf - 1] : this.lastByte) !== CR) throw new HttpParseError(`bare LF in the ${this.describe}`)
      const at = this.held + lf
      const empty = at - 1 === this.lineStart
      this.lineStart = at + 1
      if (!block || empty) {
        if (at + 1 > this.maxBytes) throw new HttpParseError(`${this.describe} over ${this.maxBytes / 1024} KiB`)
        this.keep(data.subarray(0, lf + 1))
        return lf + 1
      }
      from = lf + 1
    }
    this.keep(data)
    if (this.held > this.maxBytes) throw new HttpParseError(`${this.describe} over ${this.maxBytes / 1024} KiB`)
    return -1
  }

  /** The bytes scanned, terminator included; the scanner starts afresh. */
  take(): Buffer {
    const bytes = this.pieces.length === 1 ? (this.pieces[0] as Buffer) : Buffer.concat(this.pieces, this.held)
    this.pieces.length = 0
    this.held = 0
    this.lineStart = 0
    this.lastByte = -1
    return bytes
  }

  private keep(piece: Buffer): void {
    if (piece.length === 0) return
    this.pieces.push(piece)
    this.held += piece.length
    this.lastByte = piece[piece.length - 1] as number
  }
}
