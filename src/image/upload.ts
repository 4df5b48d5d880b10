// src/image/upload.ts — images.upload() and images.stage(): image data streamed to Glance, hashed on the way.
import { DigestTap } from '../core/digest-stream.js'
import { InputError, TimeoutError } from '../core/errors.js'
import { path } from '../core/path.js'
import type { ImageClient } from './client.js'
import { checksumMismatch, type DigestCheck } from './errors.js'
import type { Image } from './schemas.js'
import { prepareSource, type ImageSource } from './source.js'

/**
 * Progress of a transfer. After a retry `bytes` starts again from 0.
 * @example onProgress: ({ bytes, totalBytes }) => console.log(bytes, '/', totalBytes ?? '?')
 */
export interface TransferProgress {
  bytes: number
  /** Unknown for a stream given without `size`. */
  totalBytes: number | undefined
}

/**
 * Options of `images.upload()` and `images.stage()`.
 * @example { size: 2 << 30, onProgress: ({ bytes }) => bar.update(bytes), signal: AbortSignal.timeout(3_600_000) }
 */
export interface ImageUploadOptions {
  /** Length of a stream source, sent as Content-Length (otherwise the body is chunked); must match a file, Blob or bytes. */
  size?: number
  signal?: AbortSignal
  onProgress?: (progress: TransferProgress) => void
  /**
   * After the upload, GET the image and compare its `size`, `checksum` (MD5) and `os_hash_value`
   * with what was computed while sending. Default true. (stage() ignores it: Glance computes the
   * digests only when the image is imported.)
   */
  verify?: boolean
  /** The cloud's `os_hash_algo`, hashed beside MD5 while sending. Default `sha512`, Glance's default. */
  hashAlgo?: string
  /** Longest time without a byte being taken by the connection (or, after the last one, without an answer). Default 120 000 ms. */
  stallTimeoutMs?: number
}

/**
 * The outcome of an upload: the digests computed while sending and, when verified, the image.
 * @example const { checksum, os_hash_value, verified } = await image.images.upload(id, '/tmp/disk.raw')
 */
export interface ImageUploadResult {
  /** The image after the upload; undefined with `verify: false` (no GET is made). */
  image: Image | undefined
  /** Bytes sent. */
  size: number
  /** MD5 hex of the bytes sent (Glance's `checksum`). */
  checksum: string
  os_hash_algo: string
  os_hash_value: string
  /** True when Glance's `checksum` or `os_hash_value` was compared and matched. */
  verified: boolean
}

/**
 * The outcome of a stage: the digests of the staged bytes, to compare with the image after import.
 * @example const staged = await image.images.stage(id, file); await image.images.import(id, { method: 'glance-direct' })
 */
export type ImageStageResult = Omit<ImageUploadResult, 'image' | 'verified'>

const DEFAULT_STALL_MS = 120_000

/** PUT /v2/images/{id}/file, then (unless `verify: false`) the digests compared with the image's. */
export async function uploadImage(client: ImageClient, id: string, source: ImageSource, opts: ImageUploadOptions = {}): Promise<ImageUploadResult> {
  const sent = await send(client, id, 'file', source, opts)
  if (opts.verify === false) return { image: undefined, ...sent, verified: false }
  const image = await client.images.get(id, opts.signal ? { signal: opts.signal } : {})
  const checks: DigestCheck[] = []
  if (typeof image.size === 'number') checks.push({ what: 'size', computed: String(sent.size), reported: String(image.size) })
  if (image.checksum) checks.push({ what: 'md5', computed: sent.checksum, reported: image.checksum })
  if (image.os_hash_value && image.os_hash_algo === sent.os_hash_algo) {
    checks.push({ what: sent.os_hash_algo, computed: sent.os_hash_value, reported: image.os_hash_value })
  }
  const error = checksumMismatch(
    `upload of image ${id}`,
    checks,
    `the image was left on the server as it is (status ${image.status}); delete it and upload again`,
  )
  if (error) throw error
  return { image, ...sent, verified: checks.some((c) => c.what !== 'size') }
}

/** PUT /v2/images/{id}/stage: the data waits in Glance's staging area for `import(id, { method: 'glance-direct' })`. */
export async function stageImage(client: ImageClient, id: string, source: ImageSource, opts: ImageUploadOptions = {}): Promise<ImageStageResult> {
  return send(client, id, 'stage', source, opts)
}

async function send(client: ImageClient, id: string, target: 'file' | 'stage', source: ImageSource, opts: ImageUploadOptions): Promise<ImageStageResult> {
  if (typeof id !== 'string' || id === '') throw new InputError('image id must be a non-empty string')
  const hashAlgo = opts.hashAlgo ?? 'sha512'
  const stallMs = opts.stallTimeoutMs ?? DEFAULT_STALL_MS
  if (!Number.isFinite(stallMs) || stallMs < 0 || stallMs > 2_147_483_647) throw new InputError(`stallTimeoutMs must be between 0 and 2147483647, got ${stallMs}`)
  const url = target === 'file' ? path`/images/${id}/file` : path`/images/${id}/stage`
  // The watchdog replaces the per-attempt timeout, which would cut a long upload: the answer
  // comes only after the last byte. It fires when the connection stops taking data.
  const watchdog = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const arm = (): void => {
    if (stallMs === 0) return
    clearTimeout(timer)
    timer = setTimeout(() => watchdog.abort(new TimeoutError(`PUT ${url}: no progress for ${stallMs} ms`)), stallMs)
  }
  // The total is known only once the source is prepared, which needs the tap first.
  const known: { total?: number } = {}
  const tap = new DigestTap(['md5', hashAlgo], (bytes) => {
    arm()
    opts.onProgress?.({ bytes, totalBytes: known.total })
  })
  const prepared = await prepareSource(source, tap, opts.size)
  known.total = prepared.size
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' }
  // A replayable body carries its size to the client; a stream's length must go as a header.
  if (!prepared.replayable && prepared.size !== undefined) headers['Content-Length'] = String(prepared.size)
  arm()
  try {
    const signal = opts.signal ? AbortSignal.any([opts.signal, watchdog.signal]) : watchdog.signal
    const res = await client.put(url, { body: prepared.body, headers, signal, timeoutMs: 0, expect: [204, 200, 201] })
    await res.discard()
  } finally {
    clearTimeout(timer)
  }
  if (prepared.size !== undefined && tap.bytes !== prepared.size) {
    throw new InputError(`the source gave ${tap.bytes} bytes, but its size was given as ${prepared.size}`)
  }
  return { size: tap.bytes, checksum: tap.hex('md5'), os_hash_algo: hashAlgo, os_hash_value: tap.hex(hashAlgo) }
}
