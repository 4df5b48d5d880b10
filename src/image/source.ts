// src/image/source.ts — image data to send: a file path, bytes, a Blob or a stream, hashed as it goes.
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { replayable, type RequestBody } from '../core/body.js'
import type { DigestTap } from '../core/digest-stream.js'
import { InputError } from '../core/errors.js'
import { fileRangeStream, pullFromIterable } from '../core/pull-stream.js'

/**
 * Image data: a string is a **file path**; bytes (`Buffer`, `Uint8Array`, `ArrayBuffer`), a
 * `Blob`, a Node `Readable` or a web `ReadableStream`. Files, bytes and Blobs can be sent again
 * on a retry; streams are read once, so a request carrying one is never retried.
 * @example await image.images.upload(id, '/var/lib/images/debian-12.qcow2')
 */
export type ImageSource = string | Uint8Array | ArrayBuffer | Blob | Readable | ReadableStream<Uint8Array>

/** A source ready to send: the body (every opening goes through the tap) and its length when known. */
export interface PreparedSource {
  body: RequestBody
  size: number | undefined
  /** True when a retry can send the same bytes again. */
  replayable: boolean
}

const CHUNK = 256 * 1024

/**
 * Turns a source into a request body whose bytes flow through `tap` (digests and progress in the
 * same pass as the upload). A file is streamed in chunks, never read whole; `size` is required
 * to match a file, Blob or bytes, and gives a stream its Content-Length.
 */
export async function prepareSource(source: ImageSource, tap: DigestTap, size: number | undefined): Promise<PreparedSource> {
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) throw new InputError(`size must be a whole number of bytes ≥ 0, got ${String(size)}`)
  const known = (actual: number, what: string): number => {
    if (size !== undefined && size !== actual) throw new InputError(`size ${size} does not match the ${actual} bytes of ${what}`)
    return actual
  }
  if (typeof source === 'string') {
    const n = known(await fileSize(source), source)
    return { body: replayable(() => tap.wrap(fileRangeStream(source, 0, n)), n), size: n, replayable: true }
  }
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    const bytes = source instanceof Uint8Array ? source : new Uint8Array(source)
    const n = known(bytes.byteLength, 'the given bytes')
    return { body: replayable(() => tap.wrap(chunksOf(bytes)), n), size: n, replayable: true }
  }
  if (source instanceof Blob) {
    const n = known(source.size, 'the Blob')
    return { body: replayable(() => tap.wrap(source.stream()), n), size: n, replayable: true }
  }
  if (source instanceof ReadableStream) {
    if (source.locked) throw new InputError('the ReadableStream is locked: it is being read elsewhere')
    return { body: tap.wrap(source), size, replayable: false }
  }
  if (source instanceof Readable) {
    if (source.readableEnded || source.destroyed) throw new InputError('the Readable has already ended')
    return { body: tap.wrap(pullFromIterable(source)), size, replayable: false }
  }
  throw new InputError('source must be a file path, Uint8Array, ArrayBuffer, Blob, Node Readable or web ReadableStream')
}

async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path)
    if (!s.isFile()) throw new InputError(`${path} is not a regular file`)
    return s.size
  } catch (cause) {
    if (cause instanceof InputError) throw cause
    throw new InputError(`cannot read ${path}`, { cause })
  }
}

// Views into the caller's bytes, not copies (a Blob would copy them), one chunk per read.
function chunksOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let pos = 0
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pos >= bytes.byteLength) {
          controller.close()
          return
        }
        const end = Math.min(pos + CHUNK, bytes.byteLength)
        controller.enqueue(bytes.subarray(pos, end))
        pos = end
      },
    },
    { highWaterMark: 0 },
  )
}
