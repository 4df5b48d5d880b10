// src/testing/swift-listing.ts — account and container listings: marker paging, prefix, delimiter subdirs, reverse, formats.
import { bestMatch, pyJson, swiftError } from './swift-http.js'
import { compareNames } from './swift-store.js'

/**
 * The query of a listing, validated.
 * @example listNames(names, { marker: '', endMarker: '', prefix: 'a/', delimiter: '/', limit: 100, reverse: false })
 */
export interface ListingQuery {
  marker: string
  endMarker: string
  prefix: string
  delimiter: string
  limit: number
  reverse: boolean
}

/**
 * A listed name, or a `subdir` rolled up at the delimiter.
 * @example for (const e of listNames(names, q)) console.log('subdir' in e ? e.subdir : e.name)
 */
export type ListedName = { name: string } | { subdir: string }

/**
 * Reads marker, end_marker, prefix, delimiter, limit and reverse as Swift does: a non-numeric
 * limit is ignored and one above the maximum is a 412. Delimiters may be several characters.
 * @example const q = parseListingQuery(url, limits.containerListingLimit); if (q instanceof Response) return q
 */
export function parseListingQuery(url: URL, maxLimit: number): ListingQuery | Response {
  const p = url.searchParams
  const given = p.get('limit')
  let limit = maxLimit
  if (given && /^\d+$/.test(given)) {
    limit = Number(given)
    if (limit > maxLimit) return swiftError(412, `Maximum limit is ${maxLimit}`)
  }
  const delimiter = p.get('delimiter') ?? ''
  const reverse = ['true', '1', 'yes', 'on', 't', 'y'].includes((p.get('reverse') ?? '').toLowerCase())
  return { marker: p.get('marker') ?? '', endMarker: p.get('end_marker') ?? '', prefix: p.get('prefix') ?? '', delimiter, limit, reverse }
}

/** Index of the first name >= key (or > key with `strict`). */
function bound(sorted: readonly string[], key: string, strict: boolean): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const c = compareNames(sorted[mid]!, key)
    if (c < 0 || (strict && c === 0)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * One page of a listing over names in Swift order, as the container broker pages it. With a
 * delimiter, names below a common `prefix…delimiter` roll up into one subdir entry, and a
 * subdir equal to the marker is not repeated, so paging by the last entry works. In reverse,
 * marker and end_marker swap roles (the subdir check then uses end_marker, as Swift's does).
 * @example listNames(['a/1', 'a/2', 'b'], { ...q, delimiter: '/' }) // [{ subdir: 'a/' }, { name: 'b' }]
 */
export function listNames(sorted: readonly string[], q: ListingQuery): ListedName[] {
  const out: ListedName[] = []
  const { marker, endMarker, prefix, delimiter } = q
  if (q.limit === 0) return out
  if (!q.reverse) {
    let i = marker ? bound(sorted, marker, true) : 0
    if (prefix && compareNames(prefix, marker) > 0) i = Math.max(i, bound(sorted, prefix, false))
    for (; i < sorted.length && out.length < q.limit; i++) {
      const name = sorted[i]!
      if (endMarker && compareNames(name, endMarker) >= 0) break
      if (!name.startsWith(prefix)) {
        if (compareNames(name, prefix) > 0) break
        continue
      }
      const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1
      if (cut < 0) {
        out.push({ name })
        continue
      }
      const subdir = name.slice(0, cut + delimiter.length)
      if (subdir !== marker) out.push({ subdir })
      // Skip the rest of this subdir: resume at the delimiter with its last character bumped.
      const last = [...delimiter].pop()!
      i = bound(sorted, `${name.slice(0, cut)}${delimiter.slice(0, -last.length)}${String.fromCodePoint(last.codePointAt(0)! + 1)}`, false) - 1
    }
    return out
  }
  let i = marker ? bound(sorted, marker, false) - 1 : sorted.length - 1
  for (; i >= 0 && out.length < q.limit; i--) {
    const name = sorted[i]!
    if (endMarker && compareNames(name, endMarker) <= 0) break
    if (!name.startsWith(prefix)) {
      if (compareNames(name, prefix) < 0) break
      continue
    }
    const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1
    if (cut < 0) {
      out.push({ name })
      continue
    }
    const subdir = name.slice(0, cut + delimiter.length)
    if (subdir !== endMarker) out.push({ subdir })
    i = bound(sorted, subdir, false)
  }
  return out
}

/**
 * The listing format: `format=` wins (json, xml, anything else plain), then the Accept
 * header; undefined when nothing acceptable is offered (406).
 * @example listingFormat(url, request.headers) // 'application/json'
 */
export function listingFormat(url: URL, headers: Headers): string | undefined {
  const format = url.searchParams.get('format')?.toLowerCase()
  if (format) return format === 'json' ? 'application/json' : format === 'xml' ? 'application/xml' : 'text/plain'
  return bestMatch(headers.get('accept'), ['text/plain', 'application/json', 'application/xml', 'text/xml'])
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Element order of XML listings, which differs from the JSON key order. */
const XML_FIELDS = { account: ['name', 'count', 'bytes', 'last_modified'], container: ['name', 'hash', 'bytes', 'content_type', 'last_modified'] }

/** Swift's listing XML: account entries one per line, container entries run together. */
function listingXml(kind: 'account' | 'container', listName: string, entries: readonly Record<string, string | number | boolean>[]): string {
  const item = kind === 'account' ? 'container' : 'object'
  const rows = entries.map((e) =>
    'subdir' in e
      ? `<subdir name="${xmlEscape(String(e.subdir))}"><name>${xmlEscape(String(e.subdir))}</name></subdir>`
      : `<${item}>${XML_FIELDS[kind].map((k) => `<${k}>${xmlEscape(String(e[k]))}</${k}>`).join('')}</${item}>`,
  )
  const head = `<?xml version="1.0" encoding="UTF-8"?>\n<${kind} name="${xmlEscape(listName)}"`
  if (kind === 'account') return `${head}>\n${rows.map((r) => `${r}\n`).join('')}</account>`
  return rows.length ? `${head}>${rows.join('')}</container>` : `${head} />`
}

/**
 * A listing response: JSON entries (Python's formatting), XML, or one name per line. An
 * empty plain listing is a 204, as in Swift; JSON and XML say `[]` or an empty element.
 * Without `format=`, the answer depends on Accept, so it says `Vary: Accept`.
 * @example listingResponse(url, 'application/json', 'container', 'photos', entries, headers)
 */
export function listingResponse(
  url: URL,
  format: string,
  kind: 'account' | 'container',
  listName: string,
  entries: readonly Record<string, string | number | boolean>[],
  headers: Record<string, string>,
): Response {
  if (!url.searchParams.has('format')) headers = { ...headers, Vary: 'Accept' }
  let body: string
  if (format === 'application/json') body = pyJson(entries)
  else if (format.endsWith('/xml')) body = listingXml(kind, listName, entries)
  else {
    if (entries.length === 0) return new Response(null, { status: 204, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '0' } })
    body = entries.map((e) => `${String('subdir' in e ? e.subdir : e.name)}\n`).join('')
  }
  const bytes = new TextEncoder().encode(body)
  return new Response(bytes, {
    status: 200,
    headers: { ...headers, 'Content-Type': `${format}; charset=utf-8`, 'Content-Length': String(bytes.length) },
  })
}
