// src/image/download.ts — images.download(): image data into a file (atomic, verified) or as a stream.
import { createHash, randomBytes, type Hash } from 'node:crypto'
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { throwIfAborted } from '../core/abort.js'
import { DigestTap } from '../core/digest-stream.js'
import { ClientError, InputError } from '../core/errors.js'
import { path } from '../core/path.js'
import type { ClientResponse } from '../core/response.js'
import type { ImageClient } from './client.js'
import { checksumMismatch, type DigestCheck } from './errors.js'
import type { Image } from './schemas.js'
import type { TransferProgress } from './upload.js'

/**
 * Options of `images.download()`.
 * @example { onProgress: ({ bytes, totalBytes }) => bar.update(bytes / totalBytes!), signal }
 */
export interface ImageDownloadOptions {
  signal?: AbortSignal
  onProgress?: (progress: TransferProgress) => void
  /**
   * Compare the data with Glance's digests. Default true. Into a file: the image's `size`,
   * `checksum`, `os_hash_value` (one GET of the image first) and the Content-MD5 header; as a
   * stream: the Content-MD5 header and Content-Length, checked when the stream ends.
   */
  verify?: boolean
}

/**
 * An image's data as a stream (`download(id)` without a path).
 * @example const { stream, size } = await image.images.download(id); await pipeline(Readable.fromWeb(stream), out)
 */
export interface ImageDownload {
  /** The data. With verification on, it errors with ImageChecksumError at the end if the MD5 differs. */
  stream: ReadableStream<Uint8Array>
  /** Content-Length, when Glance sent one. */
  size: number | undefined
  /** MD5 hex from Glance's Content-MD5 header, when sent. */
  checksum: string | undefined
}

/**
 * The outcome of a download into a file.
 * @example const { size, verified } = await image.images.download(id, '/tmp/disk.qcow2')
 */
export interface FileDownloadResult {
  path: string
  size: number
  /** MD5 hex of the data written. */
  checksum: string
  /** The image's `os_hash_algo` and the digest computed by it, when verified. */
  os_hash_algo: string | undefined
  os_hash_value: string | undefined
  /** True when at least one digest (Content-MD5, `checksum` or `os_hash_value`) was compared and matched. */
  verified: boolean
}

/** GET /v2/images/{id}/file as a stream. */
export async function downloadStream(client: ImageClient, id: string, opts: ImageDownloadOptions = {}): Promise<ImageDownload> {
  const { res, body } = await getData(client, id, opts.signal)
  const size = lengthOf(res)
  const checksum = contentMd5(res)
  const verify = opts.verify !== false
  const hash = verify && checksum ? createHash('md5') : undefined
  const reader = body.getReader()
  let bytes = 0
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read()
        if (!done) {
          hash?.update(value)
          bytes += value.byteLength
          opts.onProgress?.({ bytes, totalBytes: size })
          controller.enqueue(value)
          return
        }
        const checks: DigestCheck[] = []
        if (verify && size !== undefined) checks.push({ what: 'size', computed: String(bytes), reported: String(size) })
        if (hash && checksum) checks.push({ what: 'md5', computed: hash.digest('hex'), reported: checksum })
        const error = checksumMismatch(`download of image ${id}`, checks, 'do not use the data read', res.url)
        if (error) controller.error(error)
        else controller.close()
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  )
  return { stream, size, checksum }
}

/** GET /v2/images/{id}/file into `filePath`, through a temporary file renamed only once verified. */
export async function downloadFile(client: ImageClient, id: string, filePath: string, opts: ImageDownloadOptions = {}): Promise<FileDownloadResult> {
  if (typeof filePath !== 'string' || filePath === '') throw new InputError('filePath must be a non-empty string')
  const signal = opts.signal
  const verify = opts.verify !== false
  // The image record holds the digests the data must have; the file response only has Content-MD5.
  const image: Image | undefined = verify ? await client.images.get(id, signal ? { signal } : {}) : undefined
  const algo = image?.os_hash_algo && image.os_hash_value && DigestTap.supports(image.os_hash_algo) ? image.os_hash_algo : undefined
  const { res, body } = await getData(client, id, signal)
  const size = lengthOf(res)
  const tmp = `${filePath}.${randomBytes(4).toString('hex')}.part`
  let fh: FileHandle
  try {
    fh = await open(tmp, 'wx')
  } catch (cause) {
    await body.cancel().catch(() => undefined)
    throw new InputError(`cannot write into ${dirname(filePath)}`, { cause })
  }
  const hashes: Hash[] = [createHash('md5')]
  if (algo) hashes.push(createHash(algo))
  let bytes = 0
  try {
    for await (const chunk of body) {
      await fh.write(chunk, 0, chunk.byteLength, bytes)
      for (const h of hashes) h.update(chunk)
      bytes += chunk.byteLength
      opts.onProgress?.({ bytes, totalBytes: size })
    }
    throwIfAborted(signal, `download of image ${id}`)
    const md5 = hashes[0]!.digest('hex')
    const hashValue = algo ? hashes[1]!.digest('hex') : undefined
    const checks: DigestCheck[] = []
    if (size !== undefined) checks.push({ what: 'size', computed: String(bytes), reported: String(size) })
    if (verify) {
      const header = contentMd5(res)
      if (header) checks.push({ what: 'Content-MD5', computed: md5, reported: header })
      if (typeof image?.size === 'number') checks.push({ what: 'image size', computed: String(bytes), reported: String(image.size) })
      if (image?.checksum) checks.push({ what: 'md5', computed: md5, reported: image.checksum })
      if (algo && hashValue) checks.push({ what: algo, computed: hashValue, reported: image!.os_hash_value! })
    }
    const error = checksumMismatch(`download of image ${id}`, checks, `${filePath} was not written`, res.url)
    if (error) throw error
    await fh.sync()
    await fh.close()
    await rename(tmp, filePath)
    return {
      path: filePath,
      size: bytes,
      checksum: md5,
      os_hash_algo: algo,
      os_hash_value: hashValue,
      verified: checks.some((c) => c.what !== 'size' && c.what !== 'image size'),
    }
  } catch (e) {
    await fh.close().catch(() => undefined)
    await rm(tmp, { force: true })
    // Stops the transfer when the failure was ours (a full disk, a mismatch found early).
    await body.cancel().catch(() => undefined)
    throw e
  }
}

/** The response and its body, taken once (each read of `res.body` would open the stream again). */
async function getData(client: ImageClient, id: string, signal: AbortSignal | undefined): Promise<{ res: ClientResponse; body: ReadableStream<Uint8Array> }> {
  if (typeof id !== 'string' || id === '') throw new InputError('image id must be a non-empty string')
  const res = await client.get(path`/images/${id}/file`, { expect: [200, 204], ...(signal ? { signal } : {}) })
  // Glance answers 204 for an image that has no data yet (queued, or its upload failed).
  const body = res.status === 204 ? null : res.body
  if (body === null) {
    await res.discard()
    throw new ClientError(`GET ${res.url}: image ${id} has no data`, { status: res.status, code: 'NoImageData', method: 'GET', url: res.url })
  }
  return { res, body }
}

function lengthOf(res: ClientResponse): number | undefined {
  const raw = res.headers.get('content-length')
  const n = raw === null ? Number.NaN : Number(raw)
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined
}

/** Glance sends Content-MD5 as hex, not the base64 of RFC 1864; both are read, as hex. */
function contentMd5(res: ClientResponse): string | undefined {
  const raw = res.headers.get('content-md5')?.trim()
  if (!raw) return undefined
  if (/^[0-9a-f]{32}$/i.test(raw)) return raw.toLowerCase()
  const bytes = Buffer.from(raw, 'base64')
  return bytes.byteLength === 16 ? bytes.toString('hex') : undefined
}
