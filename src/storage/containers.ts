// src/storage/containers.ts — storage.containers: list, create, info, setMetadata, delete (optionally emptying first).
import { ConflictError, InputError, NotFoundError } from '../core/errors.js'
import type { Paginator } from '../core/pagination.js'
import { sleep } from '../core/abort.js'
import type { StorageClient } from './client.js'
import { intHeader, metadataHeaders, readMetadata } from './headers.js'
import { listing, type ListingOptions } from './listing.js'
import { containerPath } from './names.js'
import type { ContainerInfo, ContainerSummary, Metadata, ObjectSummary } from './types.js'

/**
 * Options of `containers.create()`.
 * @example { metadata: { owner: 'ops' }, readAcl: '.r:*,.rlistings', versionsLocation: 'backups_versions' }
 */
export interface CreateContainerOptions {
  metadata?: Metadata
  /** Storage policy name (`X-Storage-Policy`); fixed once the container exists. */
  storagePolicy?: string
  /** `X-Container-Read`, e.g. `.r:*,.rlistings` for a public container. */
  readAcl?: string
  /** `X-Container-Write`. */
  writeAcl?: string
  /** Keep old versions of overwritten objects in this container (`X-Versions-Location`). */
  versionsLocation?: string
  /** Like versionsLocation, but deletes are kept too (`X-History-Location`). */
  historyLocation?: string
  signal?: AbortSignal
}

/**
 * Options of `containers.setMetadata()`.
 * @example { remove: ['old-key'], readAcl: '' }
 */
export interface ContainerMetadataOptions {
  /** Metadata keys to remove. */
  remove?: readonly string[]
  /** New read ACL; `''` removes it. */
  readAcl?: string
  /** New write ACL; `''` removes it. */
  writeAcl?: string
  signal?: AbortSignal
}

/**
 * Options of `containers.delete()`.
 * @example { force: true, concurrency: 16 }
 */
export interface DeleteContainerOptions {
  /** Delete every object first (in parallel, through bulk delete when the cluster has it). */
  force?: boolean
  /** Parallel requests while emptying. Default 8. */
  concurrency?: number
  signal?: AbortSignal
}

/**
 * `storage.containers`.
 * @example for await (const c of storage.containers.list({ prefix: 'logs-' })) console.log(c.name)
 */
export class ContainersApi {
  readonly #client: StorageClient
  constructor(client: StorageClient) {
    this.#client = client
  }

  /**
   * The account's containers, paged by marker.
   * @example const all = await storage.containers.list().toArray()
   */
  list(opts: ListingOptions = {}): Paginator<ContainerSummary> {
    return listing<ContainerSummary>(this.#client, '', opts, (c) => c.name)
  }

  /**
   * Creates a container, or updates the given settings of an existing one.
   * @returns whether it was created (false: it existed already)
   * @example await storage.containers.create('backups', { metadata: { owner: 'ops' } })
   */
  async create(name: string, opts: CreateContainerOptions = {}): Promise<{ created: boolean }> {
    const headers: Record<string, string> = { ...metadataHeaders('Container', opts.metadata) }
    if (opts.storagePolicy !== undefined) headers['X-Storage-Policy'] = opts.storagePolicy
    if (opts.readAcl !== undefined) headers['X-Container-Read'] = opts.readAcl
    if (opts.writeAcl !== undefined) headers['X-Container-Write'] = opts.writeAcl
    if (opts.versionsLocation !== undefined && opts.historyLocation !== undefined) {
      throw new InputError('give versionsLocation or historyLocation, not both')
    }
    if (opts.versionsLocation !== undefined) headers['X-Versions-Location'] = opts.versionsLocation
    if (opts.historyLocation !== undefined) headers['X-History-Location'] = opts.historyLocation
    const res = await this.#client.put(containerPath(name), { headers, ...signalOf(opts) })
    await res.discard()
    return { created: res.status === 201 }
  }

  /**
   * A container's counters, metadata, ACLs and policy.
   * @example const { objectCount } = await storage.containers.info('backups')
   */
  async info(name: string, opts: { signal?: AbortSignal } = {}): Promise<ContainerInfo> {
    const res = await this.#client.head(containerPath(name), signalOf(opts))
    const h = res.headers
    return {
      objectCount: intHeader(h, 'x-container-object-count'),
      bytesUsed: intHeader(h, 'x-container-bytes-used'),
      metadata: readMetadata('Container', h),
      readAcl: h.get('x-container-read') ?? undefined,
      writeAcl: h.get('x-container-write') ?? undefined,
      storagePolicy: h.get('x-storage-policy') ?? undefined,
      versionsLocation: h.get('x-versions-location') ?? h.get('x-history-location') ?? undefined,
      headers: h,
    }
  }

  /**
   * Sets metadata (other keys are kept), removes keys, and changes ACLs.
   * @example await storage.containers.setMetadata('c', { 'Temp-URL-Key': key }, { remove: ['old'] })
   */
  async setMetadata(name: string, metadata: Metadata, opts: ContainerMetadataOptions = {}): Promise<void> {
    const headers = metadataHeaders('Container', metadata, opts.remove)
    if (opts.readAcl !== undefined) headers[opts.readAcl === '' ? 'X-Remove-Container-Read' : 'X-Container-Read'] = opts.readAcl || 'x'
    if (opts.writeAcl !== undefined) headers[opts.writeAcl === '' ? 'X-Remove-Container-Write' : 'X-Container-Write'] = opts.writeAcl || 'x'
    await (await this.#client.post(containerPath(name), { headers, ...signalOf(opts) })).discard()
  }

  /**
   * Deletes a container. Swift refuses a non-empty one (ConflictError) unless `force` empties it
   * first; objects that appear meanwhile are deleted too, for a few rounds.
   * @example await storage.containers.delete('scratch', { force: true })
   */
  async delete(name: string, opts: DeleteContainerOptions = {}): Promise<void> {
    const path = containerPath(name)
    for (let round = 0; ; round++) {
      if (opts.force) await this.#empty(name, opts)
      try {
        await (await this.#client.delete(path, signalOf(opts))).discard()
        return
      } catch (e) {
        // A listing can lag behind recent writes; another pass usually finds the stragglers.
        if (!(e instanceof ConflictError) || !opts.force || round >= 4) throw e
        await sleep(200 * (round + 1), opts.signal)
      }
    }
  }

  async #empty(name: string, opts: DeleteContainerOptions): Promise<void> {
    const batch: string[] = []
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return
      const r = await this.#client.bulkDelete(batch.splice(0), { ...signalOf(opts), concurrency: opts.concurrency ?? 8 })
      const failed = r.errors.filter((x) => x.status !== 404)
      if (failed.length > 0) {
        throw new ConflictError(`could not empty container ${name}: ${failed.length} objects were not deleted`, {
          details: failed.slice(0, 20).map((f) => `${f.path}: ${f.status} ${f.reason ?? ''}`.trim()),
        })
      }
    }
    try {
      for await (const o of listing<ObjectSummary>(this.#client, containerPath(name), signalOf(opts), (x) => x.name)) {
        batch.push(`${name}/${o.name}`)
        if (batch.length >= 10_000) await flush()
      }
    } catch (e) {
      if (e instanceof NotFoundError) return
      throw e
    }
    await flush()
  }
}

function signalOf(opts: { signal?: AbortSignal | undefined }): { signal?: AbortSignal } {
  return opts.signal ? { signal: opts.signal } : {}
}
