// src/storage/source.ts — what an upload reads from: files, bytes, Blobs and streams, and how each is cut into segments.
import { createHash, type Hash } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { replayable, type RequestBody } from '../core/body.js'
import { InputError } from '../core/errors.js'
import { fileRangeStream, pullFromIterable } from '../core/pull-stream.js'

/** A file on disk, named explicitly where a plain string would mean content. @example { file: '/var/db.tar' } */
export interface FileSource {
  file: string
}

/**
 * Content for `objects.put()`: a string is the content itself; use `{ file }` for a path.
 * @example await storage.objects.put('c', 'a.txt', 'hello')
 */
export type PutSource = string | Uint8Array | ArrayBuffer | Blob | FileSource | Readable | ReadableStream<Uint8Array>

/**
 * Content for `upload()`: a string is a file path (the common case for large uploads).
 * @example await storage.upload('c', 'db.tar', '/var/db.tar')
 */
export type UploadSource = string | FileSource | Uint8Array | ArrayBuffer | Blob | Readable | ReadableStream<Uint8Array>

/** A source whose bytes can be read again at any offset, or a stream that can be read once. */
export type ResolvedSource =
  | { kind: 'file'; path: string; size: number; mtimeMs: number }
  | { kind: 'bytes'; data: Uint8Array; size: number }
  | { kind: 'blob'; blob: Blob; size: number }
  | { kind: 'stream'; stream: ReadableStream<Uint8Array>; size: number | undefined }

/** Resolves a source, reading a file's size (InputError when it cannot be read). */
export async function resolveSource(source: PutSource | UploadSource, stringIs: 'content' | 'path', size?: number): Promise<ResolvedSource> {
  if (typeof source === 'string') {
    if (stringIs === 'content') return bytesSource(new TextEncoder().encode(source))
    return fileSource(source)
  }
  if (source instanceof Uint8Array) return bytesSource(source)
  if (source instanceof ArrayBuffer) return bytesSource(new Uint8Array(source))
  if (source instanceof Blob) return { kind: 'blob', blob: source, size: source.size }
  if (source instanceof ReadableStream) return { kind: 'stream', stream: source, size }
  if (source instanceof Readable) return { kind: 'stream', stream: pullFromIterable(source), size }
  if (typeof source === 'object' && source !== null && typeof (source as FileSource).file === 'string') return fileSource((source as FileSource).file)
  throw new InputError('source must be a string, Uint8Array, ArrayBuffer, Blob, { file }, Node Readable or web ReadableStream')
}

function bytesSource(data: Uint8Array): ResolvedSource {
  return { kind: 'bytes', data, size: data.byteLength }
}

async function fileSource(path: string): Promise<ResolvedSource> {
  try {
    const s = await stat(path)
    if (!s.isFile()) throw new InputError(`${path} is not a regular file`)
    return { kind: 'file', path, size: s.size, mtimeMs: s.mtimeMs }
  } catch (cause) {
    if (cause instanceof InputError) throw cause
    throw new InputError(`cannot read ${path}`, { cause })
  }
}

/** A digest fed by every byte a body sends; reset each time the body is opened again (a retry). */
export class StreamDigest {
  #hash: Hash | undefined
  #bytes = 0
  /** With `hashing` false only bytes are counted: MD5 is most of an upload's CPU on a busy host. */
  constructor(
    private readonly onBytes?: (delta: number) => void,
    private readonly hashing = true,
  ) {}

  /** MD5 hex of the bytes sent by the latest opening. */
  hex(): string {
    return (this.#hash ?? createHash('md5')).copy().digest('hex')
  }
  get bytes(): number {
    return this.#bytes
  }

  /** Passes `stream` through, hashing and counting, reading only as fast as the consumer does. */
  wrap(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    this.#hash = this.hashing ? createHash('md5') : undefined
    const previous = this.#bytes
    this.#bytes = 0
    if (previous) this.onBytes?.(-previous)
    const reader = stream.getReader()
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          const { done, value } = await reader.read()
          if (done) {
            controller.close()
            return
          }
          this.#hash?.update(value)
          this.#bytes += value.byteLength
          this.onBytes?.(value.byteLength)
          controller.enqueue(value)
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    )
  }
}

/** Bytes `start`..`end` (exclusive) of a re-readable source as a stream. */
export function openRange(src: Exclude<ResolvedSource, { kind: 'stream' }>, start: number, end: number): ReadableStream<Uint8Array> {
  if (src.kind === 'file') {
    return fileRangeStream(src.path, start, end)
  }
  if (src.kind === 'bytes') return new Blob([src.data.subarray(start, end) as Uint8Array<ArrayBuffer>]).stream()
  return src.blob.slice(start, end).stream()
}

/**
 * A replayable body of one range, hashed while it is sent: a retry reopens the range and hashes
 * afresh, so the digest always describes the attempt that reached the server.
 */
export function rangeBody(src: Exclude<ResolvedSource, { kind: 'stream' }>, start: number, end: number, digest: StreamDigest): RequestBody {
  return replayable(() => digest.wrap(openRange(src, start, end)), end - start)
}

/** MD5 hex of a range, read without sending (for `resume` and `skipIdentical`). */
export async function md5OfRange(src: Exclude<ResolvedSource, { kind: 'stream' }>, start: number, end: number, signal?: AbortSignal): Promise<string> {
  const hash = createHash('md5')
  if (src.kind === 'bytes') return hash.update(src.data.subarray(start, end)).digest('hex')
  for await (const chunk of openRange(src, start, end)) {
    signal?.throwIfAborted()
    hash.update(chunk)
  }
  return hash.digest('hex')
}

/**
 * Cuts a stream into segments of exactly `segmentSize` bytes (the last may be shorter; an empty
 * stream yields one empty segment). Reading is pulled: a segment is filled only when the
 * consumer asks, so memory stays at the segments in flight plus the one being filled.
 */
export async function* segmentsOf(stream: ReadableStream<Uint8Array>, segmentSize: number): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader()
  let buffer = new Uint8Array(segmentSize)
  let filled = 0
  let yielded = false
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      let offset = 0
      while (offset < value.byteLength) {
        const n = Math.min(segmentSize - filled, value.byteLength - offset)
        buffer.set(value.subarray(offset, offset + n), filled)
        filled += n
        offset += n
        if (filled === segmentSize) {
          yield buffer
          yielded = true
          buffer = new Uint8Array(segmentSize)
          filled = 0
        }
      }
    }
    if (filled > 0 || !yielded) yield buffer.subarray(0, filled)
  } finally {
    await reader.cancel().catch(() => undefined)
    reader.releaseLock()
  }
}
