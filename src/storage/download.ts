// src/storage/download.ts — storage.download(): parallel GETs into one file, every part checked against an ETag.
import { createHash, randomBytes } from 'node:crypto'
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { parallel } from '../core/concurrency.js'
import { ClientError, InputError, ResponseError } from '../core/errors.js'
import type { StorageClient } from './client.js'
import { checksumError } from './errors.js'
import { objectInfo } from './headers.js'
import { objectPath, splitRef } from './names.js'
import { readManifest } from './segments.js'
import type { ManifestKind } from './types.js'

/**
 * Options of `download()`.
 * @example { concurrency: 8, rangeSize: 32 << 20, onProgress: ({ bytes }) => bar.update(bytes) }
 */
export interface DownloadOptions {
  /** Parts fetched at once. Default 8. */
  concurrency?: number
  /** Bytes per ranged GET of a plain object. Default 64 MiB. Large objects are fetched segment by segment. */
  rangeSize?: number
  /** Check the content against the ETag (plain) or each segment's ETag (SLO, DLO). Default true. */
  verify?: boolean
  onProgress?: (progress: { bytes: number; totalBytes: number }) => void
  signal?: AbortSignal
}

/**
 * The outcome of a download.
 * @example const { size, verified } = await storage.download('c', 'big.iso', '/tmp/big.iso')
 */
export interface DownloadResult {
  size: number
  etag: string | undefined
  manifest: ManifestKind
  /** GETs made (ranges or segments). */
  parts: number
  /** Whether every byte was checked against an ETag. */
  verified: boolean
}

interface Part {
  /** Object to GET: the target itself (ranged) or one segment. */
  path: string
  offset: number
  size: number
  /** For a ranged GET of the target: its first byte. */
  rangeStart: number | undefined
  /** MD5 the part's bytes must have, when it is known per part. */
  etag: string | undefined
}

const DEFAULT_RANGE = 64 * 1024 ** 2
const BODY_ATTEMPTS = 3

/** See {@link DownloadOptions}. */
export async function download(client: StorageClient, container: string, name: string, filePath: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
  const target = objectPath(container, name)
  const concurrency = opts.concurrency ?? 8
  const rangeSize = opts.rangeSize ?? DEFAULT_RANGE
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InputError(`concurrency must be a positive integer, got ${String(concurrency)}`)
  if (!Number.isInteger(rangeSize) || rangeSize < 1) throw new InputError(`rangeSize must be a positive integer, got ${String(rangeSize)}`)
  if (typeof filePath !== 'string' || filePath === '') throw new InputError('filePath must be a non-empty string')
  const verify = (opts.verify ?? true) && client.etagIsMd5
  const signal = opts.signal ? { signal: opts.signal } : {}
  const info = objectInfo((await client.head(target, signal)).headers)
  const manifest = info.manifest ? await readManifest(client, container, name, signal, info) : undefined
  const size = info.size
  const parts: Part[] = []
  if (manifest && manifest.segments.length > 0) {
    let offset = 0
    for (const s of manifest.segments) {
      const { container: c, name: n } = splitRef(s.path)
      parts.push({ path: objectPath(c, n), offset, size: s.size, rangeStart: undefined, etag: s.etag })
      offset += s.size
    }
    if (offset !== size) throw new ResponseError(`${target}: its segments add up to ${offset} bytes, but the object has ${size}`)
  } else {
    for (let offset = 0; offset < size; offset += rangeSize) {
      const partSize = Math.min(rangeSize, size - offset)
      parts.push({ path: target, offset, size: partSize, rangeStart: offset, etag: partSize === size ? info.etag : undefined })
    }
  }

  const tmp = `${filePath}.${randomBytes(4).toString('hex')}.part`
  // w+: the finished file is read back to check a multi-range download against the ETag.
  const fh = await open(tmp, 'w+')
  let done = 0
  const report = (n: number): void => {
    done += n
    opts.onProgress?.({ bytes: done, totalBytes: size })
  }
  try {
    await fh.truncate(size)
    await parallel(parts, (part, _i, sig) => fetchPart(client, fh, part, info.etag, verify, report, sig), { concurrency, ...signal })
    // Ranges of a plain object have no ETag each: the whole file is hashed once they are all in.
    if (verify && !manifest && parts.length !== 1 && info.etag) {
      const md5 = await md5OfFile(fh, size)
      if (md5 !== info.etag) throw checksumError(`download of ${target}`, info.etag, md5)
    }
    await fh.sync()
    await fh.close()
    await rename(tmp, filePath)
  } catch (e) {
    await fh.close().catch(() => undefined)
    await rm(tmp, { force: true })
    throw e
  }
  return {
    size,
    etag: info.etag,
    manifest: info.manifest,
    parts: parts.length,
    verified: verify && (manifest ? parts.every((p) => p.etag !== undefined) : info.etag !== undefined),
  }
}

async function fetchPart(
  client: StorageClient,
  fh: FileHandle,
  part: Part,
  objectEtag: string | undefined,
  verify: boolean,
  report: (n: number) => void,
  signal: AbortSignal,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const headers: Record<string, string> = {}
    if (part.rangeStart !== undefined) {
      headers.Range = `bytes=${part.rangeStart}-${part.rangeStart + part.size - 1}`
      // The object must not change between parts: a new version would mix two contents.
      if (objectEtag) headers['If-Match'] = objectEtag
    }
    const res = await client.get(part.path, { headers, signal, expect: part.rangeStart === undefined ? [200] : [200, 206] })
    const hash = part.etag && verify ? createHash('md5') : undefined
    let written = 0
    try {
      const body = res.body
      if (body) {
        for await (const chunk of body) {
          if (written + chunk.byteLength > part.size) throw new ResponseError(`${part.path}: more bytes than the ${part.size} expected`, { url: res.url })
          await fh.write(chunk, 0, chunk.byteLength, part.offset + written)
          hash?.update(chunk)
          written += chunk.byteLength
          report(chunk.byteLength)
        }
      }
      if (written !== part.size) throw new ResponseError(`${part.path}: got ${written} bytes, expected ${part.size}`, { url: res.url })
      const got = hash?.digest('hex')
      if (got !== undefined && got !== part.etag) throw checksumError(`GET ${part.path}`, part.etag ?? '', got, res.url)
      return
    } catch (e) {
      report(-written)
      // A body cut short (network, stall) is fetched again; anything else is final.
      const transient = e instanceof ClientError && (e.name === 'NetworkError' || e.name === 'TimeoutError')
      if (!transient || attempt >= BODY_ATTEMPTS || signal.aborted) throw e
    }
  }
}

async function md5OfFile(fh: FileHandle, size: number): Promise<string> {
  const hash = createHash('md5')
  const buf = new Uint8Array(4 << 20)
  for (let pos = 0; pos < size; ) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.byteLength, size - pos), pos)
    if (bytesRead === 0) break
    hash.update(buf.subarray(0, bytesRead))
    pos += bytesRead
  }
  return hash.digest('hex')
}
