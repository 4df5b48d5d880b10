// src/storage/pithos.ts — PithosClient: Swift's verbs plus Pithos's hashmaps, sharing, public URLs and versions.
import { InputError } from '../core/errors.js'
import { StorageClient, type StorageClientOptions } from './client.js'
import { objectInfo } from './headers.js'
import { objectPath } from './names.js'
import { blockInfo, type BlockInfo } from './pithos-blocks.js'
import { downloadHashmap, getHashmap, versionQuery, type Hashmap, type HashmapDownloadOptions, type HashmapDownloadResult, type VersionSelector } from './pithos-download.js'
import { uploadHashmap, type HashmapUploadOptions, type HashmapUploadResult } from './pithos-upload.js'
import type { UploadSource } from './source.js'
import type { ObjectDownload } from './types.js'

/**
 * Who may read and write an object (`X-Object-Sharing`): user ids, group names (`account:group`) or `*`.
 * @example { read: ['*'], write: ['alice-uuid'] }
 */
export interface Sharing {
  read: string[]
  write: string[]
}

/**
 * One stored version of an object.
 * @example for (const v of await pithos.versions('c', 'a.txt')) console.log(v.version, v.modified)
 */
export interface ObjectVersion {
  version: string
  modified: Date
}

/**
 * Pithos (GRNET Synnefo's object store): everything StorageClient does, plus the hashmap
 * transfers kamaki made its name with. Uploads send only the blocks the server lacks, so
 * re-uploading a file that changed a little sends a little; downloads fetch each distinct block once.
 * @example
 * const pithos = new PithosClient({ endpoint: 'https://pithos.example/object-store/v1/<uuid>', token })
 * const r = await pithos.uploadHashmap('pithos', 'disk.img', '/var/disk.img', { onProgress })
 * await pithos.downloadHashmap('pithos', 'disk.img', '/tmp/disk.img')
 */
export class PithosClient extends StorageClient {
  override readonly defaultContentType = 'application/octet-stream'
  // Pithos ETags hash the block hashes; use the hashmap transfers for verified uploads and downloads.
  override readonly etagIsMd5 = false

  constructor(options: StorageClientOptions) {
    super(options)
  }

  /**
   * The container's block size and hash algorithm.
   * @example const { blockSize } = await pithos.blockInfo('pithos')
   */
  blockInfo(container: string, opts: { signal?: AbortSignal } = {}): Promise<BlockInfo> {
    return blockInfo(this, container, opts)
  }

  /**
   * Uploads by hashmap: hashes the source, PUTs the hashmap, sends only the missing blocks (in
   * parallel), and PUTs the hashmap again, for as many rounds as make progress.
   * @example const { blocksSent, blocks } = await pithos.uploadHashmap('c', 'a.iso', '/tmp/a.iso')
   */
  uploadHashmap(container: string, name: string, source: UploadSource, opts: HashmapUploadOptions = {}): Promise<HashmapUploadResult> {
    return uploadHashmap(this, container, name, source, opts)
  }

  /**
   * Downloads by hashmap into a file: each distinct block once, checked against its hash, written
   * at every offset where it occurs. A range is written contiguously.
   * @example await pithos.downloadHashmap('c', 'a.iso', '/tmp/a.iso', { concurrency: 8 })
   */
  downloadHashmap(container: string, name: string, filePath: string, opts: HashmapDownloadOptions = {}): Promise<HashmapDownloadResult> {
    return downloadHashmap(this, container, name, filePath, opts)
  }

  /**
   * An object's hashmap (of a version, or at a time, when asked).
   * @example const { hashes } = await pithos.hashmap('c', 'a.iso')
   */
  async hashmap(container: string, name: string, opts: VersionSelector & { signal?: AbortSignal } = {}): Promise<Hashmap> {
    const map = await getHashmap(this, container, name, opts)
    return map!
  }

  /**
   * Reads a version of an object, or its state at a time.
   * @example const { body } = await pithos.read('c', 'a.txt', { until: yesterday })
   */
  async read(container: string, name: string, opts: VersionSelector & { signal?: AbortSignal } = {}): Promise<ObjectDownload> {
    const res = await this.get(objectPath(container, name), { query: versionQuery(opts), ...(opts.signal ? { signal: opts.signal } : {}) })
    return { ...objectInfo(res.headers), status: 200, body: res.body ?? new Blob([]).stream(), range: undefined }
  }

  /**
   * The stored versions of an object, oldest first.
   * @example const [first] = await pithos.versions('c', 'a.txt')
   */
  async versions(container: string, name: string, opts: { signal?: AbortSignal } = {}): Promise<ObjectVersion[]> {
    const res = await this.get(objectPath(container, name), { query: { version: 'list', format: 'json' }, ...opts })
    const body = await res.json<{ versions?: [string | number, number][] }>()
    return (body.versions ?? []).map(([v, t]) => ({ version: String(v), modified: new Date(t * 1000) }))
  }

  /**
   * Who may read and write the object.
   * @example const { read } = await pithos.getSharing('c', 'a.txt')
   */
  async getSharing(container: string, name: string, opts: { signal?: AbortSignal } = {}): Promise<Sharing> {
    const res = await this.head(objectPath(container, name), opts)
    return parseSharing(res.headers.get('x-object-sharing') ?? '')
  }

  /**
   * Sets who may read and write the object; empty lists stop sharing it.
   * @example await pithos.setSharing('c', 'a.txt', { read: ['*'], write: [] })
   */
  async setSharing(container: string, name: string, sharing: Sharing, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const res = await this.post(objectPath(container, name), { query: UPDATE, headers: { 'X-Object-Sharing': formatSharing(sharing) }, ...opts })
    await res.discard()
  }

  /**
   * Makes the object public and returns its public URL (readable without a token).
   * @example const url = await pithos.publish('c', 'a.txt')
   */
  async publish(container: string, name: string, opts: { signal?: AbortSignal } = {}): Promise<string> {
    await (await this.post(objectPath(container, name), { query: UPDATE, headers: { 'X-Object-Public': 'true' }, ...opts })).discard()
    const res = await this.head(objectPath(container, name), opts)
    const where = res.headers.get('x-object-public')
    if (!where) throw new InputError(`${container}/${name} was not made public: the server sent no X-Object-Public`)
    return new URL(where, await this.endpoint(opts.signal)).href
  }

  /**
   * Stops public access.
   * @example await pithos.unpublish('c', 'a.txt')
   */
  async unpublish(container: string, name: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
    await (await this.post(objectPath(container, name), { query: UPDATE, headers: { 'X-Object-Public': 'false' }, ...opts })).discard()
  }
}

// Pithos replaces all metadata on a plain POST; `?update` changes only what is sent (as kamaki does).
const UPDATE = { update: '' }

/**
 * `read=a,b;write=c` as lists.
 * @example parseSharing('read=*;write=u1') // { read: ['*'], write: ['u1'] }
 */
export function parseSharing(header: string): Sharing {
  const out: Sharing = { read: [], write: [] }
  for (const part of header.split(';')) {
    const [key, value] = part.split('=', 2)
    const k = key?.trim().toLowerCase()
    if ((k === 'read' || k === 'write') && value) out[k] = value.split(',').map((s) => s.trim()).filter(Boolean)
  }
  return out
}

function formatSharing(s: Sharing): string {
  for (const who of [...s.read, ...s.write]) {
    if (!/^[^,;=\s]+$/.test(who)) throw new InputError(`"${who}" cannot be shared with: names may not contain , ; = or spaces`)
  }
  return [s.read.length ? `read=${s.read.join(',')}` : '', s.write.length ? `write=${s.write.join(',')}` : ''].filter(Boolean).join(';')
}
