// src/testing/swift-range.ts — Range and conditional GETs, with swob's rules for what is ignored, refused or served.
import { randomBytes } from 'node:crypto'
import { partsLength, sliceParts, type BodyPart } from './swift-body.js'
import { normalizeEtag, parseHttpDate } from './swift-http.js'

type Spec = [start: number | undefined, end: number | undefined]

/**
 * Parses a Range header. Undefined means "ignore it and send everything", which is what swob
 * does with any syntactically invalid range set (RFC 7233).
 * @example parseRange('bytes=0-99,-10') // [[0, 99], [undefined, 10]]
 */
export function parseRange(header: string | null): Spec[] | undefined {
  if (!header) return undefined
  const value = header.replace(/ /g, '')
  if (!value.toLowerCase().startsWith('bytes=')) return undefined
  const specs: Spec[] = []
  for (const part of value.slice(6).split(',')) {
    const m = /^(\d*)-(\d*)$/.exec(part)
    if (!m || (m[1] === '' && m[2] === '')) return undefined
    const start = m[1] === '' ? undefined : Number(m[1])
    const end = m[2] === '' ? undefined : Number(m[2])
    if (start !== undefined && end !== undefined && end < start) return undefined
    specs.push([start, end])
  }
  return specs
}

/**
 * Resolves parsed ranges against a length into half-open [start, end) pairs. An empty list
 * means 416; swob also refuses egregious sets (over 50 ranges, or more than 2 overlaps).
 * @example rangesForLength([[undefined, 10]], 100) // [[90, 100]]
 */
export function rangesForLength(specs: readonly Spec[], length: number): [number, number][] {
  const out: [number, number][] = []
  for (const [start, end] of specs) {
    if (start === undefined) {
      if (end === 0) continue
      out.push(end! > length ? [0, length] : [length - end!, length])
    } else if (start < length) {
      out.push([start, end === undefined ? length : Math.min(end + 1, length)])
    }
  }
  if (out.length > 50) return []
  let overlaps = 0
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      const [a1, b1] = out[i]!
      const [a2, b2] = out[j]!
      if ((a1 < a2 && a2 < b1) || (a1 < b2 && b2 < b1) || (a2 < a1 && a1 < b2) || (a2 < b1 && b1 < b2)) overlaps++
    }
  }
  return overlaps > 2 ? [] : out
}

const tagsOf = (header: string): Set<string> =>
  new Set(
    header
      .split(',')
      .map((t) => normalizeEtag(t.trim()) ?? '')
      .filter((t) => t !== ''),
  )

/**
 * The status swob answers a conditional GET or HEAD with instead of the object (304 or 412), or
 * undefined to serve it. `etag` is the one the client sees (an SLO's, not the manifest's).
 * @example const status = conditionalStatus(request.headers, obj.etag, obj.timestamp)
 */
export function conditionalStatus(headers: Headers, etag: string, lastModifiedMs: number): 304 | 412 | undefined {
  const ifNoneMatch = headers.get('if-none-match')
  if (ifNoneMatch) {
    const tags = tagsOf(ifNoneMatch)
    if (tags.has('*') || tags.has(etag)) return 304
  }
  const ifMatch = headers.get('if-match')
  if (ifMatch) {
    const tags = tagsOf(ifMatch)
    if (!tags.has('*') && !tags.has(etag)) return 412
  }
  // HTTP dates have whole seconds and Last-Modified is rounded up, so compare the same way.
  const lastModified = Math.ceil(lastModifiedMs / 1000) * 1000
  const since = parseHttpDate(headers.get('if-modified-since'))
  if (since !== undefined && lastModified <= since) return 304
  const unmodifiedSince = parseHttpDate(headers.get('if-unmodified-since'))
  if (unmodifiedSince !== undefined && lastModified > unmodifiedSince) return 412
  return undefined
}

/**
 * What to send for a GET: the status, the parts of the body and the headers the range adds.
 * @example const { status, parts, headers } = applyRange('bytes=0-99', body.parts, 'text/plain')
 */
export interface RangedBody {
  status: 200 | 206 | 416
  parts: BodyPart[]
  headers: Record<string, string>
  /** A multipart/byteranges body is built in memory; it replaces `parts` when set. */
  multipart?: Uint8Array<ArrayBuffer>
}

/**
 * Applies the request's Range to a body: 200 with everything, 206 with one range (or a
 * multipart/byteranges body for several), 416 with `Content-Range: bytes * /length`.
 * @example const r = applyRange(request.headers.get('range'), parts, 'application/octet-stream')
 */
export function applyRange(header: string | null, parts: BodyPart[], contentType: string): RangedBody {
  const length = partsLength(parts)
  const specs = parseRange(header)
  if (!specs) return { status: 200, parts, headers: {} }
  const ranges = rangesForLength(specs, length)
  if (ranges.length === 0) return { status: 416, parts: [], headers: { 'Content-Range': `bytes */${length}` } }
  // A suffix range of an empty object has no byte positions to name: swob serves it whole.
  if (length === 0) return { status: 200, parts, headers: {} }
  if (ranges.length === 1) {
    const [start, end] = ranges[0]!
    return { status: 206, parts: sliceParts(parts, start, end), headers: { 'Content-Range': `bytes ${start}-${end - 1}/${length}` } }
  }
  const boundary = randomBytes(16).toString('hex')
  const pieces: Uint8Array[] = []
  const enc = new TextEncoder()
  for (const [start, end] of ranges) {
    pieces.push(enc.encode(`--${boundary}\r\nContent-Type: ${contentType}\r\nContent-Range: bytes ${start}-${end - 1}/${length}\r\n\r\n`))
    for (const p of sliceParts(parts, start, end)) pieces.push(p.data.subarray(p.start, p.end))
    pieces.push(enc.encode('\r\n'))
  }
  pieces.push(enc.encode(`--${boundary}--`))
  const multipart = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const p of pieces) {
    multipart.set(p, offset)
    offset += p.length
  }
  return { status: 206, parts: [], multipart, headers: { 'Content-Type': `multipart/byteranges;boundary=${boundary}` } }
}
