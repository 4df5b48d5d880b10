// src/testing/pithos-object-write.ts — the fake Pithos's object writes: PUT (data, ?hashmap, copy/move), POST, DELETE, COPY, MOVE.
import { createHash } from 'node:crypto'
import { objectAccess, parsePithosSharing, type PithosSharing } from './pithos-access.js'
import { merkleHash } from './pithos-blocks.js'
import { untilParam, type PithosCall } from './pithos-context.js'
import { listBody, mergeMeta, objectMetaHeaders, preconditions } from './pithos-http.js'
import type { PithosContainer, PithosObject, PithosVersion } from './pithos-store.js'

/** A write target, resolved and checked: the container exists and the caller may write the path. */
interface Target {
  account: string
  container: PithosContainer
  name: string
}

/** Resolves a path the caller wants to write: 404 for the owner's missing container, 403 without write access. */
function writable(call: PithosCall, account: string, containerName: string, name: string): Target | Response {
  const container = call.ctx.store.container(account, containerName)
  const owner = call.caller.account === account
  if (!container) return owner ? call.fail(404, 'Container does not exist') : call.fail(403, 'User does not have write access to the object')
  const access = objectAccess(call.ctx.store, call.caller, account, container, name)
  if (access !== 'owner' && access !== 'write') return call.fail(403, 'User does not have write access to the object')
  return { account, container, name }
}

/** X-Object-Sharing and X-Object-Public of a request for a path of `account`: undefined when absent (no change), a Response for a bad value. */
function pathOptions(call: PithosCall, account: string): { sharing: PithosSharing | undefined; publish: boolean | undefined } | Response {
  const sharingHeader = call.request.headers.get('x-object-sharing')
  const sharing = sharingHeader === null ? undefined : parsePithosSharing(sharingHeader)
  if (sharingHeader !== null && !sharing) return call.fail(400, 'Bad X-Object-Sharing header value')
  const publicHeader = call.request.headers.get('x-object-public')?.replace(/\s/g, '').toLowerCase()
  if (publicHeader !== undefined && !['true', 'false', ''].includes(publicHeader)) return call.fail(400, 'Bad X-Object-Public header value')
  // Only the owner may change who can see an object.
  if ((sharing || publicHeader !== undefined) && call.caller.account !== account) return call.fail(403, 'Only the owner may change sharing or publication')
  return { sharing, publish: publicHeader === undefined ? undefined : publicHeader === 'true' }
}

/** Applies sharing and publication to a path, as every write that carries them does. */
function applyPathOptions(call: PithosCall, t: Target, opts: { sharing: PithosSharing | undefined; publish: boolean | undefined }): void {
  const obj = t.container.objects.get(t.name)
  if (!obj) return
  if (opts.sharing) obj.sharing = opts.sharing.read.length || opts.sharing.write.length ? opts.sharing : undefined
  if (opts.publish !== undefined) call.ctx.store.setPublic({ account: t.account, container: t.container.name, name: t.name }, obj, opts.publish)
}

/** 413 when the write would take the container over its quota (0 is unlimited). */
function overQuota(call: PithosCall, t: Target, bytes: number): Response | undefined {
  if (t.container.quota === 0) return undefined
  const { store } = call.ctx
  const used = store.stats(t.container).bytes - (store.current(t.container.objects.get(t.name))?.bytes ?? 0)
  return used + bytes > t.container.quota ? call.fail(413, `Quota error: ${used + bytes} bytes exceed the container quota of ${t.container.quota}`) : undefined
}

/** The If-Match / If-None-Match check of a write against the current object: 412 or nothing. */
function writeConditions(call: PithosCall, obj: PithosObject | undefined): Response | undefined {
  const cur = call.ctx.store.current(obj)
  const stop = preconditions(call.request, cur ? { etag: cur.hash, modifiedAt: cur.modifiedAt } : undefined, false)
  return stop ? call.fail(412, 'Precondition Failed') : undefined
}

/** `/container/object` (leading slash optional) as its parts. */
function splitPath(value: string): [string, string] | undefined {
  const m = /^\/?([^/]+)\/(.+)$/.exec(value)
  if (!m) return undefined
  try {
    return [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)]
  } catch {
    return undefined
  }
}

/**
 * Copies or moves an object version to a target. Metadata is carried over and updated with the
 * request's; the content type is the request's unless absent or `ignore_content_type` is set;
 * sharing and publication are not copied. A move keeps the object's UUID.
 */
function copyOrMove(call: PithosCall, src: { account: string; path: string; version?: string | null }, dest: Target, move: boolean): Response {
  const { store } = call.ctx
  const parts = splitPath(src.path)
  if (!parts) return call.fail(400, `Invalid source path: ${src.path}`)
  const [srcContainerName, srcName] = parts
  const srcContainer = store.container(src.account, srcContainerName)
  if (!srcContainer) return call.fail(call.caller.account === src.account ? 404 : 403, 'Source container does not exist')
  const access = objectAccess(store, call.caller, src.account, srcContainer, srcName)
  if (access === 'none' || (move && access === 'read')) return call.fail(403, `User does not have ${move ? 'write' : 'read'} access to the source object`)
  const srcObj = srcContainer.objects.get(srcName)
  let version: PithosVersion | undefined
  if (src.version) {
    if (move || !/^\d+$/.test(src.version)) return call.fail(400, `Invalid source version: ${src.version}`)
    version = store.version(srcObj, Number(src.version))
  } else {
    version = store.current(srcObj)
  }
  if (!srcObj || !version) return call.fail(404, src.version ? 'Source version does not exist' : 'Source object does not exist')
  const opts = pathOptions(call, dest.account)
  if (opts instanceof Response) return opts
  const quota = overQuota(call, dest, version.bytes)
  if (quota) return quota
  const requestType = call.url.searchParams.has('ignore_content_type') ? null : call.request.headers.get('content-type')
  const written = store.write(
    dest.container,
    dest.name,
    { ...version, contentType: requestType || version.contentType, meta: mergeMeta(version.meta, objectMetaHeaders(call.request.headers), false), modifiedBy: call.caller.userId },
    move ? { uuid: srcObj.uuid } : {},
  )
  applyPathOptions(call, dest, opts)
  if (move && !(src.account === dest.account && srcContainer === dest.container && srcName === dest.name)) store.remove(srcContainer, srcName, call.caller.userId)
  return new Response(null, { status: 201, headers: { 'X-Object-Version': String(written.id) } })
}

/** The hashes and size a hashmap PUT body describes, or the 400 for a bad one. */
async function hashmapOf(call: PithosCall): Promise<{ bytes: number; hashes: string[] } | Response> {
  let body: unknown
  try {
    body = JSON.parse(await call.request.text())
  } catch {
    return call.fail(400, 'Invalid data formatting')
  }
  const d = typeof body === 'object' && body !== null ? (body as { bytes?: unknown; hashes?: unknown }) : {}
  const bytes = typeof d.bytes === 'string' && /^\d+$/.test(d.bytes) ? Number(d.bytes) : d.bytes
  if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 0 || !Array.isArray(d.hashes)) return call.fail(400, 'Invalid data formatting')
  const hashes: string[] = []
  for (const h of d.hashes) {
    if (typeof h !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(h)) return call.fail(400, `Invalid hash: ${String(h)}`)
    hashes.push(h.toLowerCase())
  }
  const { blocks } = call.ctx
  // Synnefo's _size_is_consistent: exactly the blocks `bytes` needs; an empty object may list the empty block.
  const consistent = bytes === 0 ? hashes.length === 0 || (hashes.length === 1 && hashes[0] === blocks.emptyHash) : hashes.length === Math.ceil(bytes / blocks.blockSize)
  if (!consistent) return call.fail(400, "The object's size does not match with the object's hashmap length")
  return { bytes, hashes: bytes === 0 ? [] : hashes }
}

/**
 * PUT on an object: `X-Copy-From` / `X-Move-From` (with X-Source-Account, X-Source-Version), a
 * hashmap (`?hashmap&format=json`, body `{bytes, hashes}`: 201 when every block is known, else
 * 409 with the missing ones), or the data itself. Each write is a new version.
 * @example await putObject(call, 'pithos', 'a.txt')
 */
export async function putObject(call: PithosCall, containerName: string, name: string): Promise<Response> {
  const t = writable(call, call.account, containerName, name)
  if (t instanceof Response) return t
  const { store, blocks } = call.ctx
  const unmet = writeConditions(call, t.container.objects.get(name))
  if (unmet) return unmet
  const from = call.request.headers.get('x-move-from') ?? call.request.headers.get('x-copy-from')
  if (from !== null) {
    const move = call.request.headers.has('x-move-from')
    const srcAccount = call.request.headers.get('x-source-account') ?? call.caller.account ?? call.account
    return copyOrMove(call, { account: srcAccount, path: from, version: call.request.headers.get('x-source-version') }, t, move)
  }
  const contentType = call.request.headers.get('content-type')
  if (!contentType) return call.fail(411, 'Missing Content-Type header')
  const opts = pathOptions(call, t.account)
  if (opts instanceof Response) return opts
  let bytes: number
  let hashes: string[]
  if (call.url.searchParams.has('hashmap')) {
    const map = await hashmapOf(call)
    if (map instanceof Response) return map
    const missing = blocks.missing(map.hashes)
    if (missing.length) return listBody(missing, call.format === 'json' ? 'json' : 'text', 409)
    const quota = overQuota(call, t, map.bytes)
    if (quota) return quota
    ;({ bytes, hashes } = map)
  } else {
    const data = new Uint8Array(await call.request.arrayBuffer())
    const etag = call.request.headers.get('etag')?.replace(/^"(.*)"$/, '$1').toLowerCase()
    if (etag && etag !== createHash('md5').update(data).digest('hex')) return call.fail(422, 'Object ETag does not match')
    const quota = overQuota(call, t, data.byteLength)
    if (quota) return quota
    bytes = data.byteLength
    hashes = blocks.putData(data)
  }
  const v = store.write(t.container, name, { bytes, hashes, hash: merkleHash(hashes, blocks.algorithm), contentType, meta: objectMetaHeaders(call.request.headers), modifiedBy: call.caller.userId })
  applyPathOptions(call, t, opts)
  return new Response(null, { status: 201, headers: { ETag: v.hash, 'X-Object-Version': String(v.id) } })
}

/** Parses a POST's Content-Range as Pithos takes it: `bytes a-b/*`, `bytes a-/*`, or a star for the range to append. */
function contentRange(header: string): { offset: number | undefined; length: number | undefined; total: number | undefined } | undefined {
  const m = /^bytes\s+(?:\*|(\d+)-(\d*))\/(\*|\d+)$/.exec(header.trim())
  if (!m) return undefined
  const offset = m[1] === undefined ? undefined : Number(m[1])
  const length = m[2] ? Number(m[2]) - Number(m[1]) + 1 : undefined
  if (length !== undefined && length < 1) return undefined
  return { offset, length, total: m[3] === '*' ? undefined : Number(m[3]) }
}

/** A POST that changes data: write, append or truncate in place (Content-Range, X-Object-Bytes, X-Source-Object). */
async function updateData(call: PithosCall, t: Target, cur: PithosVersion, replace: boolean, opts: Parameters<typeof applyPathOptions>[2]): Promise<Response> {
  const { store, blocks } = call.ctx
  const range = call.request.headers.get('content-range')
  if (!range) return call.fail(400, 'Missing Content-Range header')
  const parsed = contentRange(range)
  if (!parsed) return call.fail(416, 'Invalid Content-Range header')
  const offset = parsed.offset ?? cur.bytes
  if (offset > cur.bytes) return call.fail(416, 'Supplied offset is beyond object limits')
  let data: Uint8Array
  const source = call.request.headers.get('x-source-object')
  if (source) {
    const parts = splitPath(source)
    const srcAccount = call.request.headers.get('x-source-account') ?? call.account
    const srcContainer = parts ? store.container(srcAccount, parts[0]) : undefined
    if (!parts || !srcContainer) return call.fail(400, 'Invalid source object')
    if (objectAccess(store, call.caller, srcAccount, srcContainer, parts[1]) === 'none') return call.fail(403, 'User does not have read access to the source object')
    const srcVersion = call.request.headers.get('x-source-version')
    const src = store.select(srcContainer.objects.get(parts[1]), { version: srcVersion ? Number(srcVersion) : undefined })
    if (!src) return call.fail(404, 'Source object does not exist')
    if (parsed.length !== undefined && parsed.length > src.bytes) return call.fail(400, 'Object length is smaller than range length')
    data = blocks.read(src.hashes, src.bytes, 0, parsed.length ?? src.bytes)
  } else {
    data = new Uint8Array(await call.request.arrayBuffer())
    if (parsed.length !== undefined && parsed.length !== data.byteLength) return call.fail(400, 'Content length does not match range length')
  }
  if (parsed.total !== undefined && (parsed.total !== cur.bytes || offset + data.byteLength > cur.bytes)) {
    return call.fail(416, 'Supplied range will change provided object limits')
  }
  const rawBytes = call.request.headers.get('x-object-bytes')
  if (rawBytes !== null && !/^\d+$/.test(rawBytes)) return call.fail(400, 'Invalid X-Object-Bytes header')
  const old = blocks.read(cur.hashes, cur.bytes, 0, cur.bytes)
  let size = Math.max(cur.bytes, offset + data.byteLength)
  if (rawBytes !== null) size = Math.min(size, Number(rawBytes))
  const next = new Uint8Array(Math.max(cur.bytes, offset + data.byteLength))
  next.set(old)
  next.set(data, offset)
  const content = next.subarray(0, size)
  const quota = overQuota(call, t, content.byteLength)
  if (quota) return quota
  const hashes = blocks.putData(content)
  const meta = mergeMeta(cur.meta, objectMetaHeaders(call.request.headers), replace)
  const v = store.write(t.container, t.name, { ...cur, bytes: content.byteLength, hashes, hash: merkleHash(hashes, blocks.algorithm), meta, modifiedBy: call.caller.userId })
  applyPathOptions(call, t, opts)
  return new Response(null, { status: 204, headers: { ETag: v.hash, 'X-Object-Version': String(v.id) } })
}

/**
 * POST on an object: metadata (replaced, or merged with `update`; either way a new version),
 * X-Object-Sharing, X-Object-Public; with `Content-Type: application/octet-stream` or
 * X-Source-Object, an in-place data update.
 * @example await postObject(call, 'pithos', 'a.txt')
 */
export async function postObject(call: PithosCall, containerName: string, name: string): Promise<Response> {
  const t = writable(call, call.account, containerName, name)
  if (t instanceof Response) return t
  const { store } = call.ctx
  const obj = t.container.objects.get(name)
  const cur = store.current(obj)
  if (!obj || !cur) return call.fail(404, 'Object does not exist')
  const unmet = writeConditions(call, obj)
  if (unmet) return unmet
  const opts = pathOptions(call, t.account)
  if (opts instanceof Response) return opts
  const replace = !call.url.searchParams.has('update')
  const type = (call.request.headers.get('content-type') ?? '').split(';')[0]!.trim()
  if (type === 'application/octet-stream' || call.request.headers.has('x-source-object')) return updateData(call, t, cur, replace, opts)
  applyPathOptions(call, t, opts)
  const meta = objectMetaHeaders(call.request.headers)
  // Synnefo rewrites metadata whenever `update` is absent, so a sharing-only POST without it clears X-Object-Meta-*.
  if (Object.keys(meta).length === 0 && !replace) return new Response(null, { status: 202 })
  const v = store.write(t.container, name, { ...cur, meta: mergeMeta(cur.meta, meta, replace), modifiedBy: call.caller.userId })
  return new Response(null, { status: 202, headers: { 'X-Object-Version': String(v.id) } })
}

/**
 * DELETE on an object (a deletion marker; `until` purges its history up to then instead), and
 * COPY / MOVE with `Destination: /container/object` (and Destination-Account).
 * @example deleteCopyMove(call, 'pithos', 'a.txt')
 */
export function deleteCopyMove(call: PithosCall, containerName: string, name: string): Response {
  const { store } = call.ctx
  if (call.request.method === 'DELETE') {
    const t = writable(call, call.account, containerName, name)
    if (t instanceof Response) return t
    const until = untilParam(call)
    if (until instanceof Response) return until
    if (until !== undefined) {
      store.purge(t.container, until, name)
      return new Response(null, { status: 204 })
    }
    return store.remove(t.container, name, call.caller.userId) ? new Response(null, { status: 204 }) : call.fail(404, 'Object does not exist')
  }
  const destination = call.request.headers.get('destination')
  const parts = destination ? splitPath(destination) : undefined
  if (!parts) return call.fail(400, 'Missing or invalid Destination header')
  const destAccount = call.request.headers.get('destination-account') ?? call.caller.account ?? call.account
  const t = writable(call, destAccount, parts[0], parts[1])
  if (t instanceof Response) return t
  const unmet = writeConditions(call, store.container(call.account, containerName)?.objects.get(name))
  if (unmet) return unmet
  const move = call.request.method === 'MOVE'
  const src = { account: call.account, path: `/${encodeURIComponent(containerName)}/${encodeURIComponent(name)}`, version: move ? null : call.request.headers.get('x-source-version') }
  return copyOrMove(call, src, t, move)
}
