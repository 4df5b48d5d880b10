// src/netconf/framing-encode.ts — RFC 6242 encoder: a message in 1.0 end-of-message or 1.1 chunked framing.
import { InputError } from '../core/errors.js'
import { END_OF_MESSAGE, MAX_CHUNK_SIZE, type Framing } from './framing.js'

/** Chunk size the 1.1 encoder uses unless told otherwise: 1 MiB. */
export const DEFAULT_MAX_CHUNK_BYTES = 1024 * 1024

/** Options of {@link encodeFrame}. */
export interface EncodeFrameOptions {
  /**
   * 1.1 only: the largest chunk, in bytes; a longer message is split into several chunks (possibly
   * inside a UTF-8 character, which RFC 6242 allows). Default {@link DEFAULT_MAX_CHUNK_BYTES};
   * pass `Infinity` for exactly one chunk per message (what the Clixon controller expects).
   */
  maxChunkBytes?: number
}

const EOM = Buffer.from(END_OF_MESSAGE)
const END_OF_CHUNKS = Buffer.from('\n##\n')

/**
 * Frames one message for the wire. A string is sent as UTF-8. 1.0 appends `]]>]]>` (and refuses
 * a message that contains it, or ends in `]]>` so that the marker would come early); 1.1 writes `\n#<len>\n<bytes>` chunks and `\n##\n` (and refuses an
 * empty message, which has no valid 1.1 form). Refusals are InputErrors.
 *
 * @example
 * transport.write(encodeFrame('<rpc message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get/></rpc>', '1.1'))
 */
export function encodeFrame(message: string | Uint8Array, framing: Framing, opts: EncodeFrameOptions = {}): Buffer {
  const body = typeof message === 'string' ? Buffer.from(message, 'utf8') : Buffer.from(message.buffer, message.byteOffset, message.length)
  if (framing === '1.0') {
    const framed = Buffer.concat([body, EOM], body.length + EOM.length)
    // Checked on the framed bytes: a body ending in "]]>" would also end the message early.
    if (framed.indexOf(EOM) !== body.length) throw new InputError('a message sent with NETCONF 1.0 framing must not contain "]]>]]>"')
    return framed
  }
  if (body.length === 0) throw new InputError('an empty message cannot be sent with NETCONF 1.1 chunked framing')
  const max = opts.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES
  if (!(max >= 1)) throw new InputError(`maxChunkBytes must be at least 1, got ${max}`)
  const chunk = Math.min(max, MAX_CHUNK_SIZE)
  const pieces: Buffer[] = []
  for (let at = 0; at < body.length; at += chunk) {
    const part = body.subarray(at, Math.min(body.length, at + chunk))
    pieces.push(Buffer.from(`\n#${part.length}\n`, 'latin1'), part)
  }
  pieces.push(END_OF_CHUNKS)
  return Buffer.concat(pieces)
}
