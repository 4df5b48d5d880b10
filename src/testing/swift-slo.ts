// src/testing/swift-slo.ts — static large objects: manifest PUT validation (as slo.py checks it) and ?multipart-manifest=delete.
import { createHash } from 'node:crypto'
import { BULK_FORMATS, bulkBody, bulkResponse, quotePath, runDeletes, type DeleteItem } from './swift-bulk.js'
import type { SwiftContext } from './swift-context.js'
import { bestMatch, listingDate, normalizeEtag, plainError, pyJson, statusLine, swiftError } from './swift-http.js'
import { parseRange, rangesForLength } from './swift-range.js'
import { segmentIdentity, splitObjectPath } from './swift-segments.js'
import type { SloEntry, SloSegment } from './swift-store.js'

/**
 * A validated manifest, ready to store as the SLO's data.
 * @example const built = buildManifest(ctx, '/c/big', text); if (!('status' in built)) console.log(built.slo.etag)
 */
export interface BuiltManifest {
  data: Uint8Array
  slo: { segments: SloEntry[]; etag: string; size: number }
}

/**
 * Why a manifest PUT failed: a status with either a message or slo.py's per-segment problems.
 * @example const failure: SloFailure = { status: 400, problems: [['/segs/000', 'Etag Mismatch']] }
 */
export interface SloFailure {
  status: number
  message?: string
  /** Sent as text/plain (slo.py says so for per-index errors only). */
  plain?: boolean
  problems?: [string, string][]
}

const md5 = (s: string | Uint8Array): string => createHash('md5').update(s).digest('hex')

/** parse_and_validate_input: the shape of each entry, before any segment is looked at. */
function parseManifest(text: string, selfPath: string): { entries: Record<string, unknown>[] } | SloFailure {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { status: 400, message: 'Manifest must be valid JSON.\n' }
  }
  if (!Array.isArray(parsed)) return { status: 400, message: 'Manifest must be a list.\n' }
  const errors: string[] = []
  parsed.forEach((seg: unknown, i) => {
    if (typeof seg !== 'object' || seg === null || Array.isArray(seg)) return errors.push(`Index ${i}: not a JSON object`)
    const d = seg as Record<string, unknown>
    const type = 'path' in d ? 'path' : 'data' in d ? 'data' : undefined
    if (!type) return errors.push(`Index ${i}: expected keys to include one of 'path' or 'data'`)
    const allowed = type === 'path' ? ['path', 'etag', 'size_bytes', 'range'] : ['data']
    const extra = Object.keys(d).filter((k) => !allowed.includes(k))
    if (extra.length) return errors.push(`Index ${i}: extraneous keys ${extra.sort().map((k) => JSON.stringify(k)).join(', ')}`)
    if (type === 'data') {
      const ok = typeof d.data === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(d.data) && d.data.length % 4 === 0
      if (!ok) return errors.push(`Index ${i}: data must be valid base64`)
      if (Buffer.from(d.data as string, 'base64').length < 1) return errors.push(`Index ${i}: too small; each segment must be at least 1 byte.`)
      return
    }
    if (typeof d.path !== 'string') return errors.push(`Index ${i}: "path" must be a string`)
    if (!(d.etag === undefined || d.etag === null || typeof d.etag === 'string')) return errors.push(`Index ${i}: "etag" must be a string or null (if provided)`)
    if (!splitObjectPath(d.path)) return errors.push(`Index ${i}: path does not refer to an object. Path must be of the form /container/object.`)
    if (`/${d.path.replace(/^\/+/, '')}` === selfPath) return errors.push(`Index ${i}: manifest must not include itself as a segment`)
    if (d.size_bytes !== undefined && d.size_bytes !== null) {
      const n = typeof d.size_bytes === 'string' && /^\d+$/.test(d.size_bytes) ? Number(d.size_bytes) : d.size_bytes
      if (typeof n !== 'number' || !Number.isInteger(n)) return errors.push(`Index ${i}: invalid size_bytes`)
      d.size_bytes = n
      if (n < 1 && i !== parsed.length - 1) return errors.push(`Index ${i}: too small; each segment must be at least 1 byte.`)
    }
    if (d.range) {
      const specs = typeof d.range === 'string' ? parseRange(`bytes=${d.range}`) : undefined
      if (!specs) return errors.push(`Index ${i}: invalid range`)
      if (specs.length > 1) return errors.push(`Index ${i}: multiple ranges (only one allowed)`)
      if (typeof d.size_bytes === 'number' && rangesForLength(specs, d.size_bytes).length !== 1) return errors.push(`Index ${i}: unsatisfiable range`)
    }
    return undefined
  })
  if (parsed.length > 0 && parsed.every((d) => typeof d === 'object' && d !== null && 'data' in d)) errors.push('Inline data segments require at least one object-backed segment.')
  if (errors.length) return { status: 400, message: errors.map((e) => `${e}\n`).join(''), plain: true }
  return { entries: parsed as Record<string, unknown>[] }
}

/**
 * Validates a `?multipart-manifest=put` body against the stored segments (exist, readable,
 * etag, size_bytes, range, at least 1 byte but the last) and builds the manifest Swift stores,
 * with the SLO ETag: md5 of the segment ETags (`etag:range;` for ranged ones).
 * @example const built = buildManifest(ctx, '/c/big', bodyText)
 */
export function buildManifest(ctx: SwiftContext, selfPath: string, text: string): BuiltManifest | SloFailure {
  const parsed = parseManifest(text, selfPath)
  if ('status' in parsed) return parsed
  const objectCount = parsed.entries.filter((e) => 'path' in e).length
  if (objectCount > ctx.limits.maxManifestSegments) return { status: 413, message: `Number of object-backed segments must be <= ${ctx.limits.maxManifestSegments}` }
  const problems: [string, string][] = []
  const stored: SloEntry[] = []
  let size = 0
  parsed.entries.forEach((d, i) => {
    if (typeof d.data === 'string') {
      stored.push({ data: Buffer.from(d.data, 'base64').toString('base64') })
      size += Buffer.from(d.data, 'base64').length
      return
    }
    const path = d.path as string
    const [container, object] = splitObjectPath(path)!
    const decision = ctx.can('HEAD', container, object)
    if (decision === 401 || decision === 403) return problems.push([quotePath(path), statusLine(decision)])
    const seg = ctx.store.object(ctx.account, container, object)
    if (!seg) return problems.push([quotePath(path), statusLine(404)])
    const { etag, size: full } = segmentIdentity(seg)
    let length = full
    let range: string | undefined
    if (typeof d.range === 'string' && d.range) {
      const ranges = rangesForLength(parseRange(`bytes=${d.range}`)!, full)
      if (ranges.length === 0) problems.push([quotePath(path), 'Unsatisfiable Range'])
      else if (!(ranges[0]![0] === 0 && ranges[0]![1] === full)) {
        range = `${ranges[0]![0]}-${ranges[0]![1] - 1}`
        length = ranges[0]![1] - ranges[0]![0]
      }
    }
    if (length < 1 && i !== parsed.entries.length - 1) problems.push([quotePath(path), 'Too small; each segment must be at least 1 byte.'])
    if (typeof d.size_bytes === 'number' && d.size_bytes !== full) problems.push([quotePath(path), 'Size Mismatch'])
    if (typeof d.etag === 'string' && normalizeEtag(d.etag) !== etag) problems.push([quotePath(path), 'Etag Mismatch'])
    // slo.py takes last_modified from the segment's HEAD, whose HTTP date has whole seconds.
    const entry: SloSegment = {
      name: `/${path.replace(/^\/+/, '')}`,
      bytes: full,
      hash: etag,
      // swob's content_type drops parameters, so a manifest never records `;charset=…`.
      content_type: seg.contentType.split(';')[0]!.trim(),
      last_modified: listingDate(Math.ceil(seg.timestamp / 1000) * 1000),
      ...(range ? { range } : {}),
      ...(seg.slo ? { sub_slo: true } : {}),
    }
    stored.push(entry)
    size += length
    return undefined
  })
  if (problems.length) {
    // slo.py HEADs each distinct path once and reports per path, in first-appearance order.
    const first = new Map<string, number>()
    parsed.entries.forEach((d, i) => typeof d.path === 'string' && !first.has(quotePath(d.path)) && first.set(quotePath(d.path), i))
    return { status: 400, problems: problems.sort((x, y) => first.get(x[0])! - first.get(y[0])!) }
  }
  const sloEtag = md5(stored.map((e) => ('data' in e ? md5(Buffer.from(e.data, 'base64')) : e.range ? `${e.hash}:${e.range};` : e.hash)).join(''))
  const clientEtag = normalizeEtag(ctx.request.headers.get('etag'))
  if (clientEtag && clientEtag !== sloEtag) return { status: 422 }
  return { data: new TextEncoder().encode(pyJson(stored)), slo: { segments: stored, etag: sloEtag, size } }
}

/**
 * The answer to a failed manifest PUT: slo.py's problem list in the Accept format (400), or
 * the plain error; with `heartbeat=on` a 202 whose body carries the real status.
 * @example return sloFailureResponse(failure, request.headers.get('accept'), heartbeat)
 */
export function sloFailureResponse(f: SloFailure, accept: string | null, heartbeat: boolean): Response {
  const format = bestMatch(accept, BULK_FORMATS) ?? 'text/plain'
  if (heartbeat && (f.problems || f.status === 422)) {
    const reasons = statusLine(f.status).split(' ').slice(1).join(' ')
    const explanation = f.status === 422 ? 'Unable to process the contained instructions' : 'The server could not comply with the request since it is either malformed or otherwise incorrect.'
    const body = bulkBody(format, { 'Response Status': statusLine(f.status), 'Response Body': `${reasons}\n${explanation}` }, f.problems ?? [], 'upload')
    return new Response(` \r\n\r\n${body}`, { status: 202, headers: { 'Content-Type': format } })
  }
  if (f.problems) return new Response(bulkBody(format, {}, f.problems, 'upload'), { status: 400, headers: { 'Content-Type': format } })
  return f.message === undefined ? swiftError(f.status) : f.plain ? plainError(f.status, f.message) : swiftError(f.status, f.message)
}

/**
 * The success answer of a manifest PUT: 201 with the quoted SLO ETag, or with `heartbeat=on`
 * a 202 whose body reports `201 Created`, the ETag and Last-Modified.
 * @example return sloPutResponse(built.slo.etag, httpDate(obj.timestamp), accept, heartbeat)
 */
export function sloPutResponse(sloEtag: string, lastModified: string, accept: string | null, heartbeat: boolean): Response {
  if (!heartbeat) return new Response('', { status: 201, headers: { Etag: `"${sloEtag}"`, 'Last-Modified': lastModified, 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': '0' } })
  const format = bestMatch(accept, BULK_FORMATS) ?? 'text/plain'
  const body = bulkBody(format, { 'Response Status': statusLine(201), Etag: `"${sloEtag}"`, 'Last Modified': lastModified, 'Response Body': '' }, [], 'upload')
  return new Response(` \r\n\r\n${body}`, { status: 202, headers: { 'Content-Type': format } })
}

/**
 * `DELETE ?multipart-manifest=delete`: the segments (nested SLOs expanded) then the manifest,
 * through the bulk deleter, so the answer is a bulk result. A plain object is refused with
 * `Not an SLO manifest` in `Errors`; a missing one counts as not found.
 * @example return sloDelete(ctx, container, name, (path) => deleteOne(ctx, path))
 */
export function sloDelete(ctx: SwiftContext, container: string, name: string, deleteOne: (path: string) => number): Response {
  const format = bestMatch(ctx.request.headers.get('accept'), BULK_FORMATS)
  const queue: { name: string; sub: boolean; error?: DeleteItem['error'] }[] = [{ name: `/${container}/${name}`, sub: true }]
  const items: DeleteItem[] = []
  while (queue.length) {
    if (queue.length > ctx.limits.maxManifestSegments * 10) {
      const dict = { 'Response Status': statusLine(400), 'Response Body': 'Too many buffered slo segments to delete.', 'Number Deleted': 0, 'Number Not Found': 0 }
      return bulkResponse(format, dict, [], 'delete')
    }
    const seg = queue.shift()!
    if (!seg.sub) {
      items.push({ name: seg.name, ...(seg.error ? { error: seg.error } : {}) })
      continue
    }
    const where = splitObjectPath(seg.name)
    const decision = where ? ctx.can('GET', where[0], where[1]) : 404
    const obj = where && decision !== 401 && decision !== 403 ? ctx.store.object(ctx.account, where[0], where[1]) : undefined
    let error: DeleteItem['error']
    if (decision === 401 || decision === 403) error = { status: decision, message: statusLine(decision) }
    else if (!obj) error = { status: 404, message: 'SLO manifest not found' }
    else if (!obj.slo) error = { status: 400, message: 'Not an SLO manifest' }
    else for (const e of obj.slo.segments) if (!('data' in e)) queue.push({ name: e.name, sub: e.sub_slo === true })
    queue.push({ name: seg.name, sub: false, ...(error ? { error } : {}) })
  }
  return runDeletes(items, deleteOne, format, ctx.limits.maxFailedDeletes)
}
