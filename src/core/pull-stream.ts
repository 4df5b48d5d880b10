// src/core/pull-stream.ts — web streams that read only when their consumer asks, so memory stays at one chunk.
import { open, type FileHandle } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { InputError } from './errors.js'

/**
 * A Node Readable (or any async iterable) as a web stream that pulls one chunk per read.
 * `Readable.toWeb()` reads ahead without bound when the consumer is slower than the source (a
 * fast disk behind a slow network), which is how a 1 GiB upload ends up in memory.
 * @example const web = pullFromIterable(createReadStream(file))
 */
export function pullFromIterable(source: Readable | AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await it.next()
        if (done) controller.close()
        else controller.enqueue(typeof value === 'string' ? new TextEncoder().encode(value) : value)
      },
      async cancel() {
        await it.return?.()
      },
    },
    { highWaterMark: 0 },
  )
}

// Streams whose chunks may come from a small ring of reused buffers, by the switch that allows it.
const recyclers = new WeakMap<ReadableStream<Uint8Array>, () => void>()

/**
 * Buffers in a recycling file stream's ring. A buffer is refilled only after this many later
 * chunks were pulled. On the dispatcher path at most a few are alive (this stream's read-ahead,
 * Readable.from's, and the one on the socket, which back-pressure waits for): against a slow
 * reader a ring of 2 corrupted data and 3 did not (test/core/chunk-recycling.test.ts); 16 is the margin.
 */
export const RECYCLE_RING = 16

/**
 * Lets a stream made by {@link fileRangeStream} (or a pass-through of one, see
 * {@link forwardRecycling}) refill a ring of {@link RECYCLE_RING} buffers instead of allocating
 * a buffer per chunk: a 1 GiB upload then leaves no garbage for the collector to find late
 * (~65 MiB of peak RSS). Only for consumers that drop each chunk once it is written and pull
 * with back-pressure, as strato's dispatcher path does; fetch keeps every chunk until the
 * response, and msw reads the whole body, so they must never see a recycling stream.
 * Returns whether the stream recycles now.
 * @example if (recycleChunks(request.body)) log('pooled file body')
 */
export function recycleChunks(stream: ReadableStream<Uint8Array>): boolean {
  const enable = recyclers.get(stream)
  enable?.()
  return enable !== undefined
}

/**
 * Makes `outer`, a stream that passes on the chunks of `inner` one by one without keeping them,
 * recyclable when `inner` is.
 * @example const out = new ReadableStream({ pull: ... }); forwardRecycling(out, inner)
 */
export function forwardRecycling(outer: ReadableStream<Uint8Array>, inner: ReadableStream<Uint8Array>): void {
  const enable = recyclers.get(inner)
  if (enable) recyclers.set(outer, enable)
}

/**
 * Bytes `start` (inclusive) to `end` (exclusive) of a file as a web stream, read in `chunkSize`
 * pieces (default 256 KiB) on demand, one piece ahead. Ends with InputError if the file shrinks meanwhile.
 * @example await client.put(p, { body: replayable(() => fileRangeStream(file, 0, size), size) })
 */
export function fileRangeStream(path: string, start: number, end: number, chunkSize = 256 * 1024): ReadableStream<Uint8Array> {
  let fh: FileHandle | undefined
  let pos = start
  // Set by recycleChunks(); until then every chunk is a fresh buffer.
  let ring: Buffer[] | undefined
  let slot = 0
  const close = async (): Promise<void> => {
    const f = fh
    fh = undefined
    await f?.close().catch(() => undefined)
  }
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (pos >= end) {
            await close()
            controller.close()
            return
          }
          fh ??= await open(path, 'r')
          const n = Math.min(chunkSize, end - pos)
          // A fresh buffer per chunk unless recycling was allowed, as the consumer may still hold
          // the previous ones; not zero-filled (the read overwrites it, and only the bytes read
          // are passed on). 256 KiB measured fastest here: less CPU than 1 MiB or 64 KiB chunks.
          let buf: Buffer
          if (ring) {
            buf = ring[slot] ??= Buffer.allocUnsafeSlow(chunkSize)
            slot = (slot + 1) % RECYCLE_RING
          } else buf = Buffer.allocUnsafeSlow(n)
          const { bytesRead } = await fh.read(buf, 0, n, pos)
          if (bytesRead === 0) throw new InputError(`${path} ended at ${pos} bytes while reading up to ${end}: did it change?`)
          pos += bytesRead
          controller.enqueue(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead))
        } catch (e) {
          await close()
          throw e
        }
      },
      cancel: close,
    },
    { highWaterMark: 1 },
  )
  recyclers.set(stream, () => void (ring ??= []))
  return stream
}
