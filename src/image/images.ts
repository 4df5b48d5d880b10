// src/image/images.ts — image.images: the image resource and its data (upload, download, stage, import, wait).
import { InputError } from '../core/errors.js'
import { Paginator } from '../core/pagination.js'
import { path } from '../core/path.js'
import { parseResponse } from '../core/validation.js'
import type { ImageClient } from './client.js'
import { downloadFile, downloadStream, type ImageDownloadOptions, type FileDownloadResult, type ImageDownload } from './download.js'
import { checkChanges, checkCreate, type ImageChanges, type ImageCreate } from './fields.js'
import { listQuery, type ImageListFilters } from './filters.js'
import { checkId } from './ids.js'
import { importMethods, listStores, startImport, type ImportOptions } from './import.js'
import { buildPatch, JSON_PATCH_TYPE, needsCurrent } from './patch.js'
import { ImageListSchema, ImageSchema, type Image, type ImageStatus, type ImageStore } from './schemas.js'
import type { ImageSource } from './source.js'
import { stageImage, uploadImage, type ImageStageResult, type ImageUploadOptions, type ImageUploadResult } from './upload.js'
import { waitForImage, type WaitForImageOptions } from './wait.js'

/** Options every image call takes. @example { signal: AbortSignal.timeout(30_000) } */
export interface ImageCallOptions {
  signal?: AbortSignal
}

/**
 * Options of `images.update()`.
 * @example { current: img } // saves the GET that decides add, replace or remove for custom properties
 */
export interface ImageUpdateOptions extends ImageCallOptions {
  /** The image as you last read it; fetched when the changes touch custom properties and it is not given. */
  current?: Image
}

/**
 * `images.tags`: tags added or removed one at a time (no read-modify-write of the whole list).
 * @example await image.images.tags.add(id, 'golden')
 */
export interface ImageTagsApi {
  /** Adds a tag (adding one already there is fine). */
  add(id: string, tag: string, opts?: ImageCallOptions): Promise<void>
  /** Removes a tag; NotFoundError when the image does not carry it. */
  remove(id: string, tag: string, opts?: ImageCallOptions): Promise<void>
}

/**
 * `image.images`.
 * @example
 * const img = await image.images.create({ name: 'debian-12', disk_format: 'qcow2', container_format: 'bare' })
 * await image.images.upload(img.id, '/var/tmp/debian-12.qcow2', { onProgress: ({ bytes }) => console.log(bytes) })
 * for await (const i of image.images.list({ status: 'active', tag: 'golden' })) console.log(i.id, i.name)
 */
export class ImagesApi {
  readonly #client: ImageClient
  /** Tags one at a time. */
  readonly tags: ImageTagsApi

  constructor(client: ImageClient) {
    this.#client = client
    this.tags = {
      add: (id, tag, opts = {}) => this.#tag('PUT', id, tag, opts),
      remove: (id, tag, opts = {}) => this.#tag('DELETE', id, tag, opts),
    }
  }

  /**
   * Images matching the filters, following Glance's `next` links page by page.
   * @example const mine = await image.images.list({ owner: projectId, sort: [{ key: 'created_at', dir: 'desc' }] }).toArray({ max: 100 })
   */
  list(filters: ImageListFilters = {}, opts: ImageCallOptions = {}): Paginator<Image> {
    // Checked when iteration starts, so a bad filter rejects like every other call.
    return Paginator.from<Image, string>(async (cursor, signal) => {
      const first = cursor === undefined
      const res = await this.#client.get(first ? '/images' : `/images?${cursor}`, {
        ...(first ? { query: listQuery(filters) } : {}),
        ...(signal ? { signal } : {}),
      })
      const body = parseResponse(ImageListSchema, await res.json(), { method: 'GET', url: res.url })
      return { items: body.images as Image[], next: nextCursor(body.next) }
    }, opts.signal ? { signal: opts.signal } : {})
  }

  /**
   * One image. Rejects with NotFoundError when there is none with that id.
   * @example const { status, size, os_hash_value } = await image.images.get(id)
   */
  async get(id: string, opts: ImageCallOptions = {}): Promise<Image> {
    checkId(id, 'image id')
    const res = await this.#client.get(path`/images/${id}`, signalOf(opts))
    return this.#parse(res.url, 'GET', await res.json())
  }

  /**
   * Creates an image record (status `queued`, no data yet). Custom properties go at the top
   * level and must be strings; read-only and reserved fields (`status`, `checksum`,
   * `os_glance_*`, …) and unknown formats are an InputError before any request.
   * @example const img = await image.images.create({ name: 'cirros', disk_format: 'qcow2', container_format: 'bare', hw_rng_model: 'virtio' })
   */
  async create(fields: ImageCreate, opts: ImageCallOptions = {}): Promise<Image> {
    const body = checkCreate(fields)
    const res = await this.#client.post('/images', { json: body, expect: [201], ...signalOf(opts) })
    return this.#parse(res.url, 'POST', await res.json())
  }

  /**
   * Changes an image with one JSON Patch: `replace` for base attributes and existing custom
   * properties, `add` for new ones, `remove` for custom properties set to `null` (JSON-pointer
   * escaped). Changing custom properties needs the current image: pass `current`, or it is
   * fetched. Nothing to change: no PATCH, the image is returned.
   * @example const img = await image.images.update(id, { name: 'debian-12-v2', os_distro: 'debian', old_build: null })
   */
  async update(id: string, changes: ImageChanges, opts: ImageUpdateOptions = {}): Promise<Image> {
    checkId(id, 'image id')
    const checked = checkChanges(changes)
    if (opts.current !== undefined && (typeof opts.current !== 'object' || opts.current === null || opts.current.id !== id)) {
      throw new InputError(`current must be the image ${id} as last read`)
    }
    const current = opts.current ?? (needsCurrent(checked) ? await this.get(id, opts) : undefined)
    const ops = buildPatch(checked, current)
    if (ops.length === 0) return current ?? this.get(id, opts)
    const res = await this.#client.patch(path`/images/${id}`, {
      body: JSON.stringify(ops),
      headers: { 'Content-Type': JSON_PATCH_TYPE },
      // add and replace give the same result when repeated; a repeated remove fails (409).
      idempotent: ops.every((o) => o.op !== 'remove'),
      expect: [200],
      ...signalOf(opts),
    })
    return this.#parse(res.url, 'PATCH', await res.json())
  }

  /**
   * Deletes an image and its data. ForbiddenError while it is `protected`.
   * @example await image.images.delete(id)
   */
  async delete(id: string, opts: ImageCallOptions = {}): Promise<void> {
    checkId(id, 'image id')
    const res = await this.#client.delete(path`/images/${id}`, { expect: [204], ...signalOf(opts) })
    await res.discard()
  }

  /**
   * Makes an active image's data unavailable to non-admins (status `deactivated`).
   * @example await image.images.deactivate(id)
   */
  async deactivate(id: string, opts: ImageCallOptions = {}): Promise<void> {
    await this.#action(id, 'deactivate', opts)
  }

  /**
   * Makes a deactivated image active again.
   * @example await image.images.reactivate(id)
   */
  async reactivate(id: string, opts: ImageCallOptions = {}): Promise<void> {
    await this.#action(id, 'reactivate', opts)
  }

  /** Same as `tags.add()`. @example await image.images.addTag(id, 'golden') */
  addTag(id: string, tag: string, opts: ImageCallOptions = {}): Promise<void> {
    return this.tags.add(id, tag, opts)
  }

  /** Same as `tags.remove()`. @example await image.images.removeTag(id, 'golden') */
  removeTag(id: string, tag: string, opts: ImageCallOptions = {}): Promise<void> {
    return this.tags.remove(id, tag, opts)
  }

  /**
   * Uploads the image data (`PUT /file`) from a file path, bytes, a Blob or a stream, in one
   * streamed request: MD5 and `hashAlgo` (sha512) are computed on the way, then the image is read
   * back and its `size`, `checksum` and `os_hash_value` compared (ImageChecksumError on a
   * mismatch; the image is left as it is). A file path is read in chunks and can be retried; a
   * stream is sent once.
   * @example const r = await image.images.upload(id, '/var/tmp/disk.qcow2', { onProgress: ({ bytes, totalBytes }) => console.log(bytes, totalBytes) })
   */
  upload(id: string, source: ImageSource, opts: ImageUploadOptions = {}): Promise<ImageUploadResult> {
    return uploadImage(this.#client, id, source, opts)
  }

  /**
   * Downloads the image data into `filePath`: written to a temporary file beside it, verified
   * (size, `checksum`, `os_hash_value`, Content-MD5) and renamed when complete; on an error, a
   * mismatch or an abort nothing is left behind.
   * @example const r = await image.images.download(id, '/tmp/disk.qcow2'); console.log(r.verified)
   */
  download(id: string, filePath: string, opts?: ImageDownloadOptions): Promise<FileDownloadResult>
  /**
   * Opens the image data as a web ReadableStream, with its size and MD5 from the headers; the
   * stream errors with ImageChecksumError at its end when the bytes do not match them.
   * @example const { stream, size } = await image.images.download(id); for await (const chunk of stream) out.write(chunk)
   */
  download(id: string, filePath?: undefined, opts?: ImageDownloadOptions): Promise<ImageDownload>
  /** Opens the image data as a stream (options without a path). @example await image.images.download(id, { signal }) */
  download(id: string, opts: ImageDownloadOptions): Promise<ImageDownload>
  download(id: string, filePathOrOpts?: string | ImageDownloadOptions, opts: ImageDownloadOptions = {}): Promise<FileDownloadResult | ImageDownload> {
    if (typeof filePathOrOpts === 'string') return downloadFile(this.#client, id, filePathOrOpts, opts)
    if (typeof filePathOrOpts === 'object' && filePathOrOpts !== null) return downloadStream(this.#client, id, filePathOrOpts)
    if (filePathOrOpts !== undefined) return Promise.reject(new InputError('the second argument must be a file path or options'))
    return downloadStream(this.#client, id, opts)
  }

  /**
   * Sends the data to Glance's staging area (`PUT /stage`, image status `uploading`) for a
   * `glance-direct` import; streamed and hashed like `upload()`, returning the digests.
   * @example await image.images.stage(id, '/var/tmp/disk.raw'); await image.images.import(id, { method: 'glance-direct' })
   */
  stage(id: string, source: ImageSource, opts: ImageUploadOptions = {}): Promise<ImageStageResult> {
    return stageImage(this.#client, id, source, opts)
  }

  /**
   * Starts an interoperable import (202; Glance works in the background: follow it with
   * `waitFor(id, 'active')`). InputError when the method is not enabled or a store is unknown.
   * @example
   * await image.images.import(id, { method: { name: 'web-download', uri: 'https://example.org/disk.qcow2' } })
   * await image.images.waitFor(id, 'active', { timeoutMs: 900_000 })
   */
  import(id: string, opts: ImportOptions): Promise<void> {
    return startImport(this.#client, id, opts)
  }

  /**
   * Polls until the image has `status` (default `active`). Rejects with WaitFailedError at once
   * when it is `killed`, `deleted` or `pending_delete`, or when `os_glance_failed_import` lists
   * stores; with TimeoutError after `timeoutMs`; with AbortError when `signal` fires.
   * @example const img = await image.images.waitFor(id, 'active', { timeoutMs: 600_000, intervalMs: 2000 })
   */
  waitFor(id: string, status: ImageStatus | (string & {}) = 'active', opts: WaitForImageOptions = {}): Promise<Image> {
    return waitForImage(this.#client, id, status, opts)
  }

  /** Same as `image.importMethods()`. @example (await image.images.importMethods()).includes('web-download') */
  importMethods(opts: ImageCallOptions = {}): Promise<string[]> {
    return importMethods(this.#client, opts.signal)
  }

  /** Same as `image.stores()`. @example (await image.images.stores()).map((s) => s.id) */
  stores(opts: ImageCallOptions = {}): Promise<ImageStore[]> {
    return listStores(this.#client, opts.signal)
  }

  async #action(id: string, action: 'deactivate' | 'reactivate', opts: ImageCallOptions): Promise<void> {
    checkId(id, 'image id')
    // Both actions are idempotent in Glance (deactivating a deactivated image is a no-op).
    const res = await this.#client.post(path`/images/${id}/actions/${action}`, { expect: [204], idempotent: true, ...signalOf(opts) })
    await res.discard()
  }

  async #tag(method: 'PUT' | 'DELETE', id: string, tag: string, opts: ImageCallOptions): Promise<void> {
    checkId(id, 'image id')
    if (typeof tag !== 'string' || tag === '' || tag.length > 255) throw new InputError('tag must be a non-empty string of at most 255 characters')
    // Glance's WSGI server decodes %2F before routing, so such a tag reaches no route (404).
    if (tag.includes('/')) throw new InputError(`tag ${JSON.stringify(tag)} has a '/', which Glance cannot take in a URL: set the whole list with update(id, { tags })`)
    const res = await this.#client.request(method, path`/images/${id}/tags/${tag}`, { expect: [204], ...signalOf(opts) })
    await res.discard()
  }

  #parse(url: string, method: string, body: unknown): Image {
    return parseResponse(ImageSchema, body, { method, url }) as Image
  }
}

/**
 * The query string of Glance's `next` link (`/v2/images?limit=…&marker=…`). Only the query is
 * kept: the link's path lacks any prefix the endpoint has behind a proxy (`http://cloud/image`).
 */
function nextCursor(next: string | undefined): string | undefined {
  if (!next) return undefined
  const search = new URL(next, 'http://glance.invalid').search.slice(1)
  return search || undefined
}

function signalOf(opts: ImageCallOptions): { signal?: AbortSignal } {
  return opts.signal ? { signal: opts.signal } : {}
}
