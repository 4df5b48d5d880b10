// src/storage/headers.ts — Swift's metadata headers both ways, and the typed views of HEAD answers.
import { InputError } from '../core/errors.js'
import type { ManifestKind, Metadata, ObjectInfo } from './types.js'

/** Which resource a metadata header belongs to: `X-Account-Meta-`, `X-Container-Meta-`, `X-Object-Meta-`. */
export type MetaKind = 'Account' | 'Container' | 'Object'

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/**
 * Header values travel as bytes; fetch only takes Latin-1 strings. Swift stores the bytes it gets,
 * and other clients send UTF-8, so a value is sent as its UTF-8 bytes spelled in Latin-1.
 */
export function toHeaderValue(value: string): string {
  return /^[\x00-\x7f]*$/.test(value) ? value : Buffer.from(value, 'utf8').toString('latin1')
}

/** The inverse of {@link toHeaderValue}: a header value whose bytes are UTF-8. */
export function fromHeaderValue(value: string): string {
  if (/^[\x00-\x7f]*$/.test(value)) return value
  const decoded = Buffer.from(value, 'latin1').toString('utf8')
  return decoded.includes('\uFFFD') ? value : decoded
}

function checkKey(key: string, kind: MetaKind): void {
  if (!TOKEN.test(key)) throw new InputError(`${kind.toLowerCase()} metadata key "${key}" must be an HTTP token (letters, digits, - and _)`)
}

/**
 * Headers that set `meta` and remove `remove` on a resource.
 * @example metadataHeaders('Object', { color: 'blue' }) // { 'X-Object-Meta-color': 'blue' }
 */
export function metadataHeaders(kind: MetaKind, meta: Metadata = {}, remove: readonly string[] = []): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [key, value] of Object.entries(meta)) {
    checkKey(key, kind)
    if (typeof value !== 'string') throw new InputError(`${kind.toLowerCase()} metadata "${key}" must be a string`)
    headers[`X-${kind}-Meta-${key}`] = toHeaderValue(value)
  }
  for (const key of remove) {
    checkKey(key, kind)
    headers[`X-Remove-${kind}-Meta-${key}`] = 'x'
  }
  return headers
}

/**
 * The user metadata in a response's headers.
 * @example readMetadata('Container', res.headers).owner
 */
export function readMetadata(kind: MetaKind, headers: Headers): Metadata {
  const prefix = `x-${kind.toLowerCase()}-meta-`
  const meta: Metadata = {}
  headers.forEach((value, name) => {
    if (name.startsWith(prefix)) meta[name.slice(prefix.length)] = fromHeaderValue(value)
  })
  return meta
}

/** A numeric header, or 0 when it is missing or not a number. */
export function intHeader(headers: Headers, name: string): number {
  const n = Number(headers.get(name) ?? '')
  return Number.isFinite(n) ? n : 0
}

/** An ETag without the quotes Swift puts around large objects' ETags. */
export function unquote(etag: string | null | undefined): string | undefined {
  if (etag === null || etag === undefined) return undefined
  return etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1')
}

function dateHeader(value: string | null): Date | undefined {
  if (!value) return undefined
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? undefined : d
}

/**
 * What kind of manifest the object is, from its headers.
 * @example manifestKind(res.headers) // 'slo'
 */
export function manifestKind(headers: Headers): ManifestKind {
  if ((headers.get('x-static-large-object') ?? '').toLowerCase() === 'true') return 'slo'
  if (headers.has('x-object-manifest')) return 'dlo'
  return null
}

/**
 * The typed view of an object's HEAD (or GET) headers.
 * @example const info = objectInfo(res.headers)
 */
export function objectInfo(headers: Headers): ObjectInfo {
  const deleteAt = headers.get('x-delete-at')
  const manifestPrefix = headers.get('x-object-manifest')
  return {
    size: intHeader(headers, 'content-length'),
    contentType: headers.get('content-type') ?? undefined,
    etag: unquote(headers.get('etag')),
    lastModified: dateHeader(headers.get('last-modified')),
    metadata: readMetadata('Object', headers),
    manifest: manifestKind(headers),
    manifestPrefix: manifestPrefix === null ? undefined : decodeURIComponentSafe(manifestPrefix),
    deleteAt: deleteAt && /^\d+$/.test(deleteAt) ? new Date(Number(deleteAt) * 1000) : undefined,
    headers,
  }
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
