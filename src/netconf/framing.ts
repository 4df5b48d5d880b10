// src/netconf/framing.ts — incremental RFC 6242 decoder: 1.0 end-of-message and 1.1 chunked framing, on bytes.
import { NetconfFramingError, excerpt } from './framing-errors.js'

/** The two RFC 6242 framings: `'1.0'` ends each message with `]]>]]>`, `'1.1'` sends chunks. */
export type Framing = '1.0' | '1.1'

/** Largest message a decoder accepts unless told otherwise: 64 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024

/** The 1.0 end-of-message marker. */
export const END_OF_MESSAGE = ']]>]]>'

/** Largest chunk size RFC 6242 allows (2^32 - 1). */
export const MAX_CHUNK_SIZE = 4294967295

/** Options of {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Framing of the first message. Default `'1.0'` (the hello); the Clixon controller socket uses `'1.1'` from the start. */
  framing?: Framing
  /** Largest message, in bytes, before a NetconfFramingError. Default {@link DEFAULT_MAX_MESSAGE_BYTES}. */
  maxMessageBytes?: number
}

const EOM = Buffer.from(END_OF_MESSAGE)
const LF = 0x0a
const HASH = 0x23

// 1.1 parser states. BOUNDARY: between messages; LF: saw "\n" after chunk data; HASH: saw "\n#";
// SIZE: reading chunk-size digits; DATA: inside chunk data; AFTER_DATA: chunk data done; END: saw "\n##".
const S = { BOUNDARY: 0, LF: 1, HASH: 2, SIZE: 3, DATA: 4, AFTER_DATA: 5, END: 6 } as const
type State = (typeof S)[keyof typeof S]

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === LF
}

/**
 * Decodes a NETCONF byte stream into messages, whatever the split of the reads: push every read,
 * then pull messages with {@link FrameDecoder.next} until it returns `undefined`. Because messages
 * are pulled one at a time, {@link FrameDecoder.switchTo11} called after the hello takes effect
 * exactly at that message boundary, even when the next message arrived in the same read.
 *
 * Chunk lengths count bytes, so UTF-8 characters split across reads or chunks come out whole.
 * Between 1.1 messages, stray whitespace (before the `\n#` of the next chunk) is skipped. Any
 * other violation — a bad chunk header, a chunk longer than declared, a message over
 * `maxMessageBytes` — throws a {@link NetconfFramingError} at once, and every later call throws it
 * again; the decoder never waits for bytes that cannot make a valid stream.
 *
 * @example
 * const decoder = new FrameDecoder()
 * transport.onData((bytes) => {
 *   decoder.push(bytes)
 *   for (let m = decoder.next(); m; m = decoder.next()) handle(m.toString('utf8'))
 * })
 */
export class FrameDecoder {
  #framing: Framing
  readonly #max: number
  #buf: Buffer = Buffer.alloc(0)
  #start = 0
  #end = 0
  #scanned = 0 // 1.0: bytes after #start already searched for the marker
  #state: State = S.BOUNDARY
  #sawLf = false // 1.1 BOUNDARY: the last whitespace byte skipped was "\n"
  #chunkLeft = 0
  #size = 0 // 1.1: data bytes of the current message so far
  #parts: Buffer[] = []
  #error: NetconfFramingError | undefined

  constructor(opts: FrameDecoderOptions = {}) {
    this.#framing = opts.framing ?? '1.0'
    this.#max = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES
  }

  /** The framing the next message is decoded with. @example if (decoder.framing === '1.0') decoder.switchTo11() */
  get framing(): Framing {
    return this.#framing
  }

  /** Bytes received but not yet part of a returned message. @example decoder.bufferedBytes // 0 between messages */
  get bufferedBytes(): number {
    return this.#end - this.#start + this.#size
  }

  /**
   * Appends one read of the stream. Nothing is decoded until {@link FrameDecoder.next} is called.
   * @example decoder.push(chunk)
   */
  push(bytes: Uint8Array): void {
    if (this.#error) throw this.#error
    if (bytes.length === 0) return
    const live = this.#end - this.#start
    if (this.#end + bytes.length > this.#buf.length) {
      const need = live + bytes.length
      if (need <= this.#buf.length) {
        this.#buf.copyWithin(0, this.#start, this.#end)
      } else {
        const grown = Buffer.allocUnsafe(Math.max(need, this.#buf.length * 2, 16 * 1024))
        this.#buf.copy(grown, 0, this.#start, this.#end)
        this.#buf = grown
      }
      this.#start = 0
      this.#end = live
    }
    this.#buf.set(bytes, this.#end)
    this.#end += bytes.length
  }

  /**
   * The next complete message, or `undefined` when more bytes are needed. Throws a
   * {@link NetconfFramingError} on malformed framing.
   * @example for (let m = decoder.next(); m; m = decoder.next()) console.log(m.toString())
   */
  next(): Buffer | undefined {
    if (this.#error) throw this.#error
    try {
      return this.#framing === '1.0' ? this.#next10() : this.#next11()
    } catch (e) {
      if (e instanceof NetconfFramingError) this.#error = e
      throw e
    }
  }

  /**
   * Pushes one read and returns every message it completes (for streams whose framing does not change).
   * @example const messages = new FrameDecoder({ framing: '1.1' }).decode(bytes)
   */
  decode(bytes: Uint8Array): Buffer[] {
    this.push(bytes)
    const out: Buffer[] = []
    for (let m = this.next(); m; m = this.next()) out.push(m)
    return out
  }

  /**
   * Decodes every message after the current one with 1.1 chunked framing. Call it between two
   * {@link FrameDecoder.next} calls — right after the hello — and bytes already buffered are
   * read as chunks.
   * @example if (bothSpeak11) decoder.switchTo11()
   */
  switchTo11(): void {
    this.#framing = '1.1'
    this.#scanned = 0
  }

  /**
   * Declares the end of the stream: throws a {@link NetconfFramingError} when it ended inside a
   * message (whitespace after the last message is fine).
   * @example transport.onClose(() => decoder.finish())
   */
  finish(): void {
    if (this.#error) throw this.#error
    const inMessage = this.#framing === '1.1' ? this.#state !== S.BOUNDARY : false
    let stray = false
    for (let i = this.#start; i < this.#end && !stray; i++) stray = !isSpace(this.#buf[i] as number)
    if (inMessage || stray) {
      this.#error = new NetconfFramingError(`the NETCONF stream ended inside a ${this.#framing} message`, {
        details: [excerpt(this.#buf.subarray(this.#start, this.#end))],
      })
      throw this.#error
    }
  }

  #next10(): Buffer | undefined {
    const from = this.#start + this.#scanned
    const at = this.#buf.subarray(0, this.#end).indexOf(EOM, from)
    if (at < 0) {
      const live = this.#end - this.#start
      this.#scanned = Math.max(0, live - (EOM.length - 1))
      if (live > this.#max + EOM.length - 1) throw this.#tooLarge(live)
      return undefined
    }
    if (at - this.#start > this.#max) throw this.#tooLarge(at - this.#start)
    const message = Buffer.from(this.#buf.subarray(this.#start, at))
    this.#start = at + EOM.length
    this.#scanned = 0
    return message
  }

  #next11(): Buffer | undefined {
    const buf = this.#buf
    let i = this.#start
    const end = this.#end
    try {
      while (i < end) {
        if (this.#state === S.DATA) {
          const n = Math.min(this.#chunkLeft, end - i)
          this.#parts.push(Buffer.from(buf.subarray(i, i + n)))
          this.#chunkLeft -= n
          this.#size += n
          i += n
          if (this.#chunkLeft === 0) this.#state = S.AFTER_DATA
          continue
        }
        const b = buf[i] as number
        switch (this.#state) {
          case S.BOUNDARY:
            if (isSpace(b)) this.#sawLf = b === LF
            else if (b === HASH && this.#sawLf) this.#state = S.HASH
            else throw this.#bad('expected a chunk header "\\n#<size>\\n" at the start of a message', i)
            break
          case S.AFTER_DATA:
            if (b !== LF) throw this.#bad('chunk data is longer than its declared size (no "\\n#" after it)', i)
            this.#state = S.LF
            break
          case S.LF:
            if (b !== HASH) throw this.#bad('chunk data is longer than its declared size (no "\\n#" after it)', i)
            this.#state = S.HASH
            break
          case S.HASH:
            if (b === HASH) {
              if (this.#parts.length === 0) throw this.#bad('end-of-chunks "\\n##\\n" before any chunk', i)
              this.#state = S.END
            } else if (b >= 0x31 && b <= 0x39) {
              this.#chunkLeft = b - 0x30
              this.#state = S.SIZE
            } else {
              throw this.#bad('a chunk size must start with a digit 1-9', i)
            }
            break
          case S.SIZE:
            if (b >= 0x30 && b <= 0x39) {
              this.#chunkLeft = this.#chunkLeft * 10 + (b - 0x30)
              if (this.#chunkLeft > MAX_CHUNK_SIZE) throw this.#bad(`a chunk size exceeds ${MAX_CHUNK_SIZE}`, i)
            } else if (b === LF) {
              if (this.#size + this.#chunkLeft > this.#max) throw this.#tooLarge(this.#size + this.#chunkLeft)
              this.#state = S.DATA
            } else {
              throw this.#bad('a chunk size must be decimal digits ended by "\\n"', i)
            }
            break
          case S.END:
            if (b !== LF) throw this.#bad('end-of-chunks must be "\\n##\\n"', i)
            i++
            return this.#complete()
        }
        i++
      }
      return undefined
    } finally {
      this.#start = i
    }
  }

  #complete(): Buffer {
    const message = this.#parts.length === 1 ? (this.#parts[0] as Buffer) : Buffer.concat(this.#parts, this.#size)
    this.#parts = []
    this.#size = 0
    this.#state = S.BOUNDARY
    this.#sawLf = false
    return message
  }

  #bad(what: string, at: number): NetconfFramingError {
    const from = Math.max(this.#start, at - 16)
    return new NetconfFramingError(`malformed NETCONF 1.1 framing: ${what}`, {
      details: [excerpt(this.#buf.subarray(from, Math.min(this.#end, at + 16)))],
    })
  }

  #tooLarge(bytes: number): NetconfFramingError {
    return new NetconfFramingError(`a NETCONF message of ${bytes} bytes or more exceeds the ${this.#max}-byte limit`)
  }
}
