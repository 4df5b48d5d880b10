// src/testing/swift-segments.ts — reading large objects: an SLO's or DLO's bytes are its segments', assembled per request.
import { createHash } from 'node:crypto'
import { partsLength, sliceParts, type BodyPart } from './swift-body.js'
import type { SwiftContext } from './swift-context.js'
import { swiftError } from './swift-http.js'
import type { SloEntry, SwiftObject } from './swift-store.js'

/**
 * What a GET of an object serves, before any Range: its bytes as parts, size and ETag.
 * @example const body = objectBody(ctx, account, obj, false); if (!(body instanceof Response)) console.log(body.size, body.etag)
 */
export interface ObjectBody {
  parts: BodyPart[]
  size: number
  /** The ETag clients see, unquoted. */
  etag: string
  /** SLO and DLO ETags go out quoted, as Swift sends them. */
  quoted: boolean
  kind: 'plain' | 'slo' | 'dlo'
}

/** Nested SLOs deeper than this are refused, as Swift's max_slo_recursion_depth does. */
const MAX_DEPTH = 10

/**
 * Splits `/container/object` (as manifests and X-Copy-From name things) in two; undefined
 * when there is no object part.
 * @example splitObjectPath('/c/a/b') // ['c', 'a/b']
 */
export function splitObjectPath(path: string): [string, string] | undefined {
  const p = path.replace(/^\/+/, '')
  const i = p.indexOf('/')
  if (i <= 0 || i === p.length - 1) return undefined
  return [p.slice(0, i), p.slice(i + 1)]
}

/**
 * The ETag and size a segment shows to HEAD: an SLO's own, else its data's.
 * @example segmentIdentity(sloManifest) // { etag: <SLO etag>, size: <total bytes> }
 */
export function segmentIdentity(obj: SwiftObject): { etag: string; size: number } {
  return obj.slo ? { etag: obj.slo.etag, size: obj.slo.size } : { etag: obj.etag, size: obj.data.length }
}

/** Appends an SLO's segments to `out`; a missing, changed or unreadable segment is a 409, as in Swift. */
function expandSlo(ctx: SwiftContext, account: string, entries: readonly SloEntry[], depth: number, out: BodyPart[]): Response | undefined {
  if (depth > MAX_DEPTH) return swiftError(409)
  for (const entry of entries) {
    if ('data' in entry) {
      const raw = Buffer.from(entry.data, 'base64')
      out.push({ data: raw, start: 0, end: raw.length })
      continue
    }
    const where = splitObjectPath(entry.name)
    if (!where) return swiftError(409)
    const decision = ctx.can('GET', where[0], where[1], account)
    if (decision === 401 || decision === 403) return swiftError(409)
    const seg = ctx.store.object(account, where[0], where[1])
    if (!seg || segmentIdentity(seg).etag !== entry.hash) return swiftError(409)
    let parts: BodyPart[] = [{ data: seg.data, start: 0, end: seg.data.length }]
    if (seg.slo) {
      parts = []
      const err = expandSlo(ctx, account, seg.slo.segments, depth + 1, parts)
      if (err) return err
    }
    if (entry.range) {
      const [a, b] = entry.range.split('-').map(Number)
      parts = sliceParts(parts, a!, b! + 1)
    }
    out.push(...parts)
  }
  return undefined
}

/**
 * The body of an object as a GET serves it: an SLO's segments, a DLO's listing (segments
 * `container/prefix*` in name order), or its own bytes, which is also what
 * `multipart-manifest=get` asks for.
 * @example const body = objectBody(ctx, ctx.account, obj, url.searchParams.get('multipart-manifest') === 'get')
 */
export function objectBody(ctx: SwiftContext, account: string, obj: SwiftObject, manifestGet: boolean): ObjectBody | Response {
  const own: ObjectBody = { parts: [{ data: obj.data, start: 0, end: obj.data.length }], size: obj.data.length, etag: obj.etag, quoted: false, kind: 'plain' }
  if (manifestGet) return own
  if (obj.slo && ctx.features.has('slo')) {
    const parts: BodyPart[] = []
    const err = expandSlo(ctx, account, obj.slo.segments, 1, parts)
    if (err) return err
    return { parts, size: partsLength(parts), etag: obj.slo.etag, quoted: true, kind: 'slo' }
  }
  if (obj.manifest !== undefined && ctx.features.has('dlo')) {
    let value: string
    try {
      value = decodeURIComponent(obj.manifest)
    } catch {
      value = obj.manifest
    }
    const cut = value.indexOf('/')
    const container = value.slice(0, cut)
    const prefix = value.slice(cut + 1)
    const decision = ctx.can('GET', container, undefined, account)
    if (decision === 401 || decision === 403) return swiftError(decision)
    const box = ctx.store.container(account, container)
    const hash = createHash('md5')
    const parts: BodyPart[] = []
    for (const name of box?.names() ?? []) {
      if (!name.startsWith(prefix)) continue
      const seg = box!.get(name)!
      hash.update(seg.etag)
      if (seg.slo && ctx.features.has('slo')) {
        const err = expandSlo(ctx, account, seg.slo.segments, 1, parts)
        if (err) return err
      } else parts.push({ data: seg.data, start: 0, end: seg.data.length })
    }
    return { parts, size: partsLength(parts), etag: hash.digest('hex'), quoted: true, kind: 'dlo' }
  }
  return own
}
