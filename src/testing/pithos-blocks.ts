// src/testing/pithos-blocks.ts — the fake Pithos's block store: content-addressed blocks shared by every account, with injectable upload faults.
import { createHash } from 'node:crypto'

/**
 * How long a block fault lasts: a number of POST ?update requests, or for good.
 * @example pithos.failBlock(hash, { times: 'always' }) // a block that never uploads
 */
export interface BlockFailureOptions {
  /** Requests carrying the block that fail before it uploads again. Default 1. */
  times?: number | 'always'
}

const trimmedLength = (block: Uint8Array): number => {
  let end = block.byteLength
  while (end > 0 && block[end - 1] === 0) end--
  return end
}

/**
 * A block's hash as Pithos computes it: trailing NUL bytes are not hashed (kamaki hashes
 * `block.rstrip('\0')`), so a block of only NULs hashes as the empty string.
 * @example pithosBlockHash(new Uint8Array([104, 105, 0, 0])) === pithosBlockHash(new TextEncoder().encode('hi'))
 */
export function pithosBlockHash(block: Uint8Array, algorithm = 'sha256'): string {
  return createHash(algorithm).update(block.subarray(0, trimmedLength(block))).digest('hex')
}

/**
 * The object hash Pithos reports as ETag and X-Object-Hash: the root of a binary Merkle tree
 * over the block hashes, padded with zero hashes to a power of two (BEP 30, as Synnefo's
 * backend builds it). One block is its own root; no blocks hash the empty string.
 * @example merkleHash([pithosBlockHash(data)]) === pithosBlockHash(data)
 */
export function merkleHash(hashes: readonly string[], algorithm = 'sha256'): string {
  if (hashes.length === 0) return createHash(algorithm).update(new Uint8Array(0)).digest('hex')
  if (hashes.length === 1) return hashes[0]!
  let level: Buffer[] = hashes.map((h) => Buffer.from(h, 'hex'))
  let width = 2
  while (width < level.length) width *= 2
  const zero = Buffer.alloc(level[0]!.byteLength)
  while (level.length < width) level.push(zero)
  while (level.length > 1) {
    const next: Buffer[] = []
    for (let i = 0; i < level.length; i += 2) next.push(createHash(algorithm).update(level[i]!).update(level[i + 1]!).digest())
    level = next
  }
  return level[0]!.toString('hex')
}

/**
 * The blocks of every object of a fake Pithos, keyed by hash and shared by all accounts, so an
 * identical block is stored once whoever uploads it. Blocks are kept without their trailing NULs
 * and padded back to the length each object needs when read, which is what makes a block and
 * the same block NUL-padded one stored copy. Also holds the faults tests inject into uploads.
 * @example
 * const blocks = new PithosBlockStore(1024)
 * const [h] = blocks.putData(new TextEncoder().encode('hello'))
 * blocks.has(h!) // true
 */
export class PithosBlockStore {
  readonly blockSize: number
  readonly algorithm: string
  /** The hash of the empty block, which every Pithos knows without being sent it. */
  readonly emptyHash: string
  readonly #blocks = new Map<string, Uint8Array>()
  readonly #failing = new Map<string, number>()
  #corruptions = 0

  constructor(blockSize: number, algorithm = 'sha256') {
    if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`blockSize must be a positive integer, got ${blockSize}`)
    this.blockSize = blockSize
    this.algorithm = algorithm
    this.emptyHash = pithosBlockHash(new Uint8Array(0), algorithm)
  }

  /** Distinct blocks stored. @example expect(blocks.size).toBe(2) */
  get size(): number {
    return this.#blocks.size
  }

  /** The block's hash in this store's algorithm. @example blocks.hash(bytes) */
  hash(block: Uint8Array): string {
    return pithosBlockHash(block, this.algorithm)
  }

  /** Whether the server holds the block. @example blocks.has(hash) */
  has(hash: string): boolean {
    return hash === this.emptyHash || this.#blocks.has(hash)
  }

  /** The hashes the server lacks, each once, in first-seen order (a hashmap PUT's 409 body). @example blocks.missing(map.hashes) */
  missing(hashes: readonly string[]): string[] {
    return [...new Set(hashes)].filter((h) => !this.has(h))
  }

  /** Cuts data into blocks of `blockSize` (the last one shorter). @example blocks.split(bytes).length */
  split(data: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = []
    for (let at = 0; at < data.byteLength; at += this.blockSize) out.push(data.subarray(at, Math.min(at + this.blockSize, data.byteLength)))
    return out
  }

  /** Stores one block (a no-op when its hash is known) and returns its hash. @example const h = blocks.put(block) */
  put(block: Uint8Array): string {
    const hash = this.hash(block)
    // Copy: the caller's buffer may be reused, and the store must not change under an object.
    if (hash !== this.emptyHash && !this.#blocks.has(hash)) this.#blocks.set(hash, block.slice(0, trimmedLength(block)))
    return hash
  }

  /** Stores data as blocks and returns their hashes in order. @example blocks.putData(body) */
  putData(data: Uint8Array): string[] {
    return this.split(data).map((b) => this.put(b))
  }

  /** Makes POST ?update requests carrying this block answer 503. @example blocks.failBlock(h, { times: 2 }) */
  failBlock(hash: string, opts: BlockFailureOptions = {}): void {
    const times = opts.times ?? 1
    if (times !== 'always' && (!Number.isInteger(times) || times < 1)) throw new RangeError(`times must be a positive integer or 'always', got ${String(times)}`)
    this.#failing.set(hash, times === 'always' ? Infinity : times)
  }

  /** Arms a corruption: the next uploaded block is stored as different bytes, under their hash. @example blocks.corruptNextBlock() */
  corruptNextBlock(count = 1): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`)
    this.#corruptions += count
  }

  /** Drops every injected fault. @example blocks.clearFaults() */
  clearFaults(): void {
    this.#failing.clear()
    this.#corruptions = 0
  }

  /** Consumes one failure of the first failing hash among these, or returns undefined. @example if (blocks.takeFailure(hashes)) return error(503) */
  takeFailure(hashes: readonly string[]): string | undefined {
    for (const hash of hashes) {
      const left = this.#failing.get(hash)
      if (left === undefined) continue
      if (left <= 1) this.#failing.delete(hash)
      else this.#failing.set(hash, left - 1)
      return hash
    }
    return undefined
  }

  /**
   * The block as the server will store it: unchanged, or, when a corruption is armed, with its
   * first byte flipped. Flipping the first byte changes the NUL-trimmed content whatever the
   * block holds, so the stored hash always differs from the one the client computed.
   * @example const stored = blocks.put(blocks.maybeCorrupt(block))
   */
  maybeCorrupt(block: Uint8Array): Uint8Array {
    if (this.#corruptions === 0 || block.byteLength === 0) return block
    this.#corruptions--
    const copy = block.slice()
    copy[0] = copy[0]! ^ 0xff
    return copy
  }

  /**
   * Bytes `start` (inclusive) to `end` (exclusive) of an object of `bytes` bytes made of these
   * blocks, reading only the blocks the range touches.
   * @example blocks.read(version.hashes, version.bytes, 0, version.bytes)
   */
  read(hashes: readonly string[], bytes: number, start: number, end: number): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(Math.max(0, end - start))
    const bs = this.blockSize
    for (let i = Math.floor(start / bs); i * bs < end; i++) {
      const hash = hashes[i]
      if (hash === undefined) throw new RangeError(`the hashmap has ${hashes.length} blocks, too few for ${bytes} bytes`)
      const stored = hash === this.emptyHash ? new Uint8Array(0) : this.#blocks.get(hash)
      if (!stored) throw new RangeError(`block ${hash} is referenced by an object but not stored`)
      const blockStart = i * bs
      const from = Math.max(start, blockStart)
      const to = Math.min(end, blockStart + bs, bytes)
      // Bytes past the stored (NUL-trimmed) content are the trailing NULs; `out` is already zero there.
      const piece = stored.subarray(Math.min(from - blockStart, stored.byteLength), Math.min(to - blockStart, stored.byteLength))
      out.set(piece, from - start)
    }
    return out
  }
}
