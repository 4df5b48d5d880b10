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

/**
 * Bytes `start` (inclusive) to `end` (exclusive) of a file as a web stream, read in `chunkSize`
 * pieces (default 256 KiB) on demand, one piece ahead. Ends with InputError if the file shrinks meanwhile.
 * @example await client.put(p, { body: replayable(() => fileRangeStream(file, 0, size), size) })
 */
export function fileRangeStream(path: string, start: number, end: number, chunkSize = 256 * 1024): ReadableStream<Uint8Array> {
  let fh: FileHandle | undefined
  let pos = start
  const close = async (): Promise<void> => {
    const f = fh
    fh = undefined
    await f?.close().catch(() => undefined)
  }
  return new ReadableStream<Uint8Array>(
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
          // A fresh buffer per chunk, as the consumer may still hold the previous one; not
          // zero-filled (the read overwrites it, and only the bytes read are passed on).
          // 256 KiB measured fastest here: less CPU than 1 MiB or 64 KiB chunks.
          const buf = Buffer.allocUnsafeSlow(n)
          const { bytesRead } = await fh.read(buf, 0, n, pos)
          if (bytesRead === 0) throw new InputError(`${path} ended at ${pos} bytes while reading up to ${end}: did it change?`)
          pos += bytesRead
          controller.enqueue(bytesRead === n ? buf : buf.subarray(0, bytesRead))
        } catch (e) {
          await close()
          throw e
        }
      },
      cancel: close,
    },
    { highWaterMark: 1 },
  )
}
