// src/storage/pithos-blocks.ts — Pithos block hashes: the container's block size and algorithm, and hashing a source block by block.
import { createHash } from 'node:crypto'
import { InputError, ResponseError } from '../core/errors.js'
import type { StorageClient } from './client.js'
import { containerPath } from './names.js'
import { openRange, type ResolvedSource } from './source.js'

/**
 * How a container cuts objects into blocks.
 * @example const { blockSize, blockHash } = await pithos.blockInfo('pithos') // 4194304, 'sha256'
 */
export interface BlockInfo {
  blockSize: number
  /** A hash algorithm name as Node's crypto knows it, e.g. `sha256`. */
  blockHash: string
}

/** A source that can be read at any offset (files, bytes, Blobs). */
export type SeekableSource = Exclude<ResolvedSource, { kind: 'stream' }>

/** Reads `X-Container-Block-Size` and `X-Container-Block-Hash` from a container HEAD. */
export async function blockInfo(client: StorageClient, container: string, opts: { signal?: AbortSignal } = {}): Promise<BlockInfo> {
  const res = await client.head(containerPath(container), opts)
  const blockSize = Number(res.headers.get('x-container-block-size'))
  const blockHash = (res.headers.get('x-container-block-hash') ?? '').toLowerCase()
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new ResponseError(`container ${container} has no usable X-Container-Block-Size: is this Pithos?`, { url: res.url })
  try {
    createHash(blockHash)
  } catch {
    throw new ResponseError(`container ${container} uses block hash "${blockHash}", which Node's crypto does not know`, { url: res.url })
  }
  return { blockSize, blockHash }
}

/**
 * A block's hash as Pithos computes it: trailing NUL bytes are not hashed, so a block and the
 * same block padded with zeros share one stored copy.
 * @example blockHashOf('sha256', new Uint8Array([1, 0, 0])) === blockHashOf('sha256', new Uint8Array([1]))
 */
export function blockHashOf(algorithm: string, block: Uint8Array): string {
  let end = block.byteLength
  while (end > 0 && block[end - 1] === 0) end--
  return createHash(algorithm).update(block.subarray(0, end)).digest('hex')
}

/** Number of blocks of an object of `size` bytes (0 for an empty object). */
export function blockCount(size: number, blockSize: number): number {
  return size === 0 ? 0 : Math.ceil(size / blockSize)
}

/** Reads a whole block range into memory (a block is a few MiB at most). */
export async function readBlock(src: SeekableSource, start: number, end: number): Promise<Uint8Array> {
  if (src.kind === 'bytes') return src.data.subarray(start, end)
  if (src.kind === 'blob') return new Uint8Array(await src.blob.slice(start, end).arrayBuffer())
  const out = new Uint8Array(end - start)
  let at = 0
  for await (const chunk of openRange(src, start, end)) {
    out.set(chunk, at)
    at += chunk.byteLength
  }
  if (at !== out.byteLength) throw new InputError(`${src.path} changed while it was read (got ${at} of ${out.byteLength} bytes)`)
  return out
}

/** The ordered block hashes of a source, read once, sequentially. */
export async function hashBlocks(src: SeekableSource, info: BlockInfo, signal?: AbortSignal): Promise<string[]> {
  const hashes: string[] = []
  for (let start = 0; start < src.size; start += info.blockSize) {
    signal?.throwIfAborted()
    hashes.push(blockHashOf(info.blockHash, await readBlock(src, start, Math.min(start + info.blockSize, src.size))))
  }
  return hashes
}
