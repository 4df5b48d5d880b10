// src/testing/pithos-object-read.ts — the fake Pithos's object reads: HEAD, GET data (ranges, conditions), ?hashmap, ?version=list, public URLs.
import { randomBytes } from 'node:crypto'
import { effectiveSharing, formatPithosSharing, objectAccess } from './pithos-access.js'
import type { PithosBlockStore } from './pithos-blocks.js'
import { untilParam, type PithosCall, type PithosContext } from './pithos-context.js'
import { httpDate, isoDate, parseRange, pithosError, preconditions, unixSeconds } from './pithos-http.js'
import type { PithosContainer, PithosObject, PithosVersion } from './pithos-store.js'

/** When the object last changed, whatever version is read: Pithos's Last-Modified. */
const lastModified = (obj: PithosObject): number => obj.history.at(-1)?.modifiedAt ?? 0

/**
 * The headers of an object read. `latest` (no version asked for) adds the path's sharing and,
 * for the owner, its public URL; other users get X-Object-Allowed-To.
 * @example objectHeaders(call, container, 'a.txt', obj, version, true)
 */
export function objectHeaders(call: PithosCall, container: PithosContainer, name: string, obj: PithosObject, v: PithosVersion, latest: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    ETag: v.hash,
    'Content-Length': String(v.bytes),
    'Content-Type': v.contentType,
    'Last-Modified': httpDate(lastModified(obj)),
    'X-Object-Hash': v.hash,
    'X-Object-UUID': obj.uuid,
    'X-Object-Version': String(v.id),
    'X-Object-Version-Timestamp': httpDate(v.modifiedAt),
    'X-Object-Modified-By': v.modifiedBy,
  }
  for (const [k, value] of Object.entries(v.meta)) headers[k] = k.startsWith('X-Object-Meta-') ? encodeURIComponent(value) : value
  if (!latest) return headers
  const { store, prefix } = call.ctx
  const sharing = effectiveSharing(store, container, name)
  if (sharing) {
    headers['X-Object-Sharing'] = formatPithosSharing(sharing.sharing)
    if (sharing.from !== name) headers['X-Object-Shared-By'] = `${call.account}/${container.name}/${sharing.from}`
  }
  if (!call.owner) headers['X-Object-Allowed-To'] = objectAccess(store, call.caller, call.account, container, name)
  else if (obj.publicId) headers['X-Object-Public'] = `${prefix}/public/${obj.publicId}`
  return headers
}

/**
 * Answers a data read of a version: the whole object, one range (206 with Content-Range), several
 * (206 multipart/byteranges), or 416. If-Range that does not match sends the whole object.
 * @example dataResponse(ctx, request, version, headers, lastModified)
 */
export function dataResponse(ctx: PithosContext, request: Request, v: PithosVersion, headers: Record<string, string>, modifiedAt: number): Response {
  const head = request.method === 'HEAD'
  let ranges = parseRange(request.headers.get('range'), v.bytes)
  const ifRange = request.headers.get('if-range')
  if (ranges !== undefined && ifRange) {
    const asDate = Date.parse(ifRange)
    const current = Number.isNaN(asDate) ? ifRange.replace(/^"(.*)"$/, '$1') === v.hash : Math.floor(modifiedAt / 1000) * 1000 <= asDate
    if (!current) ranges = undefined
  }
  if (ranges === 'unsatisfiable') return pithosError(416, 'Requested range not satisfiable', ctx.errorFormat, { 'Content-Range': `bytes */${v.bytes}` })
  const read = (start: number, end: number): Uint8Array<ArrayBuffer> => ctx.blocks.read(v.hashes, v.bytes, start, end)
  if (!ranges) return new Response(head ? null : read(0, v.bytes), { status: 200, headers })
  if (ranges.length === 1) {
    const { start, end } = ranges[0]!
    const partial = { ...headers, 'Content-Length': String(end - start + 1), 'Content-Range': `bytes ${start}-${end}/${v.bytes}` }
    return new Response(head ? null : read(start, end + 1), { status: 206, headers: partial })
  }
  const boundary = randomBytes(16).toString('hex')
  const encoder = new TextEncoder()
  const parts: Uint8Array[] = []
  for (const { start, end } of ranges) {
    parts.push(encoder.encode(`--${boundary}\r\nContent-Type: ${v.contentType}\r\nContent-Range: bytes ${start}-${end}/${v.bytes}\r\n\r\n`), read(start, end + 1), encoder.encode('\r\n'))
  }
  parts.push(encoder.encode(`--${boundary}--\r\n`))
  const body = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  parts.reduce((at, p) => (body.set(p, at), at + p.byteLength), 0)
  const multi = { ...headers, 'Content-Type': `multipart/byteranges; boundary=${boundary}`, 'Content-Length': String(body.byteLength) }
  return new Response(head ? null : body, { status: 206, headers: multi })
}

/** The `version` query parameter: a version id, 'list', absent, or a 400. */
function versionParam(call: PithosCall): number | 'list' | undefined | Response {
  const raw = call.url.searchParams.get('version')
  if (raw === null) return undefined
  if (raw === 'list') return 'list'
  if (!/^\d+$/.test(raw)) return call.fail(400, `Invalid version: ${raw}`)
  return Number(raw)
}

/**
 * The hashmap of a version, as GET ?hashmap&format=json answers it. An empty object has one
 * block, the empty one, as Synnefo reports.
 * @example hashmapBody(ctx.blocks, version)
 */
export function hashmapBody(blocks: PithosBlockStore, v: PithosVersion): { block_size: number; block_hash: string; bytes: number; hashes: string[]; last_modified: string } {
  return {
    block_size: blocks.blockSize,
    block_hash: blocks.algorithm,
    bytes: v.bytes,
    hashes: v.bytes === 0 ? [blocks.emptyHash] : [...v.hashes],
    last_modified: isoDate(v.modifiedAt),
  }
}

/**
 * HEAD and GET on `/v1/<account>/<container>/<object>`: data, a version (`version=<id>`), the
 * state at a time (`until=<unix seconds>`), the version list (`version=list&format=json`), or the
 * hashmap (`hashmap&format=json`), under If-Match / If-None-Match / If-(Un)Modified-Since.
 * @example readObject(call, container, 'a.txt')
 */
export function readObject(call: PithosCall, container: PithosContainer, name: string): Response {
  const { store, blocks } = call.ctx
  const obj = container.objects.get(name)
  if (objectAccess(store, call.caller, call.account, container, name) === 'none') return call.fail(403, 'User does not have access to the object')
  const version = versionParam(call)
  if (version instanceof Response) return version
  if (version === 'list') {
    // The list is answered even for a deleted object: its history is still there.
    if (call.request.method !== 'GET' || call.format === 'text') return call.fail(400, 'No format specified for version list.')
    if (call.format === 'xml') return call.fail(400, 'The fake Pithos answers version lists as JSON, not XML')
    if (!obj || obj.history.length === 0) return call.fail(404, 'Object does not exist')
    const versions = obj.history.filter((v) => !v.deleted).map((v) => [v.id, unixSeconds(v.modifiedAt)])
    return Response.json({ versions })
  }
  const until = untilParam(call)
  if (until instanceof Response) return until
  const v = store.select(obj, { version, until })
  if (!obj || !v) return call.fail(404, version !== undefined && obj ? 'Version does not exist' : 'Object does not exist')
  const headers = objectHeaders(call, container, name, obj, v, version === undefined && until === undefined)
  const stop = preconditions(call.request, { etag: v.hash, modifiedAt: lastModified(obj) }, true)
  if (stop === 304) return new Response(null, { status: 304, headers: { ETag: v.hash } })
  if (stop === 412) return call.fail(412, 'Precondition Failed')
  if (call.request.method === 'GET' && call.url.searchParams.has('hashmap') && call.format !== 'text') {
    if (call.format === 'xml') return call.fail(400, 'The fake Pithos answers hashmaps as JSON, not XML')
    const body = JSON.stringify(hashmapBody(blocks, v))
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': String(Buffer.byteLength(body)) } })
  }
  return dataResponse(call.ctx, call.request, v, headers, lastModified(obj))
}

/**
 * GET and HEAD on `<prefix>/public/<id>`: a published object, without a token. Pithos ignores
 * the query and hides every X-Object-* header here.
 * @example publicRoute(ctx, request, 'aB3dE…')
 */
export function publicRoute(ctx: PithosContext, request: Request, id: string): Response {
  if (request.method !== 'GET' && request.method !== 'HEAD') return pithosError(405, 'Method not allowed', ctx.errorFormat, { Allow: 'GET,HEAD' })
  const loc = ctx.store.publicIds.get(id)
  const container = loc ? ctx.store.container(loc.account, loc.container) : undefined
  const obj = loc ? container?.objects.get(loc.name) : undefined
  const v = ctx.store.current(obj)
  if (!obj || !v) return pithosError(404, 'Object does not exist', ctx.errorFormat)
  const headers: Record<string, string> = {
    ETag: v.hash,
    'Content-Length': String(v.bytes),
    'Content-Type': v.contentType,
    'Last-Modified': httpDate(lastModified(obj)),
  }
  for (const k of ['Content-Encoding', 'Content-Disposition']) if (v.meta[k]) headers[k] = v.meta[k]
  const stop = preconditions(request, { etag: v.hash, modifiedAt: lastModified(obj) }, true)
  if (stop === 304) return new Response(null, { status: 304, headers: { ETag: v.hash } })
  if (stop === 412) return pithosError(412, 'Precondition Failed', ctx.errorFormat)
  return dataResponse(ctx, request, v, headers, lastModified(obj))
}
