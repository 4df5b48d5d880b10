// src/testing/swift-meta.ts — metadata headers in and out, with Swift's limits, expiry headers and content types.
import { plainError, titleCase } from './swift-http.js'
import type { SwiftLimits } from './swift-limits.js'

/**
 * Object headers Swift's object server keeps besides metadata (its default allowed_headers).
 * @example STORED_OBJECT_HEADERS.includes('content-disposition') // true
 */
export const STORED_OBJECT_HEADERS = ['content-disposition', 'content-encoding', 'content-language', 'cache-control', 'expires', 'x-robots-tag'] as const

type Kind = 'account' | 'container' | 'object'

/**
 * constraints.check_metadata: header sizes, then each `X-<kind>-Meta-*` name and value, their
 * count and their total, with Swift's messages (400 text/plain).
 * @example const bad = checkMetadata(request.headers, 'object', limits); if (bad) return bad
 */
export function checkMetadata(headers: Headers, kind: Kind, limits: SwiftLimits): Response | undefined {
  const prefix = `x-${kind}-meta-`
  let count = 0
  let size = 0
  for (const [name, value] of headers) {
    if (value.length > limits.maxHeaderSize) return plainError(400, `Header value too long: ${name.slice(0, limits.maxMetaNameLength)}`)
    if (!name.startsWith(prefix)) continue
    // WSGI title-cases header names, and Swift's messages quote the key that way.
    const key = titleCase(name).slice(prefix.length)
    if (!key) return plainError(400, 'Metadata name cannot be empty')
    count++
    size += key.length + value.length
    if (key.length > limits.maxMetaNameLength) return plainError(400, `Metadata name too long: ${prefix}${key}`)
    if (value.length > limits.maxMetaValueLength) return plainError(400, `Metadata value longer than ${limits.maxMetaValueLength}: ${prefix}${key}`)
    if (count > limits.maxMetaCount) return plainError(400, `Too many metadata items; max ${limits.maxMetaCount}`)
    if (size > limits.maxMetaOverallSize) return plainError(400, `Total metadata too large; max ${limits.maxMetaOverallSize}`)
  }
  return undefined
}

/**
 * Merges account or container metadata: `X-<kind>-Meta-K: v` sets, an empty value or
 * `X-Remove-<kind>-Meta-K` removes (Swift's POST merges; only objects replace).
 * @example mergeMetadata(container.meta, request.headers, 'container')
 */
export function mergeMetadata(meta: Map<string, string>, headers: Headers, kind: Kind): void {
  const set = `x-${kind}-meta-`
  const remove = `x-remove-${kind}-meta-`
  for (const [name, value] of headers) {
    if (name.startsWith(set)) {
      const key = name.slice(set.length)
      if (value === '') meta.delete(key)
      else meta.set(key, value)
    } else if (name.startsWith(remove)) meta.delete(name.slice(remove.length))
  }
}

/**
 * Object metadata of a request, which replaces all earlier metadata on PUT and POST.
 * @example const meta = objectMetadata(request.headers)
 */
export function objectMetadata(headers: Headers): Map<string, string> {
  const meta = new Map<string, string>()
  for (const [name, value] of headers) if (name.startsWith('x-object-meta-') && value !== '') meta.set(name.slice('x-object-meta-'.length), value)
  return meta
}

/**
 * Metadata as response headers, in Swift's title case (`X-Container-Meta-Color`).
 * @example Object.assign(headers, metadataHeaders(obj.meta, 'object'))
 */
export function metadataHeaders(meta: ReadonlyMap<string, string>, kind: Kind): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of meta) out[titleCase(`x-${kind}-meta-${k}`)] = v
  return out
}

/**
 * X-Delete-At (seconds) from X-Delete-At or X-Delete-After, checked like Swift's proxy: not an
 * integer or in the past is a 400. Undefined when neither header is sent.
 * @example const deleteAt = deleteAtFrom(request.headers, clock.now()); if (deleteAt instanceof Response) return deleteAt
 */
export function deleteAtFrom(headers: Headers, nowMs: number): number | undefined | Response {
  const after = headers.get('x-delete-after')
  const at = headers.get('x-delete-at')
  let deleteAt: number | undefined
  if (after !== null) {
    if (!/^-?\d+$/.test(after.trim())) return plainError(400, 'Non-integer X-Delete-After')
    const seconds = Number(after)
    if (seconds < 0) return plainError(400, 'X-Delete-After in past')
    deleteAt = Math.floor(nowMs / 1000) + seconds
  } else if (at !== null) {
    if (!/^-?\d+(\.\d+)?$/.test(at.trim())) return plainError(400, 'Non-integer X-Delete-At')
    deleteAt = Math.floor(Number(at))
  }
  if (deleteAt !== undefined && deleteAt <= nowMs / 1000) return plainError(400, 'X-Delete-At in past')
  return deleteAt
}

const TYPES: Record<string, string> = {
  txt: 'text/plain',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  csv: 'text/csv',
  js: 'application/javascript',
  json: 'application/json',
  xml: 'application/xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  iso: 'application/x-iso9660-image',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  bin: 'application/octet-stream',
}

/**
 * The Content-Type Swift's proxy guesses from the name (Python's mimetypes) when none is sent.
 * @example guessContentType('notes.txt') // 'text/plain'
 */
export function guessContentType(name: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase()
  return (ext && TYPES[ext]) || 'application/octet-stream'
}
