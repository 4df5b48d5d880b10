// src/storage/upload.ts — storage.upload(): one PUT for small sources, parallel verified segments plus a manifest for large ones.
import { createHash } from 'node:crypto'
import { replayable } from '../core/body.js'
import { parallel } from '../core/concurrency.js'
import { ClientError, InputError } from '../core/errors.js'
import { encodePathKeepSlashes, encodeSegment } from '../core/path.js'
import type { StorageClient } from './client.js'
import { checksumError } from './errors.js'
import { unquote } from './headers.js'
import { containerPath, objectPath } from './names.js'
import { putResolved, writeHeaders, type PutOptions } from './put.js'
import { deleteSegments, readManifest, type Manifest, type SegmentRef } from './segments.js'
import { md5OfRange, openRange, resolveSource, segmentsOf, StreamDigest, type ResolvedSource, type UploadSource } from './source.js'
import { planUpload, segmentName, type UploadPlan } from './upload-plan.js'
import { listing } from './listing.js'
import type { ObjectSummary } from './types.js'

/**
 * Progress of an upload, reported as bytes are sent. `totalBytes` and `segments` are unknown for
 * a stream without a `size`.
 * @example onProgress: ({ bytes, totalBytes }) => process.stdout.write(`\r${Math.round((100 * bytes) / (totalBytes ?? bytes))}%`)
 */
export interface UploadProgress {
  bytes: number
  totalBytes: number | undefined
  segmentsDone: number
  segments: number | undefined
}

/**
 * Options of `upload()`.
 * @example { segmentSize: 64 << 20, concurrency: 8, checksum: true, onProgress, signal }
 */
export interface UploadOptions extends Pick<PutOptions, 'contentType' | 'metadata' | 'deleteAfter' | 'deleteAt' | 'headers' | 'signal'> {
  /** Bytes per segment. Default: 64 MiB, or more so there are at most `slo.max_manifest_segments` (1000). */
  segmentSize?: number
  /** Segments in flight. Default 8. */
  concurrency?: number
  /** Static large object (default when `/info` lists `slo`), or dynamic (false). */
  useSlo?: boolean
  /** Keep old segments after an overwrite and new ones after a failure. Default false. */
  leaveSegments?: boolean
  /** Check each segment's MD5 (computed while sending) against its ETag, and the manifest's. Default true. */
  checksum?: boolean
  /** Reuse segments an earlier attempt left (same name and MD5); failures then keep what was sent. */
  resume?: boolean
  /** Do nothing when the stored object already has the same content. Not for stream sources. */
  skipIdentical?: boolean
  /** Where segments go. Default `<container>_segments`. */
  segmentContainer?: string
  /** Length of a stream source, for progress and planning. */
  size?: number
  onProgress?: (progress: UploadProgress) => void
}

/**
 * The outcome of an upload.
 * @example const { etag, segments, manifest } = await storage.upload('c', 'big.iso', '/tmp/big.iso')
 */
export interface UploadResult {
  /** MD5 of the content (plain object), or of the segments' concatenated ETags (SLO and DLO, as Swift reports them). */
  etag: string
  size: number
  /** Segments written or reused; 0 for a single PUT. */
  segments: number
  manifest: 'slo' | 'dlo' | null
  /** True when `skipIdentical` found the same content stored and nothing was sent. */
  skipped: boolean
  /** Segments reused by `resume`. */
  reusedSegments: number
  /** Old segments that could not be removed after an overwrite (`container/name`). */
  leftoverSegments: string[]
}

const CHECKSUM_ATTEMPTS = 3

/** See {@link UploadOptions}. */
export async function upload(client: StorageClient, container: string, name: string, source: UploadSource, opts: UploadOptions = {}): Promise<UploadResult> {
  const target = objectPath(container, name)
  const concurrency = opts.concurrency ?? 8
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InputError(`concurrency must be a positive integer, got ${String(concurrency)}`)
  const { onProgress: _ignored, ...writeOpts } = opts
  const headers = writeHeaders(writeOpts)
  let src = await resolveSource(source, 'path', opts.size)
  if (opts.skipIdentical && src.kind === 'stream') throw new InputError('skipIdentical needs a file, bytes or a Blob: a stream cannot be compared before it is sent')
  const signal = opts.signal ? { signal: opts.signal } : {}
  const caps = await client.capabilities(signal)
  let plan = planUpload(name, container, src, caps, opts)
  let chunks: AsyncIterable<Uint8Array> | undefined
  if (src.kind === 'stream') {
    // A stream that fits in one segment goes up as one PUT, like any small source.
    const peeked = await peekSegments(src.stream, plan.segmentSize)
    if (peeked.whole) {
      src = { kind: 'bytes', data: peeked.whole, size: peeked.whole.byteLength }
      plan = { ...plan, single: true, segments: 1 }
    } else chunks = peeked.chunks
  }
  const checksum = (opts.checksum ?? true) && client.etagIsMd5
  const old = opts.leaveSegments && !opts.skipIdentical ? undefined : await readManifest(client, container, name, signal)
  const progress: UploadProgress = { bytes: 0, totalBytes: src.size, segmentsDone: 0, segments: plan.single ? 0 : plan.segments }
  const report = (delta: number): void => {
    progress.bytes += delta
    opts.onProgress?.({ ...progress })
  }

  if (plan.single && src.kind !== 'stream') {
    const whole = src
    if (opts.skipIdentical) {
      const existing = await headEtag(client, target, signal)
      if (existing !== undefined && old === undefined && existing === (await md5OfRange(whole, 0, whole.size, opts.signal))) {
        return { etag: existing, size: whole.size, segments: 0, manifest: null, skipped: true, reusedSegments: 0, leftoverSegments: [] }
      }
    }
    const r = await putResolved(client, target, whole, headers, { checksum, ...signal, onProgress: (sent) => report(sent - progress.bytes) })
    const leftoverSegments = old && !opts.leaveSegments ? await deleteSegments(client, old.segments.map((s) => s.path)) : []
    return { etag: r.etag, size: whole.size, segments: 0, manifest: null, skipped: false, reusedSegments: 0, leftoverSegments }
  }

  if (opts.skipIdentical && old && src.kind !== 'stream' && (await sameSegments(old, src, opts.signal))) {
    const etag = manifestEtag(old.segments.map((s) => s.etag))
    return { etag, size: src.size, segments: old.segments.length, manifest: old.kind, skipped: true, reusedSegments: old.segments.length, leftoverSegments: [] }
  }

  await (await client.put(containerPath(plan.segmentContainer), signal)).discard()
  const existing = opts.resume ? await existingSegments(client, plan, opts.signal) : new Map<string, ObjectSummary>()
  const written: string[] = []
  let reused = 0
  const sendSegment = async (index: number, start: number, segment: Exclude<ResolvedSource, { kind: 'stream' }>, size: number, sig: AbortSignal): Promise<SegmentRef> => {
    const segName = segmentName(plan, index)
    const path = `${plan.segmentContainer}/${segName}`
    const stored = existing.get(segName)
    if (stored && stored.bytes === size && stored.hash === (await md5OfRange(segment, start, start + size, sig))) {
      reused++
      progress.segmentsDone++
      report(size)
      return { path, etag: stored.hash, size }
    }
    // Recorded before sending: even a failed PUT may have stored something that must be cleaned up.
    written.push(path)
    const etag = await putSegment(client, objectPath(plan.segmentContainer, segName), segment, start, size, checksum, report, sig)
    progress.segmentsDone++
    report(0)
    return { path, etag, size }
  }

  let refs: SegmentRef[]
  try {
    if (chunks) {
      refs = await parallel(chunks, (buf, i, sig) => sendSegment(i, 0, { kind: 'bytes', data: buf, size: buf.byteLength }, buf.byteLength, sig), { concurrency, ...signal })
    } else if (src.kind !== 'stream') {
      const whole = src
      const indices = Array.from({ length: plan.segments ?? 1 }, (_, i) => i)
      refs = await parallel(indices, (i, _n, sig) => {
        const start = i * plan.segmentSize
        return sendSegment(i, start, whole, Math.min(plan.segmentSize, whole.size - start), sig)
      }, { concurrency, ...signal })
    } else throw new InputError('stream source was not split into segments')
    const size = refs.reduce((n, r) => n + r.size, 0)
    const etag = await putManifest(client, target, plan, refs, headers, checksum, signal)
    const keep = new Set(refs.map((r) => r.path))
    const stale = old && !opts.leaveSegments ? old.segments.map((s) => s.path).filter((p) => !keep.has(p)) : []
    const leftoverSegments = await deleteSegments(client, stale)
    return { etag, size, segments: refs.length, manifest: plan.useSlo ? 'slo' : 'dlo', skipped: false, reusedSegments: reused, leftoverSegments }
  } catch (e) {
    // Without a manifest the segments are garbage; a resumable upload keeps them for the next try.
    if (!opts.leaveSegments && !opts.resume && written.length > 0) await deleteSegments(client, written).catch(() => undefined)
    throw e
  }
}

async function putSegment(
  client: StorageClient,
  path: string,
  src: Exclude<ResolvedSource, { kind: 'stream' }>,
  start: number,
  size: number,
  checksum: boolean,
  report: (delta: number) => void,
  signal: AbortSignal,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const digest = new StreamDigest(report, checksum)
    const body = replayable(() => digest.wrap(openRange(src, start, start + size)), size)
    const res = await client.put(path, { body, signal })
    await res.discard()
    const etag = unquote(res.headers.get('etag')) ?? ''
    if (!checksum || etag === digest.hex()) return etag
    // Bytes changed on the way: send this segment again; the manifest never names a bad one.
    report(-digest.bytes)
    if (attempt >= CHECKSUM_ATTEMPTS) throw checksumError(`segment ${path}`, digest.hex(), etag || undefined, res.url)
  }
}

async function putManifest(
  client: StorageClient,
  target: string,
  plan: UploadPlan,
  refs: SegmentRef[],
  headers: Record<string, string>,
  checksum: boolean,
  signal: { signal?: AbortSignal },
): Promise<string> {
  const expected = manifestEtag(refs.map((r) => r.etag))
  if (plan.useSlo) {
    const body = JSON.stringify(refs.map((r) => ({ path: `/${r.path}`, etag: r.etag, size_bytes: r.size })))
    const res = await client.put(target, { query: { 'multipart-manifest': 'put' }, body, headers, ...signal })
    await res.discard()
    const etag = unquote(res.headers.get('etag'))
    if (checksum && etag !== undefined && etag !== expected) throw checksumError(`manifest ${target}`, expected, etag, res.url)
    return expected
  }
  const prefix = `${encodeSegment(plan.segmentContainer)}/${encodePathKeepSlashes(plan.prefix.replace(/\/$/, ''))}/`
  const res = await client.put(target, { body: '', headers: { ...headers, 'X-Object-Manifest': prefix }, ...signal })
  await res.discard()
  return expected
}

/** Swift's ETag of a large object: the MD5 of its segments' ETags, concatenated. */
export function manifestEtag(etags: readonly string[]): string {
  return createHash('md5').update(etags.join('')).digest('hex')
}

async function headEtag(client: StorageClient, target: string, signal: { signal?: AbortSignal }): Promise<string | undefined> {
  try {
    return unquote((await client.head(target, signal)).headers.get('etag'))
  } catch (e) {
    if (e instanceof ClientError && e.status === 404) return undefined
    throw e
  }
}

async function existingSegments(client: StorageClient, plan: UploadPlan, signal?: AbortSignal): Promise<Map<string, ObjectSummary>> {
  const found = new Map<string, ObjectSummary>()
  try {
    for await (const o of listing<ObjectSummary>(client, containerPath(plan.segmentContainer), { prefix: plan.prefix, ...(signal ? { signal } : {}) }, (x) => x.name)) {
      found.set(o.name, o)
    }
  } catch (e) {
    if (!(e instanceof ClientError && e.status === 404)) throw e
  }
  return found
}

async function sameSegments(old: Manifest, src: Exclude<ResolvedSource, { kind: 'stream' }>, signal?: AbortSignal): Promise<boolean> {
  let offset = 0
  for (const seg of old.segments) {
    if (offset + seg.size > src.size) return false
    if ((await md5OfRange(src, offset, offset + seg.size, signal)) !== seg.etag) return false
    offset += seg.size
  }
  return offset === src.size
}

/**
 * Reads the first segment of a stream: when the stream ends within it, `whole` is its content;
 * otherwise `chunks` yields every segment, the first included.
 */
async function peekSegments(stream: ReadableStream<Uint8Array>, segmentSize: number): Promise<{ whole?: Uint8Array; chunks?: AsyncIterable<Uint8Array> }> {
  const it = segmentsOf(stream, segmentSize)
  const first = await it.next()
  if (first.done) return { whole: new Uint8Array(0) }
  if (first.value.byteLength < segmentSize) return { whole: first.value }
  const second = await it.next()
  if (second.done) return { whole: first.value }
  async function* all(): AsyncGenerator<Uint8Array> {
    yield first.value as Uint8Array
    yield second.value as Uint8Array
    yield* it
  }
  return { chunks: all() }
}
