// src/core/digest-stream.ts — hashing a stream as it passes: several digests from one read, bytes counted.
import { createHash, getHashes, type Hash } from 'node:crypto'
import { InputError } from './errors.js'
import { forwardRecycling } from './pull-stream.js'

/**
 * Computes digests (any algorithms `node:crypto` knows, e.g. `md5` and `sha512`) of every byte
 * that flows through the streams it wraps, so a file is read once for sending and hashing alike.
 * Each {@link DigestTap.wrap} starts afresh, so after a retry the digests describe the attempt
 * that reached the server, not the sum of all attempts.
 * @example
 * const tap = new DigestTap(['md5', 'sha512'], (bytes) => console.log(bytes))
 * await client.put(p, { body: replayable(() => tap.wrap(fileRangeStream(file, 0, size)), size) })
 * console.log(tap.hex('md5'), tap.hex('sha512'), tap.bytes)
 */
export class DigestTap {
  readonly algorithms: readonly string[]
  #hashes = new Map<string, Hash>()
  #bytes = 0
  readonly #onBytes: ((total: number) => void) | undefined

  /** Unknown algorithms are an InputError here, before any byte is read. */
  constructor(algorithms: readonly string[], onBytes?: (total: number) => void) {
    const known = new Set(getHashes())
    for (const a of algorithms) {
      if (!known.has(a)) throw new InputError(`unknown hash algorithm ${JSON.stringify(a)}`)
    }
    this.algorithms = [...new Set(algorithms)]
    this.#onBytes = onBytes
    this.#reset()
  }

  /** True when `node:crypto` can compute `algorithm`. @example DigestTap.supports('sha3-512') */
  static supports(algorithm: string): boolean {
    return getHashes().includes(algorithm)
  }

  /** Bytes passed by the latest wrapped stream. @example tap.bytes // 1048576 */
  get bytes(): number {
    return this.#bytes
  }

  /** Hex digest of the bytes passed so far by the latest wrapped stream. @example tap.hex('md5') */
  hex(algorithm: string): string {
    const h = this.#hashes.get(algorithm)
    if (!h) throw new InputError(`this DigestTap does not compute ${algorithm}`)
    // A copy, so the tap can be read mid-stream and keep hashing.
    return h.copy().digest('hex')
  }

  /**
   * Passes `stream` through unchanged, hashing and counting each chunk, and reading only as fast
   * as the consumer does (no buffering of its own).
   * @example const body = tap.wrap(blob.stream())
   */
  wrap(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    this.#reset()
    const reader = stream.getReader()
    const out = new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          const { done, value } = await reader.read()
          if (done) {
            controller.close()
            return
          }
          for (const h of this.#hashes.values()) h.update(value)
          this.#bytes += value.byteLength
          this.#onBytes?.(this.#bytes)
          controller.enqueue(value)
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    )
    // Each chunk is hashed and passed on, never kept: recycling below stays safe.
    forwardRecycling(out, stream)
    return out
  }

  #reset(): void {
    this.#hashes = new Map(this.algorithms.map((a) => [a, createHash(a)]))
    const had = this.#bytes
    this.#bytes = 0
    if (had) this.#onBytes?.(0)
  }
}
