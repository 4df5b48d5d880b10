// src/netconf/framing-errors.ts — the error raised when a NETCONF byte stream breaks RFC 6242 framing.
import { ClientError, type ClientErrorInit } from '../core/errors.js'

/**
 * The peer's byte stream is not valid RFC 6242 framing (a bad chunk header, a message over the
 * size limit, a stream that ended inside a message). The session cannot recover from it: the
 * RPC channel closes the transport and rejects every pending RPC with this error.
 * `details[0]` holds a short, printable excerpt of the offending bytes when there is one.
 *
 * @example
 * try { decoder.push(bytes) } catch (e) { if (e instanceof NetconfFramingError) transport.close() }
 */
export class NetconfFramingError extends ClientError {
  override readonly name = 'NetconfFramingError' as const

  constructor(message: string, init: ClientErrorInit = {}) {
    super(message, init)
  }
}

/**
 * A printable excerpt of bytes for an error's details: control characters escaped, at most `max` bytes.
 * @example excerpt(Buffer.from('\n#x\n')) // '"\\n#x\\n"'
 */
export function excerpt(bytes: Uint8Array, max = 40): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, max)).toString('latin1')
  return JSON.stringify(text) + (bytes.length > max ? '…' : '')
}
