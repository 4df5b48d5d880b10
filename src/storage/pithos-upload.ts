// src/storage/pithos-upload.ts — Pithos hashmap upload: send the hashes, then only the blocks the server lacks.
import { parallel } from '../core/concurrency.js'
import { ClientError, InputError, ResponseError } from '../core/errors.js'
import type { StorageClient } from './client.js'
import { blockCount, blockHashOf, blockInfo, hashBlocks, readBlock, type BlockInfo } from './pithos-blocks.js'
import { containerPath, objectPath } from './names.js'
import { writeHeaders } from './put.js'
import { resolveSource, type UploadSource } from './source.js'
import { unquote } from './headers.js'
import type { Metadata } from './types.js'

/**
 * Progress of a hashmap upload: blocks the server holds (already had or received) and bytes sent.
 * @example onProgress: (p) => console.log(`${p.blocksDone}/${p.blocks} blocks, ${p.bytesSent} bytes sent`)
 */
export interface HashmapProgress {
  blocks: number
  blocksDone: number
  bytesSent: number
  totalBytes: number
}

/**
 * Options of `pithos.uploadHashmap()`.
 * @example { concurrency: 8, contentType: 'application/x-tar', onProgress }
 */
export interface HashmapUploadOptions {
  contentType?: string
  metadata?: Metadata
  /** `'*'`: fail instead of replacing an existing object. */
  ifNoneMatch?: '*'
  /** Replace only if the stored object has this ETag. */
  ifMatch?: string
  /** Blocks sent at once. Default 8. */
  concurrency?: number
  /** Rounds without progress before giving up. Default 4. */
  maxRounds?: number
  onProgress?: (progress: HashmapProgress) => void
  signal?: AbortSignal
}

/**
 * The outcome of a hashmap upload.
 * @example const { blocksSent } = await pithos.uploadHashmap('c', 'same.iso', file) // 0 when nothing changed
 */
export interface HashmapUploadResult {
  etag: string | undefined
  size: number
  blocks: number
  /** Blocks that had to be sent; the rest were on the server already. */
  blocksSent: number
  /** Hashmap PUTs made (1 when the server had every block). */
  rounds: number
}

/** See {@link HashmapUploadOptions}. */
export async function uploadHashmap(
  client: StorageClient,
  container: string,
  name: string,
  source: UploadSource,
  opts: HashmapUploadOptions = {},
): Promise<HashmapUploadResult> {
  const target = objectPath(container, name)
  const concurrency = opts.concurrency ?? 8
  const maxRounds = opts.maxRounds ?? 4
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InputError(`concurrency must be a positive integer, got ${String(concurrency)}`)
  if (!Number.isInteger(maxRounds) || maxRounds < 1) throw new InputError(`maxRounds must be a positive integer, got ${String(maxRounds)}`)
  const headers = writeHeaders({
    ...(opts.metadata ? { metadata: opts.metadata } : {}),
    ...(opts.ifNoneMatch ? { ifNoneMatch: opts.ifNoneMatch } : {}),
    contentType: opts.contentType ?? 'application/octet-stream',
  })
  if (opts.ifMatch !== undefined) headers['If-Match'] = opts.ifMatch
  const src = await resolveSource(source, 'path')
  if (src.kind === 'stream') throw new InputError('a hashmap upload reads each block twice (to hash, then to send): give a file, bytes or a Blob')
  const signal = opts.signal ? { signal: opts.signal } : {}
  const info = await blockInfo(client, container, signal)
  const hashes = await hashBlocks(src, info, opts.signal)
  // Where each distinct block starts in the source: a repeated block is sent once.
  const firstAt = new Map<string, number>()
  hashes.forEach((h, i) => firstAt.has(h) || firstAt.set(h, i))
  const progress: HashmapProgress = { blocks: blockCount(src.size, info.blockSize), blocksDone: 0, bytesSent: 0, totalBytes: src.size }
  const report = (): void => opts.onProgress?.({ ...progress })

  let rounds = 0
  let blocksSent = 0
  let idle = 0
  let previousMissing = Infinity
  for (;;) {
    rounds++
    const res = await client.put(target, {
      query: { hashmap: 'True', format: 'json' },
      json: { bytes: src.size, hashes },
      headers,
      expect: [201, 409],
      ...signal,
    })
    if (res.status === 201) {
      await res.discard()
      progress.blocksDone = progress.blocks
      report()
      return { etag: unquote(res.headers.get('etag')), size: src.size, blocks: progress.blocks, blocksSent, rounds }
    }
    const missing = parseMissing(await res.text(), res.url)
    const missingSet = new Set(missing)
    progress.blocksDone = hashes.filter((h) => !missingSet.has(h)).length
    report()
    // Rounds that make progress are free; only rounds that do not count against the bound.
    idle = missing.length < previousMissing ? 0 : idle + 1
    previousMissing = missing.length
    if (idle >= maxRounds) {
      throw new ClientError(`${missing.length} blocks failed to upload after ${rounds} rounds`, {
        code: 'BlocksMissing',
        details: missing.slice(0, 20).map((h) => `block ${h} (offset ${(firstAt.get(h) ?? 0) * info.blockSize})`),
        url: res.url,
      })
    }
    const failures: unknown[] = []
    await parallel(
      missing,
      async (hash, _i, sig) => {
        const index = firstAt.get(hash)
        if (index === undefined) throw new ResponseError(`the server asked for block ${hash}, which this object does not have`, { url: res.url })
        try {
          const sent = await sendBlock(client, container, src, info, index, hash, sig)
          blocksSent++
          progress.bytesSent += sent
          progress.blocksDone++
          report()
        } catch (e) {
          // A block that fails is asked for again by the next hashmap PUT; only fatal errors stop the upload.
          if (e instanceof ClientError && (e.retryable || e.code === 'BlockHashMismatch') && !sig.aborted) failures.push(e)
          else throw e
        }
      },
      { concurrency, ...signal },
    )
  }
}

async function sendBlock(
  client: StorageClient,
  container: string,
  src: Parameters<typeof readBlock>[0],
  info: BlockInfo,
  index: number,
  hash: string,
  signal: AbortSignal,
): Promise<number> {
  const start = index * info.blockSize
  const block = await readBlock(src, start, Math.min(start + info.blockSize, src.size))
  if (blockHashOf(info.blockHash, block) !== hash) throw new InputError(`block ${index} of the source changed while uploading`)
  const res = await client.post(containerPath(container), {
    query: { update: '', format: 'json' },
    body: block,
    headers: { 'Content-Type': 'application/octet-stream' },
    idempotent: true,
    signal,
  })
  const stored = await res.json<unknown>()
  const got = Array.isArray(stored) ? stored[0] : undefined
  if (got !== hash) {
    throw new ClientError(`block ${index}: the server stored hash ${String(got)}, not ${hash}`, { code: 'BlockHashMismatch', url: res.url })
  }
  return block.byteLength
}

function parseMissing(text: string, url: string): string[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ResponseError('hashmap PUT answered 409 without a JSON list of missing blocks', { url, details: [text.slice(0, 500)] })
  }
  if (!Array.isArray(parsed) || !parsed.every((h): h is string => typeof h === 'string')) {
    throw new ResponseError('hashmap PUT answered 409 with something other than a list of hashes', { url, details: [text.slice(0, 500)] })
  }
  return [...new Set(parsed)]
}
