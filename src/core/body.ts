// src/core/body.ts — request bodies: what a caller may pass, and which of them can be sent twice.
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { InputError } from './errors.js'
import { fileRangeStream, pullFromIterable } from './pull-stream.js'

/**
 * A body that can be produced again for each attempt, such as a file range: the retry policy may
 * repeat requests that carry one. Build it with {@link replayable} or {@link fileBody}.
 */
export interface ReplayableBody {
  readonly kind: 'replayable'
  /** Opens a fresh stream of the same bytes. */
  open(): ReadableStream<Uint8Array> | Readable
  /** Length in bytes, sent as Content-Length when known. */
  readonly size?: number
}

/**
 * Everything a call's `body` may be. Strings, bytes, Blobs, URLSearchParams, FormData and
 * {@link ReplayableBody} can be retried; Node Readables, web ReadableStreams and async
 * iterables are read once, so a request carrying one is never retried.
 */
export type RequestBody =
  | string
  | Uint8Array
  | ArrayBuffer
  | Blob
  | URLSearchParams
  | FormData
  | ReadableStream<Uint8Array>
  | Readable
  | AsyncIterable<Uint8Array>
  | ReplayableBody

/** What fetch accepts, after {@link prepareBody}. */
export type FetchBody = string | Uint8Array | ArrayBuffer | Blob | URLSearchParams | FormData | ReadableStream<Uint8Array>

/** The result of preparing a body for one attempt. */
export interface PreparedBody {
  body: FetchBody | undefined
  /** True when the body is a stream and fetch needs `duplex: 'half'`. */
  streaming: boolean
  /** Content-Length to send, when the source knows it and fetch would not compute it. */
  size?: number
}

/**
 * Wraps a factory of streams as a body the retry policy may repeat.
 * @example client.put(p, { body: replayable(() => createReadStream(file), stat.size) })
 */
export function replayable(open: () => ReadableStream<Uint8Array> | Readable, size?: number): ReplayableBody {
  return size === undefined ? { kind: 'replayable', open } : { kind: 'replayable', open, size }
}

/**
 * A file, or a byte range of it (`start` inclusive, `end` exclusive), as a replayable body.
 * Rejects with InputError when the file is missing or the range is outside it.
 * @example await client.put(p, { body: await fileBody('/var/db.tar', { start: 0, end: 1 << 20 }) })
 */
export async function fileBody(filePath: string, range: { start?: number; end?: number } = {}): Promise<ReplayableBody> {
  let size: number
  try {
    size = (await stat(filePath)).size
  } catch (cause) {
    throw new InputError(`cannot read ${filePath}`, { cause })
  }
  const start = range.start ?? 0
  const end = range.end ?? size
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > size) {
    throw new InputError(`byte range ${start}-${end} is outside ${filePath} (${size} bytes)`)
  }
  return replayable(() => fileRangeStream(filePath, start, end), end - start)
}

/**
 * True when the body can be sent again for a retry.
 * @example canReplay('text') // true; canReplay(fs.createReadStream(f)) // false
 */
export function canReplay(body: RequestBody | undefined): boolean {
  return body === undefined || !isOneShot(body)
}

function isReplayableBody(body: RequestBody): body is ReplayableBody {
  return typeof body === 'object' && body !== null && (body as Partial<ReplayableBody>).kind === 'replayable'
}

function isOneShot(body: RequestBody): boolean {
  return body instanceof ReadableStream || body instanceof Readable || (!isReplayableBody(body) && isAsyncIterable(body))
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value
}

/**
 * Turns a body into what fetch takes, opening a fresh stream for replayable bodies. Node streams
 * become web streams so fetch can send them without buffering.
 * @example const { body, streaming } = prepareBody(opts.body)
 */
export function prepareBody(body: RequestBody | undefined): PreparedBody {
  if (body === undefined) return { body: undefined, streaming: false }
  if (isReplayableBody(body)) {
    const stream = toWebStream(body.open())
    return body.size === undefined ? { body: stream, streaming: true } : { body: stream, streaming: true, size: body.size }
  }
  if (body instanceof ReadableStream) return { body, streaming: true }
  if (body instanceof Readable || isAsyncIterable(body)) {
    return { body: pullFromIterable(body), streaming: true }
  }
  return { body, streaming: false }
}

function toWebStream(source: ReadableStream<Uint8Array> | Readable): ReadableStream<Uint8Array> {
  return source instanceof ReadableStream ? source : pullFromIterable(source)
}
