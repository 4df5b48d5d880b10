// src/storage/put.ts — one PUT of a whole object, with its MD5 checked so corrupted bytes are never kept.
import { createHash } from 'node:crypto'
import { InputError } from '../core/errors.js'
import type { RequestBody } from '../core/body.js'
import type { StorageClient } from './client.js'
import { checksumError } from './errors.js'
import { metadataHeaders, unquote } from './headers.js'
import { objectPath } from './names.js'
import { rangeBody, resolveSource, StreamDigest, type PutSource, type ResolvedSource } from './source.js'
import type { Metadata } from './types.js'

/**
 * Options of `objects.put()`.
 * @example { contentType: 'text/plain', metadata: { owner: 'ops' }, ifNoneMatch: '*', deleteAfter: 86_400 }
 */
export interface PutOptions {
  contentType?: string
  metadata?: Metadata
  /** `'*'`: fail with PreconditionFailedError instead of overwriting an existing object. */
  ifNoneMatch?: '*'
  /** Swift deletes the object this many seconds after the upload. */
  deleteAfter?: number
  /** Swift deletes the object at this time. */
  deleteAt?: Date
  /** Compare the MD5 of what was sent with the ETag Swift stored. Default true. */
  checksum?: boolean
  /** The MD5 you expect; Swift refuses the upload (422) when the bytes differ. */
  etag?: string
  /** Length of a stream source, sent as Content-Length (otherwise the body is chunked). */
  size?: number
  /** Extra headers, e.g. `Content-Disposition` or `X-Object-Manifest`. */
  headers?: Record<string, string>
  /** Called as bytes are sent, with the total so far. */
  onProgress?: (bytesSent: number) => void
  signal?: AbortSignal
}

/**
 * The result of a PUT.
 * @example const { etag } = await storage.objects.put('c', 'a.txt', 'hi')
 */
export interface PutResult {
  /** MD5 of the stored content, as Swift reports it. */
  etag: string
  lastModified: Date | undefined
}

/** Headers common to object writes (content type, metadata, expiry, conditions). */
export function writeHeaders(opts: PutOptions): Record<string, string> {
  const headers: Record<string, string> = { ...metadataHeaders('Object', opts.metadata), ...opts.headers }
  if (opts.contentType !== undefined) headers['Content-Type'] = opts.contentType
  if (opts.ifNoneMatch !== undefined) {
    if (opts.ifNoneMatch !== '*') throw new InputError("ifNoneMatch must be '*'")
    headers['If-None-Match'] = '*'
  }
  if (opts.deleteAfter !== undefined && opts.deleteAt !== undefined) throw new InputError('give deleteAfter or deleteAt, not both')
  if (opts.deleteAfter !== undefined) {
    if (!Number.isInteger(opts.deleteAfter) || opts.deleteAfter < 1) throw new InputError('deleteAfter must be a positive whole number of seconds')
    headers['X-Delete-After'] = String(opts.deleteAfter)
  }
  if (opts.deleteAt !== undefined) {
    const t = opts.deleteAt.getTime()
    if (Number.isNaN(t)) throw new InputError('deleteAt is not a valid date')
    headers['X-Delete-At'] = String(Math.floor(t / 1000))
  }
  if (opts.etag !== undefined) {
    if (!/^[0-9a-f]{32}$/i.test(opts.etag)) throw new InputError('etag must be an MD5 hex digest')
    headers.ETag = opts.etag.toLowerCase()
  }
  return headers
}

/** PUTs `source` as one object. */
export async function putObject(client: StorageClient, container: string, name: string, source: PutSource, opts: PutOptions = {}): Promise<PutResult> {
  const path = objectPath(container, name)
  const headers = writeHeaders(opts)
  if (opts.contentType === undefined && client.defaultContentType) headers['Content-Type'] = client.defaultContentType
  const src = await resolveSource(source, 'content', opts.size)
  return putResolved(client, path, src, headers, opts)
}

/** PUTs an already resolved source to `path`; shared with the single-request path of upload(). */
export async function putResolved(
  client: StorageClient,
  path: string,
  src: ResolvedSource,
  headers: Record<string, string>,
  opts: Pick<PutOptions, 'checksum' | 'onProgress' | 'signal'>,
): Promise<PutResult> {
  const checksum = (opts.checksum ?? true) && client.etagIsMd5
  let sent = 0
  const digest = new StreamDigest((delta) => {
    sent += delta
    opts.onProgress?.(sent)
  }, checksum)
  let body: RequestBody
  let expected: (() => string) | undefined
  if (src.kind === 'bytes') {
    // Bytes in memory are cheap to hash first, and an ETag header lets Swift refuse corruption itself.
    const md5 = createHash('md5').update(src.data).digest('hex')
    if (checksum && headers.ETag === undefined) headers.ETag = md5
    body = src.data
    expected = () => md5
  } else if (src.kind === 'stream') {
    body = digest.wrap(src.stream)
    if (src.size !== undefined) headers['Content-Length'] = String(src.size)
    expected = () => digest.hex()
  } else {
    body = rangeBody(src, 0, src.size, digest)
    expected = () => digest.hex()
  }
  const res = await client.put(path, { body, headers, ...(opts.signal ? { signal: opts.signal } : {}) })
  await res.discard()
  if (src.kind === 'bytes') opts.onProgress?.(src.size)
  const etag = unquote(res.headers.get('etag')) ?? ''
  if (checksum && etag !== expected()) {
    // The server kept bytes that differ from ours: remove them rather than leave them looking valid.
    await client.delete(path, { expect: [204, 404] }).then((r) => r.discard(), () => undefined)
    throw checksumError(`PUT ${path}`, expected(), etag || undefined, res.url)
  }
  const lm = res.headers.get('last-modified')
  return { etag, lastModified: lm ? new Date(lm) : undefined }
}
