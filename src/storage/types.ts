// src/storage/types.ts — what the storage client returns: Swift's own listing fields, typed headers for the rest.

/** User metadata: the part of `X-<Kind>-Meta-<Key>` headers after the prefix, keys lower-cased as HTTP delivers them. */
export type Metadata = Record<string, string>

/**
 * The account's state, from `HEAD` on the storage URL.
 * @example const { containerCount, bytesUsed } = await storage.account.info()
 */
export interface AccountInfo {
  containerCount: number
  objectCount: number
  bytesUsed: number
  metadata: Metadata
  /** The cluster's `/info` capabilities (cached per client). */
  capabilities: SwiftCapabilities
  headers: Headers
}

/**
 * The limits and middleware of the cluster, from `GET /info`. Known sections are typed; the
 * rest stay as Swift sent them.
 * @example const max = (await storage.capabilities()).slo?.max_manifest_segments ?? 1000
 */
export interface SwiftCapabilities {
  swift?: {
    version?: string
    max_file_size?: number
    container_listing_limit?: number
    account_listing_limit?: number
    max_meta_name_length?: number
    max_meta_value_length?: number
    max_object_name_length?: number
    [key: string]: unknown
  }
  slo?: { max_manifest_segments?: number; max_manifest_size?: number; min_segment_size?: number; [key: string]: unknown }
  dlo?: Record<string, unknown>
  bulk_delete?: { max_deletes_per_request?: number; max_failed_deletes?: number }
  tempurl?: { methods?: string[]; allowed_digests?: string[]; [key: string]: unknown }
  [section: string]: unknown
}

/**
 * One container of an account listing, in Swift's own field names.
 * @example for await (const c of storage.containers.list()) console.log(c.name, c.count, c.bytes)
 */
export interface ContainerSummary {
  name: string
  count: number
  bytes: number
  last_modified?: string
}

/**
 * A container's state, from `HEAD`.
 * @example const { objectCount, readAcl } = await storage.containers.info('backups')
 */
export interface ContainerInfo {
  objectCount: number
  bytesUsed: number
  metadata: Metadata
  readAcl: string | undefined
  writeAcl: string | undefined
  storagePolicy: string | undefined
  /** `X-Versions-Location` or `X-History-Location`, when versioning is on. */
  versionsLocation: string | undefined
  headers: Headers
}

/**
 * One object of a container listing, in Swift's own field names.
 * @example if ('subdir' in e) console.log('folder', e.subdir); else console.log(e.name, e.bytes)
 */
export interface ObjectSummary {
  name: string
  /** MD5 of the content; for a static large object, of its manifest. */
  hash: string
  bytes: number
  content_type: string
  last_modified: string
}

/** A pseudo-folder of a listing made with a `delimiter`. @example { subdir: 'photos/2024/' } */
export interface PseudoFolder {
  subdir: string
}

/** What a `delimiter` listing yields: objects and pseudo-folders, in name order. */
export type ObjectListEntry = ObjectSummary | PseudoFolder

/** How a large object is assembled: static (SLO), dynamic (DLO), or not at all. */
export type ManifestKind = 'slo' | 'dlo' | null

/**
 * An object's state, from `HEAD` (or the headers of a `GET`).
 * @example const { size, etag, manifest } = await storage.objects.head('backups', 'db.tar')
 */
export interface ObjectInfo {
  size: number
  contentType: string | undefined
  /** The ETag without quotes: MD5 of the content for plain objects. */
  etag: string | undefined
  lastModified: Date | undefined
  metadata: Metadata
  manifest: ManifestKind
  /** For a DLO, its `X-Object-Manifest` (`container/prefix`). */
  manifestPrefix: string | undefined
  /** When Swift will delete the object (`X-Delete-At`). */
  deleteAt: Date | undefined
  headers: Headers
}

/**
 * A downloaded object: its state and its content as a web stream. A 304 answer to a conditional
 * request has `status` 304 and an empty body.
 * @example const { body } = await storage.objects.get('c', 'a.txt'); console.log(await new Response(body).text())
 */
export interface ObjectDownload extends ObjectInfo {
  status: 200 | 206 | 304
  body: ReadableStream<Uint8Array>
  /** For a 206 answer: the bytes returned (`end` inclusive) and the object's full size. */
  range: { start: number; end: number; total: number } | undefined
}
