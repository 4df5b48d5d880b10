// src/storage/segments.ts — large objects' segments: reading a manifest (SLO or DLO) and removing segments.
import { NotFoundError } from '../core/errors.js'
import type { StorageClient } from './client.js'
import { objectInfo } from './headers.js'
import { listing } from './listing.js'
import { containerPath, objectPath, splitRef } from './names.js'
import type { ManifestKind, ObjectInfo, ObjectSummary } from './types.js'

/** One segment of a large object: `container/name`, its MD5 and size. */
export interface SegmentRef {
  path: string
  etag: string
  size: number
}

/** A large object's assembly, from its manifest (SLO) or its segment listing (DLO). */
export interface Manifest {
  kind: Exclude<ManifestKind, null>
  segments: SegmentRef[]
  info: ObjectInfo
}

interface SloEntry {
  name: string
  hash: string
  bytes: number
  sub_slo?: boolean
  range?: string
}

/**
 * The segments of a large object, or undefined for a plain object (or one that does not exist).
 * A DLO's segments are those its prefix lists now.
 */
export async function readManifest(
  client: StorageClient,
  container: string,
  name: string,
  opts: { signal?: AbortSignal } = {},
  known?: ObjectInfo,
): Promise<Manifest | undefined> {
  let info = known
  if (!info) {
    try {
      info = objectInfo((await client.head(objectPath(container, name), opts)).headers)
    } catch (e) {
      if (e instanceof NotFoundError) return undefined
      throw e
    }
  }
  if (info.manifest === 'slo') {
    const res = await client.get(objectPath(container, name), { query: { 'multipart-manifest': 'get' }, ...opts })
    const entries = await res.json<SloEntry[]>()
    return {
      kind: 'slo',
      info,
      segments: entries.map((e) => ({ path: e.name.replace(/^\/+/, ''), etag: e.hash, size: e.bytes })),
    }
  }
  if (info.manifest === 'dlo' && info.manifestPrefix) {
    const { container: segContainer, name: prefix } = splitDloPrefix(info.manifestPrefix)
    const segments: SegmentRef[] = []
    try {
      for await (const o of listing<ObjectSummary>(client, containerPath(segContainer), { prefix, ...opts }, (x) => x.name)) {
        segments.push({ path: `${segContainer}/${o.name}`, etag: o.hash, size: o.bytes })
      }
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e
    }
    return { kind: 'dlo', info, segments }
  }
  return undefined
}

function splitDloPrefix(value: string): { container: string; name: string } {
  // X-Object-Manifest may name a bare container (every object in it is a segment).
  return value.replace(/^\/+/, '').includes('/') ? splitRef(value) : { container: value.replace(/^\/+/, ''), name: '' }
}

/** Deletes segment objects (`container/name` paths), through bulk delete when the cluster has it. */
export async function deleteSegments(client: StorageClient, paths: readonly string[], opts: { signal?: AbortSignal } = {}): Promise<string[]> {
  if (paths.length === 0) return []
  const result = await client.bulkDelete(paths, opts)
  return result.errors.filter((e) => e.status !== 404).map((e) => e.path)
}
