// src/testing/pithos-http.ts — the fake Pithos's HTTP vocabulary: errors, formats, dates, metadata headers, ranges, preconditions.
import { randomBytes } from 'node:crypto'

/**
 * How the fake shapes error bodies. `text`: the message as text/plain. `json`: Synnefo's fault
 * object, `{"itemNotFound": {"code": 404, "message": "...", "details": ""}}`, which is what
 * snf-django-lib renders for every Pithos error since Synnefo 0.14.
 * @example createFakePithos({ keystone, clock, errorFormat: 'json' })
 */
export type PithosErrorFormat = 'text' | 'json'

/** Synnefo's fault names per status (snf_django/lib/api/faults.py). */
const FAULTS: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'notAllowed',
  409: 'conflict',
  411: 'lengthRequired',
  412: 'preconditionFailed',
  413: 'requestEntityTooLarge',
  416: 'rangeNotSatisfiable',
  422: 'unprocessableEntity',
  500: 'internalServerError',
  501: 'notImplemented',
  503: 'serviceUnavailable',
}

/**
 * An error answer with the status and message Synnefo gives.
 * @example pithosError(404, 'Object does not exist')
 */
export function pithosError(status: number, message: string, format: PithosErrorFormat = 'text', headers: Record<string, string> = {}): Response {
  if (format === 'json') {
    const body = JSON.stringify({ [FAULTS[status] ?? 'fault']: { code: status, message, details: '' } })
    return new Response(body, { status, headers: { 'Content-Type': 'application/json; charset=UTF-8', ...headers } })
  }
  return new Response(`${message}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=UTF-8', ...headers } })
}

/** A fresh request id, sent as X-Request-Id (strato's error parser reads it as the request id). @example pithosRequestId() // 'req-3f…' */
export function pithosRequestId(): string {
  return `req-${randomBytes(12).toString('hex')}`
}

/** RFC 1123 date, as Pithos headers carry. @example httpDate(0) // 'Thu, 01 Jan 1970 00:00:00 GMT' */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString()
}

/** ISO 8601 with an explicit offset, as Pithos listings carry `last_modified`. @example isoDate(0) // '1970-01-01T00:00:00.000000+00:00' */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00')
}

/** Unix seconds with microseconds, as Pithos's version timestamps. @example unixSeconds(1500) // 1.5 */
export function unixSeconds(ms: number): number {
  return ms / 1000
}

/** The reply format a request asks for: `format=`, else a `.json`/`.xml` path, else Accept, else text. @example const f: PithosSerialization = 'json' */
export type PithosSerialization = 'text' | 'json' | 'xml'

/** See {@link PithosSerialization}. @example serializationOf(request, url) // 'json' */
export function serializationOf(request: Request, url: URL): PithosSerialization {
  const format = url.searchParams.get('format')
  if (format === 'json' || format === 'xml') return format
  if (url.pathname.endsWith('.json')) return 'json'
  if (url.pathname.endsWith('.xml')) return 'xml'
  for (const item of (request.headers.get('accept') ?? '').split(',')) {
    const type = item.split(';')[0]!.trim()
    if (type === 'application/json') return 'json'
    if (type === 'application/xml') return 'xml'
  }
  return 'text'
}

/**
 * A list answer (missing hashes, stored hashes, names) in the requested format: a JSON array,
 * or one item a line.
 * @example listBody(['a', 'b'], 'json', 202)
 */
export function listBody(items: readonly string[], format: PithosSerialization, status: number, headers: Record<string, string> = {}): Response {
  if (format === 'json') return new Response(JSON.stringify(items), { status, headers: { 'Content-Type': 'application/json; charset=UTF-8', ...headers } })
  const text = items.length ? `${items.join('\n')}\n` : ''
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=UTF-8', ...headers } })
}

/** A non-negative integer query parameter; undefined when absent or not one (Synnefo ignores bad values). @example intParam(url, 'limit') */
export function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name)
  if (raw === null || !/^\d+$/.test(raw)) return undefined
  return Number(raw)
}

/**
 * Synnefo's spelling of a metadata key: underscores become dashes and each dash-separated word
 * is capitalised, so `x-object-meta-my_key` is stored as `X-Object-Meta-My-Key`.
 * @example formatMetaKey('x-object-meta-color') // 'X-Object-Meta-Color'
 */
export function formatMetaKey(key: string): string {
  return key
    .replace(/_/g, '-')
    .split('-')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1).toLowerCase() : w))
    .join('-')
}

/**
 * The request headers starting with `prefix` (e.g. `X-Object-Meta-`), keyed by Synnefo's
 * spelling, values URL-decoded (Pithos clients quote non-ASCII header values).
 * @example prefixedHeaders(request.headers, 'X-Container-Meta-')
 */
export function prefixedHeaders(headers: Headers, prefix: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lower = prefix.toLowerCase()
  headers.forEach((value, name) => {
    if (!name.startsWith(lower) || name.length === lower.length) return
    let decoded = value
    try {
      decoded = decodeURIComponent(value)
    } catch {
      // A value that is not valid percent-encoding is kept as sent.
    }
    out[formatMetaKey(name)] = decoded.trim()
  })
  return out
}

/** The user-defined metadata of an object write: X-Object-Meta-*, Content-Encoding, Content-Disposition. @example objectMetaHeaders(request.headers) */
export function objectMetaHeaders(headers: Headers): Record<string, string> {
  const meta = prefixedHeaders(headers, 'X-Object-Meta-')
  for (const name of ['Content-Encoding', 'Content-Disposition']) {
    const v = headers.get(name)
    if (v) meta[name] = v
  }
  return meta
}

/**
 * Applies metadata the way Synnefo's POST does: replaces all of it, or with `update` merges it,
 * an empty value deleting its key.
 * @example mergeMeta({ 'X-Object-Meta-A': '1' }, { 'X-Object-Meta-A': '' }, false) // {}
 */
export function mergeMeta(old: Readonly<Record<string, string>>, changes: Record<string, string>, replace: boolean): Record<string, string> {
  const out: Record<string, string> = replace ? {} : { ...old }
  for (const [k, v] of Object.entries(changes)) {
    if (v === '') delete out[k]
    else out[k] = v
  }
  return out
}

/** Byte range, both ends inclusive. @example { start: 0, end: 9 } // the first ten bytes */
export interface ByteRange {
  start: number
  end: number
}

/**
 * Parses a Range header against an object of `size` bytes: `bytes=a-b`, `a-`, `-n`, several
 * comma-separated. Undefined for a header that is not a byte range (the whole object is sent);
 * 'unsatisfiable' when no range overlaps the object (416).
 * @example parseRange('bytes=0-9,-5', 100) // [{ start: 0, end: 9 }, { start: 95, end: 99 }]
 */
export function parseRange(header: string | null, size: number): ByteRange[] | 'unsatisfiable' | undefined {
  if (!header) return undefined
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header)
  if (!m) return undefined
  const ranges: ByteRange[] = []
  for (const spec of m[1]!.split(',')) {
    const r = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(spec)
    if (!r || (r[1] === '' && r[2] === '')) return undefined
    if (r[1] === '') {
      const n = Number(r[2])
      if (n === 0) continue
      ranges.push({ start: Math.max(0, size - n), end: size - 1 })
      continue
    }
    const start = Number(r[1])
    const end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1)
    if (r[2] !== '' && Number(r[2]) < start) return undefined
    if (start >= size) continue
    ranges.push({ start, end })
  }
  return ranges.length ? ranges : 'unsatisfiable'
}

const etagList = (header: string): string[] => header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))

const parseDate = (header: string | null): number | undefined => {
  if (!header) return undefined
  const t = Date.parse(header)
  return Number.isNaN(t) ? undefined : t
}

/**
 * Evaluates If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since against an object
 * (undefined when it does not exist). Returns the status to answer instead (304 or 412), or
 * undefined to go on. `reading` is true for GET/HEAD, where If-None-Match gives 304; writes get 412.
 * @example const stop = preconditions(request, { etag: v.hash, modifiedAt: v.modifiedAt }, true)
 */
export function preconditions(request: Request, current: { etag: string; modifiedAt: number } | undefined, reading: boolean): 304 | 412 | undefined {
  const ifMatch = request.headers.get('if-match')
  if (ifMatch !== null) {
    const tags = etagList(ifMatch)
    if (!current || !(tags.includes('*') || tags.includes(current.etag))) return 412
  }
  const ifNoneMatch = request.headers.get('if-none-match')
  if (ifNoneMatch !== null && current) {
    const tags = etagList(ifNoneMatch)
    if (tags.includes('*') || tags.includes(current.etag)) return reading ? 304 : 412
  }
  if (!current || !reading) return undefined
  // HTTP dates have whole seconds: compare at that precision, or an object is always "newer".
  const modified = Math.floor(current.modifiedAt / 1000) * 1000
  const since = parseDate(request.headers.get('if-modified-since'))
  if (since !== undefined && ifNoneMatch === null && modified <= since) return 304
  const unmodified = parseDate(request.headers.get('if-unmodified-since'))
  if (unmodified !== undefined && modified > unmodified) return 412
  return undefined
}
