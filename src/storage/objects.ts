// src/storage/objects.ts — storage.objects: the verbs on single objects.
import { InputError } from '../core/errors.js'
import type { Paginator } from '../core/pagination.js'
import type { StorageClient } from './client.js'
import { metadataHeaders, objectInfo } from './headers.js'
import { listing, type ListingOptions } from './listing.js'
import { containerPath, objectPath, sourceRef } from './names.js'
import { putObject, type PutOptions, type PutResult } from './put.js'
import type { PutSource } from './source.js'
import { deleteSegments, readManifest } from './segments.js'
import type { Metadata, ObjectDownload, ObjectInfo, ObjectListEntry } from './types.js'

/**
 * Options of `objects.list()`. With a `delimiter`, names below it collapse into `{ subdir }` entries.
 * @example { prefix: 'photos/', delimiter: '/' }
 */
export interface ObjectListOptions extends ListingOptions {
  delimiter?: string
}

/** Conditions of a GET or HEAD. @example { ifNoneMatch: cachedEtag } */
export interface ConditionalOptions {
  ifMatch?: string
  ifNoneMatch?: string
  ifModifiedSince?: Date
  ifUnmodifiedSince?: Date
}

/**
 * Options of `objects.get()`. `range` asks for part of the object.
 * @example { range: { offset: 0, length: 1024 } } or { range: { suffix: 100 } }
 */
export interface GetOptions extends ConditionalOptions {
  range?: { offset: number; length?: number } | { suffix: number }
  /** For a large object: return its manifest instead of its content. */
  manifest?: boolean
  signal?: AbortSignal
}

/**
 * Options of `objects.copy()` and `objects.move()`.
 * @example { metadata: { copied: 'yes' }, concatenate: false }
 */
export interface CopyOptions {
  /** Metadata for the copy, added to the source's (or replacing it with `freshMetadata`). */
  metadata?: Metadata
  /** Do not carry the source's metadata over. */
  freshMetadata?: boolean
  contentType?: string
  /** For a large object: copy the assembled content instead of sharing the segments. Default false. */
  concatenate?: boolean
  signal?: AbortSignal
}

/**
 * `storage.objects`.
 * @example const { body } = await storage.objects.get('backups', 'notes.txt')
 */
export class ObjectsApi {
  readonly #client: StorageClient
  constructor(client: StorageClient) {
    this.#client = client
  }

  /**
   * The objects of a container (and pseudo-folders, with a delimiter), paged by marker.
   * @example for await (const e of storage.objects.list('photos', { prefix: '2024/', delimiter: '/' })) console.log('subdir' in e ? e.subdir : e.name)
   */
  list(container: string, opts: ObjectListOptions = {}): Paginator<ObjectListEntry> {
    return listing<ObjectListEntry>(this.#client, containerPath(container), opts, (e) => ('subdir' in e ? e.subdir : e.name))
  }

  /**
   * Uploads an object in one request. A string is the content; use `{ file }` for a file, and
   * `storage.upload()` for anything large.
   * @example await storage.objects.put('c', 'a.json', JSON.stringify(data), { contentType: 'application/json' })
   */
  put(container: string, name: string, source: PutSource, opts: PutOptions = {}): Promise<PutResult> {
    return putObject(this.#client, container, name, source, opts)
  }

  /**
   * Downloads an object as a web stream, with its state. Range and conditional requests supported;
   * a 304 gives `status: 304` and an empty body, a failed `ifMatch` a PreconditionFailedError.
   * @example const { body, size } = await storage.objects.get('c', 'big.bin', { range: { offset: 0, length: 1 << 20 } })
   */
  async get(container: string, name: string, opts: GetOptions = {}): Promise<ObjectDownload> {
    const headers = conditionalHeaders(opts)
    if (opts.range) headers.Range = rangeHeader(opts.range)
    const res = await this.#client.get(objectPath(container, name), {
      headers,
      expect: [200, 206, 304],
      ...(opts.manifest ? { query: { 'multipart-manifest': 'get' } } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    const info = objectInfo(res.headers)
    const status = res.status as 200 | 206 | 304
    const cr = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '')
    const range = status === 206 && cr ? { start: Number(cr[1]), end: Number(cr[2]), total: Number(cr[3]) } : undefined
    if (range) info.size = range.total
    return { ...info, status, body: res.body ?? new Blob([]).stream(), range }
  }

  /**
   * An object's state without its content.
   * @example const { size, etag, metadata } = await storage.objects.head('c', 'a.txt')
   */
  async head(container: string, name: string, opts: ConditionalOptions & { signal?: AbortSignal } = {}): Promise<ObjectInfo> {
    const res = await this.#client.head(objectPath(container, name), {
      headers: conditionalHeaders(opts),
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    return objectInfo(res.headers)
  }

  /**
   * Replaces the object's metadata (Swift's POST sets all user metadata at once; keys not given
   * are removed). Use `{ merge: true }` to keep the others.
   * @example await storage.objects.setMetadata('c', 'a.txt', { reviewed: 'yes' }, { merge: true })
   */
  async setMetadata(container: string, name: string, metadata: Metadata, opts: { merge?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    const signal = opts.signal ? { signal: opts.signal } : {}
    const merged = opts.merge ? { ...(await this.head(container, name, signal)).metadata, ...metadata } : metadata
    const res = await this.#client.post(objectPath(container, name), { headers: metadataHeaders('Object', merged), ...signal })
    await res.discard()
  }

  /**
   * Server-side copy, across containers too. A large object's copy shares its segments (its
   * manifest is copied) unless `concatenate` is set.
   * @example await storage.objects.copy('c', 'a.txt', 'archive', '2024/a.txt')
   */
  async copy(srcContainer: string, srcName: string, dstContainer: string, dstName: string, opts: CopyOptions = {}): Promise<PutResult> {
    const headers: Record<string, string> = { 'X-Copy-From': sourceRef(srcContainer, srcName), ...metadataHeaders('Object', opts.metadata) }
    if (opts.freshMetadata) headers['X-Fresh-Metadata'] = 'true'
    if (opts.contentType !== undefined) headers['Content-Type'] = opts.contentType
    const res = await this.#client.put(objectPath(dstContainer, dstName), {
      headers,
      body: '',
      ...(opts.concatenate ? {} : { query: { 'multipart-manifest': 'get' } }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    await res.discard()
    const lm = res.headers.get('last-modified')
    return { etag: (res.headers.get('etag') ?? '').replace(/"/g, ''), lastModified: lm ? new Date(lm) : undefined }
  }

  /**
   * Copies, then deletes the source (a large object's segments stay, now used by the copy).
   * @example await storage.objects.move('inbox', 'a.txt', 'done', 'a.txt')
   */
  async move(srcContainer: string, srcName: string, dstContainer: string, dstName: string, opts: CopyOptions = {}): Promise<PutResult> {
    if (srcContainer === dstContainer && srcName === dstName) throw new InputError('cannot move an object onto itself')
    const result = await this.copy(srcContainer, srcName, dstContainer, dstName, opts)
    await this.delete(srcContainer, srcName, opts.signal ? { signal: opts.signal } : {})
    return result
  }

  /**
   * Deletes an object. With `segments: true`, a large object's segments go too.
   * @example await storage.objects.delete('c', 'big.iso', { segments: true })
   */
  async delete(container: string, name: string, opts: { segments?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    const signal = opts.signal ? { signal: opts.signal } : {}
    const manifest = opts.segments ? await readManifest(this.#client, container, name, signal) : undefined
    await (await this.#client.delete(objectPath(container, name), signal)).discard()
    if (manifest && manifest.segments.length > 0) await deleteSegments(this.#client, manifest.segments.map((s) => s.path), signal)
  }
}

function conditionalHeaders(opts: ConditionalOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  if (opts.ifMatch !== undefined) headers['If-Match'] = opts.ifMatch
  if (opts.ifNoneMatch !== undefined) headers['If-None-Match'] = opts.ifNoneMatch
  if (opts.ifModifiedSince !== undefined) headers['If-Modified-Since'] = opts.ifModifiedSince.toUTCString()
  if (opts.ifUnmodifiedSince !== undefined) headers['If-Unmodified-Since'] = opts.ifUnmodifiedSince.toUTCString()
  return headers
}

function rangeHeader(range: NonNullable<GetOptions['range']>): string {
  const whole = (n: number): boolean => Number.isInteger(n) && n >= 0
  if ('suffix' in range) {
    if (!whole(range.suffix) || range.suffix === 0) throw new InputError('range.suffix must be a positive integer')
    return `bytes=-${range.suffix}`
  }
  if (!whole(range.offset)) throw new InputError('range.offset must be a non-negative integer')
  if (range.length === undefined) return `bytes=${range.offset}-`
  if (!whole(range.length) || range.length === 0) throw new InputError('range.length must be a positive integer')
  return `bytes=${range.offset}-${range.offset + range.length - 1}`
}
