// src/storage/client.ts — StorageClient: Swift's account, containers and objects, plus the transfer operations.
import { Client } from '../core/client.js'
import type { ClientOptions } from '../core/options.js'
import { AccountApi } from './account.js'
import { bulkDelete, type BulkDeleteOptions, type BulkDeleteResult } from './bulk-delete.js'
import { ContainersApi } from './containers.js'
import { download, type DownloadOptions, type DownloadResult } from './download.js'
import { ObjectsApi } from './objects.js'
import type { UploadSource } from './source.js'
import { tempUrl, type TempUrlMethod, type TempUrlOptions } from './temp-url.js'
import type { SwiftCapabilities } from './types.js'
import { upload, type UploadOptions, type UploadResult } from './upload.js'

/**
 * Options of a StorageClient: those of every Client. With a `session` and no `endpoint`, the
 * endpoint is the catalog's `object-store` entry.
 * @example new StorageClient({ session: await KeystoneSession.fromEnv(), region: 'RegionOne' })
 */
export type StorageClientOptions = ClientOptions

/**
 * OpenStack Swift (object storage). Resources are namespaces of verbs (`account`, `containers`,
 * `objects`); the transfer operations sit on the client.
 * @example
 * const storage = new StorageClient({ session })
 * await storage.containers.create('backups')
 * await storage.objects.put('backups', 'notes.txt', 'hello')
 * const r = await storage.upload('backups', 'db.tar', '/var/db.tar', { concurrency: 8 })
 * await storage.download('backups', 'db.tar', '/tmp/db.tar')
 */
export class StorageClient extends Client {
  /** The account: its state, metadata and the cluster's capabilities. */
  readonly account: AccountApi
  /** Containers: list, create, info, setMetadata, delete. */
  readonly containers: ContainersApi
  /** Objects: list, put, get, head, setMetadata, copy, move, delete. */
  readonly objects: ObjectsApi
  /**
   * Content-Type sent when a PUT names none. Swift guesses one from the name, so StorageClient
   * sends none; Pithos refuses a PUT without one, so PithosClient sends `application/octet-stream`.
   */
  readonly defaultContentType: string | undefined = undefined
  /** Whether ETags are MD5s of the content, which checksums compare against (Swift: yes; Pithos: no, a hash tree). */
  readonly etagIsMd5: boolean = true
  #capabilities: Promise<SwiftCapabilities> | undefined

  constructor(options: StorageClientOptions) {
    super({ ...options, serviceType: options.serviceType ?? 'object-store' })
    this.account = new AccountApi(this)
    this.containers = new ContainersApi(this)
    this.objects = new ObjectsApi(this)
  }

  /**
   * The cluster's `/info` (fetched once per client). A cluster that hides `/info` gives `{}`, and
   * strato then assumes Swift's default limits.
   * @example const { slo } = await storage.capabilities()
   */
  capabilities(opts: { signal?: AbortSignal } = {}): Promise<SwiftCapabilities> {
    this.#capabilities ??= this.#fetchCapabilities(opts.signal).catch((e: unknown) => {
      this.#capabilities = undefined
      throw e
    })
    return this.#capabilities
  }

  /**
   * Uploads a file, bytes, a Blob or a stream; large sources go up as parallel segments under a
   * static (or dynamic) large object manifest. See {@link UploadOptions}.
   * @example
   * const r = await storage.upload('backups', 'db.tar', '/var/db.tar', {
   *   segmentSize: 64 << 20, concurrency: 8, onProgress: (p) => console.log(p.bytes, '/', p.totalBytes),
   * })
   */
  upload(container: string, name: string, source: UploadSource, opts: UploadOptions = {}): Promise<UploadResult> {
    return upload(this, container, name, source, opts)
  }

  /**
   * Downloads an object into a file with parallel ranged GETs (segment by segment for large
   * objects), verifying every part against its ETag. The file appears only when complete.
   * @example await storage.download('backups', 'db.tar', '/tmp/db.tar', { concurrency: 8 })
   */
  download(container: string, name: string, filePath: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
    return download(this, container, name, filePath, opts)
  }

  /**
   * Deletes many objects (and empty containers) through Swift's bulk middleware, in batches,
   * with one result per path. Paths are `container/object` or `container`.
   * @example const r = await storage.bulkDelete(['c/a.txt', 'c/b.txt']); console.log(r.deleted, r.errors)
   */
  bulkDelete(paths: Iterable<string>, opts: BulkDeleteOptions = {}): Promise<BulkDeleteResult> {
    return bulkDelete(this, paths, opts)
  }

  /**
   * A temporary URL that grants `method` on an object (or on every object under a prefix)
   * without a token until it expires.
   * @example const url = await storage.tempUrl('GET', 'c', 'a.txt', { expiresIn: 3600, key })
   */
  tempUrl(method: TempUrlMethod, container: string, name: string, opts: TempUrlOptions): Promise<string> {
    return tempUrl(this, method, container, name, opts)
  }

  async #fetchCapabilities(signal: AbortSignal | undefined): Promise<SwiftCapabilities> {
    const url = infoUrl(await this.endpoint(signal))
    const res = await this.get(url, { auth: false, expect: [200, 401, 403, 404], ...(signal ? { signal } : {}) })
    if (res.status !== 200) {
      await res.discard()
      return {}
    }
    const body = await res.json<unknown>()
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as SwiftCapabilities) : {}
  }
}

/**
 * Where `/info` lives for a storage URL: beside the API version (`…/v1/AUTH_x` → `…/info`).
 * @example infoUrl('http://127.0.0.1:8080/v1/AUTH_test') // 'http://127.0.0.1:8080/info'
 */
export function infoUrl(storageUrl: string): string {
  const url = new URL(storageUrl)
  const parts = url.pathname.split('/')
  const v = parts.findLastIndex((p) => /^v1(\.\d+)?$/.test(p))
  url.pathname = `${v > 0 ? parts.slice(0, v).join('/') : ''}/info`
  url.search = ''
  return url.href
}
