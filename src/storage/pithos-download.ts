// src/storage/pithos-download.ts — Pithos hashmap download: each distinct block fetched once, written wherever it occurs.
import { randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { parallel } from '../core/concurrency.js'
import { ClientError, InputError, ResponseError } from '../core/errors.js'
import type { StorageClient } from './client.js'
import { objectPath } from './names.js'
import { blockHashOf } from './pithos-blocks.js'

/**
 * An object's hashmap, as Pithos sends it.
 * @example const { hashes, block_size } = await pithos.hashmap('c', 'a.iso')
 */
export interface Hashmap {
  block_size: number
  block_hash: string
  bytes: number
  hashes: string[]
  last_modified?: string
}

/**
 * Which state of an object to read: a version id, or the state at a time.
 * @example { version: '42' } or { until: new Date('2024-01-01') }
 */
export interface VersionSelector {
  version?: string
  until?: Date
}

/**
 * Options of `pithos.downloadHashmap()`.
 * @example { range: { offset: 5, length: 36 }, concurrency: 8 }
 */
export interface HashmapDownloadOptions extends VersionSelector {
  /** Only these bytes, written contiguously from the start of the file. */
  range?: { offset: number; length?: number }
  ifMatch?: string
  ifNoneMatch?: string
  ifModifiedSince?: Date
  ifUnmodifiedSince?: Date
  concurrency?: number
  onProgress?: (progress: { blocksDone: number; blocks: number; bytes: number }) => void
  signal?: AbortSignal
}

/**
 * The outcome of a hashmap download. `notModified` is true when a condition said the local copy is
 * current (nothing was written).
 * @example const { blocksFetched, blocks } = await pithos.downloadHashmap('c', 'a.iso', '/tmp/a.iso')
 */
export interface HashmapDownloadResult {
  size: number
  blocks: number
  /** GETs made: one per distinct block in the range. */
  blocksFetched: number
  notModified: boolean
}

/** Query parameters that select a version. */
export function versionQuery(sel: VersionSelector): Record<string, string> {
  if (sel.version !== undefined && sel.until !== undefined) throw new InputError('give version or until, not both')
  if (sel.until !== undefined) {
    const t = sel.until.getTime()
    if (Number.isNaN(t)) throw new InputError('until is not a valid date')
    // Pithos counts in whole seconds: rounding up keeps a write made earlier in that second.
    return { until: String(Math.ceil(t / 1000)) }
  }
  return sel.version !== undefined ? { version: sel.version } : {}
}

function conditions(opts: HashmapDownloadOptions): Record<string, string> {
  const h: Record<string, string> = {}
  if (opts.ifMatch !== undefined) h['If-Match'] = opts.ifMatch
  if (opts.ifNoneMatch !== undefined) h['If-None-Match'] = opts.ifNoneMatch
  if (opts.ifModifiedSince !== undefined) h['If-Modified-Since'] = opts.ifModifiedSince.toUTCString()
  if (opts.ifUnmodifiedSince !== undefined) h['If-Unmodified-Since'] = opts.ifUnmodifiedSince.toUTCString()
  return h
}

/** GET ?hashmap; undefined when a condition answered 304. */
export async function getHashmap(client: StorageClient, container: string, name: string, opts: HashmapDownloadOptions = {}): Promise<Hashmap | undefined> {
  const res = await client.get(objectPath(container, name), {
    query: { hashmap: 'True', format: 'json', ...versionQuery(opts) },
    headers: conditions(opts),
    expect: [200, 304],
    ...(opts.signal ? { signal: opts.signal } : {}),
  })
  if (res.status === 304) {
    await res.discard()
    return undefined
  }
  const map = await res.json<Hashmap>()
  if (!Array.isArray(map.hashes) || !Number.isInteger(map.block_size) || !Number.isInteger(map.bytes)) {
    throw new ResponseError(`${container}/${name}: the hashmap lacks block_size, bytes or hashes`, { url: res.url })
  }
  return map
}

/** See {@link HashmapDownloadOptions}. */
export async function downloadHashmap(
  client: StorageClient,
  container: string,
  name: string,
  filePath: string,
  opts: HashmapDownloadOptions = {},
): Promise<HashmapDownloadResult> {
  const concurrency = opts.concurrency ?? 8
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InputError(`concurrency must be a positive integer, got ${String(concurrency)}`)
  const map = await getHashmap(client, container, name, opts)
  if (!map) return { size: 0, blocks: 0, blocksFetched: 0, notModified: true }
  const bs = map.block_size
  const from = opts.range?.offset ?? 0
  const to = opts.range?.length === undefined ? map.bytes : Math.min(map.bytes, from + opts.range.length)
  if (!Number.isInteger(from) || from < 0 || (opts.range?.length !== undefined && (!Number.isInteger(opts.range.length) || opts.range.length < 1))) {
    throw new InputError('range.offset must be a non-negative integer and range.length a positive one')
  }
  if (from > map.bytes) throw new InputError(`range starts at ${from}, beyond the object's ${map.bytes} bytes`)
  // The blocks the range touches, grouped by hash: each distinct block is fetched once.
  const wanted = new Map<string, number[]>()
  for (let i = Math.floor(from / bs); i * bs < to; i++) {
    const h = map.hashes[i]
    if (h === undefined) throw new ResponseError(`${container}/${name}: the hashmap has ${map.hashes.length} blocks, too few for ${map.bytes} bytes`)
    wanted.set(h, [...(wanted.get(h) ?? []), i])
  }
  const tmp = `${filePath}.${randomBytes(4).toString('hex')}.part`
  const fh = await open(tmp, 'w')
  const size = to - from
  let blocksDone = 0
  let bytes = 0
  try {
    await fh.truncate(size)
    const blocks = [...wanted.entries()]
    await parallel(
      blocks,
      async ([hash, indices], _i, signal) => {
        const first = indices[0]!
        const start = first * bs
        const end = Math.min(start + bs, map.bytes)
        const res = await client.get(objectPath(container, name), {
          query: versionQuery(opts),
          // Block GETs carry the caller's conditions too, so a changed object cannot slip in between.
          headers: { ...conditions(opts), Range: `bytes=${start}-${end - 1}` },
          expect: [206, 200],
          signal,
        })
        let block = await res.bytes()
        if (res.status === 200) block = block.subarray(start, end)
        if (block.byteLength !== end - start) throw new ResponseError(`block ${first}: got ${block.byteLength} bytes, expected ${end - start}`, { url: res.url })
        const got = blockHashOf(map.block_hash, block)
        if (got !== hash) throw new ClientError(`block ${first}: content hashes to ${got}, the hashmap says ${hash}`, { code: 'BlockHashMismatch', url: res.url })
        for (const i of indices) {
          // Clip each copy to the range and write it where it lands in the output.
          const bStart = Math.max(i * bs, from)
          const bEnd = Math.min(i * bs + block.byteLength, to)
          if (bEnd <= bStart) continue
          const part = block.subarray(bStart - i * bs, bEnd - i * bs)
          await fh.write(part, 0, part.byteLength, bStart - from)
          bytes += part.byteLength
        }
        blocksDone += indices.length
        opts.onProgress?.({ blocksDone, blocks: Math.ceil((to - Math.floor(from / bs) * bs) / bs), bytes })
      },
      { concurrency, ...(opts.signal ? { signal: opts.signal } : {}) },
    )
    await fh.close()
    await rename(tmp, filePath)
    return { size, blocks: [...wanted.values()].reduce((n, x) => n + x.length, 0), blocksFetched: wanted.size, notModified: false }
  } catch (e) {
    await fh.close().catch(() => undefined)
    await rm(tmp, { force: true })
    throw e
  }
}
