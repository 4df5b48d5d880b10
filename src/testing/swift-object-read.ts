// src/testing/swift-object-read.ts — object GET/HEAD (ranges, conditionals, large objects) and DELETE, bulk's deletes included.
import { createHash } from 'node:crypto'
import { concatParts, corrupt, streamParts } from './swift-body.js'
import { refusal, type SwiftContext } from './swift-context.js'
import { emptyResponse, httpDate, pyJson, swiftError, xTimestamp } from './swift-http.js'
import { metadataHeaders } from './swift-meta.js'
import { applyRange, conditionalStatus } from './swift-range.js'
import { objectBody, splitObjectPath, type ObjectBody } from './swift-segments.js'
import { sloDelete } from './swift-slo.js'
import type { SwiftObject } from './swift-store.js'
import { deleteVersioned } from './swift-versions.js'

/**
 * The headers of an object response, for the body the client sees (an SLO's ETag and total
 * length rather than the manifest's).
 * @example objectHeaders(obj, body)
 */
export function objectHeaders(obj: SwiftObject, body: ObjectBody): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': obj.contentType,
    'Content-Length': String(body.size),
    Etag: body.quoted ? `"${body.etag}"` : body.etag,
    'Last-Modified': httpDate(obj.timestamp),
    'X-Timestamp': xTimestamp(obj.timestamp),
    'Accept-Ranges': 'bytes',
    ...metadataHeaders(obj.meta, 'object'),
  }
  for (const [k, v] of obj.headers) headers[k.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase())] = v
  if (obj.deleteAt !== undefined) headers['X-Delete-At'] = String(obj.deleteAt)
  if (obj.slo) {
    headers['X-Static-Large-Object'] = 'True'
    if (body.kind === 'slo') headers['X-Manifest-Etag'] = obj.etag
  }
  if (obj.manifest !== undefined) headers['X-Object-Manifest'] = obj.manifest
  return headers
}

/** `?multipart-manifest=get&format=raw`: the manifest in the shape a manifest PUT takes (keys sorted, as slo.py dumps them). */
function rawManifest(obj: SwiftObject): Uint8Array {
  const entries = obj.slo!.segments.map((e) => ('data' in e ? e : { etag: e.hash, path: e.name, ...(e.range ? { range: e.range } : {}), size_bytes: e.bytes }))
  return new TextEncoder().encode(pyJson(entries))
}

/**
 * GET or HEAD of an object: 404 page when missing, 304/412 for conditionals, 206/416 for
 * ranges (across SLO and DLO segments too), and `multipart-manifest=get` for the manifest.
 * @example return getObject(ctx, 'photos', 'cat.jpg')
 */
export function getObject(ctx: SwiftContext, container: string, name: string): Response {
  const denied = refusal(ctx.can(ctx.method, container, name))
  if (denied) return denied
  const obj = ctx.store.object(ctx.account, container, name)
  if (!obj) {
    const ifMatch = ctx.request.headers.get('if-match')
    return ifMatch?.split(',').some((t) => t.trim() === '*') ? swiftError(412, '') : swiftError(404)
  }
  const manifestGet = ctx.url.searchParams.get('multipart-manifest') === 'get'
  let body = objectBody(ctx, ctx.account, obj, manifestGet)
  if (body instanceof Response) return body
  const headers = objectHeaders(obj, body)
  if (manifestGet && obj.slo && ctx.features.has('slo')) {
    if (ctx.url.searchParams.get('format') === 'raw') {
      const raw = rawManifest(obj)
      body = { ...body, parts: [{ data: raw, start: 0, end: raw.length }], size: raw.length, etag: createHash('md5').update(raw).digest('hex') }
      Object.assign(headers, { 'Content-Length': String(raw.length), Etag: body.etag })
    } else headers['Content-Type'] = 'application/json; charset=utf-8'
  }
  const conditional = conditionalStatus(ctx.request.headers, body.etag, obj.timestamp)
  if (conditional === 304) return new Response(null, { status: 304, headers: { ...headers, 'Content-Length': '0' } })
  if (conditional === 412) {
    const keep = Object.fromEntries(Object.entries(headers).filter(([k]) => ['Etag', 'Last-Modified', 'X-Timestamp'].includes(k)))
    return swiftError(412, '', keep)
  }
  if (ctx.method === 'HEAD') return new Response(null, { status: 200, headers })
  const ranged = applyRange(ctx.request.headers.get('range'), body.parts, obj.contentType)
  if (ranged.status === 416) {
    // Swift's 416 keeps the object's headers (its Content-Type too) around swob's error page.
    const { 'Content-Length': _length, ...objectOnly } = headers
    return swiftError(416, undefined, { ...objectOnly, ...ranged.headers })
  }
  Object.assign(headers, ranged.headers)
  let data: Uint8Array<ArrayBuffer> | undefined = ranged.multipart
  if (ctx.corruptBody) data = corrupt(data ?? concatParts(ranged.parts))
  const length = data ? data.length : ranged.parts.reduce((n, p) => n + (p.end - p.start), 0)
  headers['Content-Length'] = String(length)
  return new Response(data ?? streamParts(ranged.parts), { status: ranged.status, headers })
}

/**
 * Deletes `/container/object` or `/container` for bulk delete and SLO delete, authorized like
 * the subrequests Swift makes; returns the status the subrequest would have had.
 * @example deletePath(ctx, '/photos/cat.jpg') // 204
 */
export function deletePath(ctx: SwiftContext, path: string): number {
  const trimmed = path.replace(/^\/+/, '')
  const where = splitObjectPath(`/${trimmed}`)
  if (!where) {
    const name = trimmed.replace(/\/+$/, '')
    const decision = ctx.can('DELETE', name)
    if (decision === 401 || decision === 403) return decision
    const box = ctx.store.container(ctx.account, name)
    if (!box) return 404
    if (box.count > 0) return 409
    ctx.store.account(ctx.account).deleteContainer(name)
    return 204
  }
  const decision = ctx.can('DELETE', where[0], where[1])
  if (decision === 401 || decision === 403) return decision
  const box = ctx.store.container(ctx.account, where[0])
  if (!box) return 404
  // Bulk's subrequests pass through versioned writes like any DELETE.
  const versioned = deleteVersioned(ctx, box, where[1])
  if (versioned instanceof Response) return versioned.status
  return versioned === 204 || box.delete(where[1]) ? 204 : 404
}

/**
 * DELETE of an object: 204, 404 when absent, versioned containers restore or archive, and
 * `?multipart-manifest=delete` removes an SLO's segments with it.
 * @example return deleteObject(ctx, 'photos', 'cat.jpg')
 */
export function deleteObject(ctx: SwiftContext, container: string, name: string): Response {
  const denied = refusal(ctx.can('DELETE', container, name))
  if (denied) return denied
  const box = ctx.store.container(ctx.account, container)
  if (!box) return swiftError(404)
  if (ctx.url.searchParams.get('multipart-manifest') === 'delete' && ctx.features.has('slo')) {
    return sloDelete(ctx, container, name, (path) => deletePath(ctx, path))
  }
  // Stack mode restores an archived version even when there is no current one, as Swift does.
  const versioned = deleteVersioned(ctx, box, name)
  if (versioned instanceof Response) return versioned
  return versioned === 204 || box.delete(name) ? emptyResponse(204) : swiftError(404)
}
