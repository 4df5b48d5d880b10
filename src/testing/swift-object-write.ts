// src/testing/swift-object-write.ts — object PUT (plain, SLO manifest, DLO manifest), server-side copy and POST.
import { concatParts, corrupt } from './swift-body.js'
import { readBody } from './request-body.js'
import { quotePath } from './swift-bulk.js'
import { forAccount, refusal, type SwiftContext } from './swift-context.js'
import { emptyResponse, httpDate, isTrue, normalizeEtag, plainError, swiftError } from './swift-http.js'
import { STORED_OBJECT_HEADERS, checkMetadata, deleteAtFrom, guessContentType, metadataHeaders, objectMetadata } from './swift-meta.js'
import { objectBody, splitObjectPath } from './swift-segments.js'
import { buildManifest, sloFailureResponse, sloPutResponse } from './swift-slo.js'
import type { SwiftContainer, SwiftObject } from './swift-store.js'
import { archiveCurrent } from './swift-versions.js'

const storedHeaders = (headers: Headers): Map<string, string> => new Map(STORED_OBJECT_HEADERS.flatMap((h) => (headers.has(h) ? [[h, headers.get(h)!] as const] : [])))

const contentTypeOf = (headers: Headers, name: string): string => {
  const given = headers.get('content-type')
  return given && !isTrue(headers.get('x-detect-content-type')) ? given : guessContentType(name)
}

/** Checks shared by PUT and copy: the target container, the name, and request headers. */
function preflight(ctx: SwiftContext, container: string, name: string): { box: SwiftContainer; deleteAt: number | undefined } | Response {
  const denied = refusal(ctx.can('PUT', container, name))
  if (denied) return denied
  if (name.length > ctx.limits.maxObjectNameLength) return plainError(400, `Object name length of ${name.length} longer than ${ctx.limits.maxObjectNameLength}`)
  const box = ctx.store.container(ctx.account, container)
  if (!box) return swiftError(404)
  const h = ctx.request.headers
  const badMeta = checkMetadata(h, 'object', ctx.limits)
  if (badMeta) return badMeta
  const deleteAt = deleteAtFrom(h, ctx.now())
  if (deleteAt instanceof Response) return deleteAt
  const ifNoneMatch = h.get('if-none-match')
  if (ifNoneMatch !== null) {
    if (ifNoneMatch.trim() !== '*') return plainError(400, 'If-None-Match only supports *')
    if (box.get(name)) return swiftError(412)
  }
  if (ctx.features.has('dlo') && h.has('x-object-manifest')) {
    const value = h.get('x-object-manifest')!
    const cut = value.indexOf('/')
    if (cut <= 0 || cut === value.length - 1 || /[?&]/.test(value) || value[cut + 1] === '/') return swiftError(400, 'X-Object-Manifest must be in the format container/prefix')
  }
  return { box, deleteAt }
}

/** Stores an object (archiving the version it replaces) and answers 201 like Swift. */
function commit(ctx: SwiftContext, box: SwiftContainer, obj: SwiftObject, extra: Record<string, string> = {}): Response {
  const archived = archiveCurrent(ctx, box, obj.name)
  if (archived) return archived
  box.put(obj)
  return emptyResponse(201, { Etag: obj.etag, 'Last-Modified': httpDate(obj.timestamp), ...extra })
}

/**
 * PUT of an object: body md5 checked against a request ETag (422), 413 past max_file_size,
 * If-None-Match: * (412), X-Delete-At/After, X-Object-Manifest (DLO), `?multipart-manifest=put`
 * (SLO), and X-Copy-From (server-side copy).
 * @example return await putObject(ctx, 'photos', 'cat.jpg')
 */
export async function putObject(ctx: SwiftContext, container: string, name: string): Promise<Response> {
  const h = ctx.request.headers
  const q = ctx.url.searchParams
  const sloPut = q.get('multipart-manifest') === 'put' && ctx.features.has('slo')
  if (sloPut && h.has('x-copy-from')) return swiftError(405, 'Multipart Manifest PUTs cannot be COPY requests')
  if (h.has('x-copy-from')) {
    const source = parseSourcePath(h.get('x-copy-from')!, 'X-Copy-From header must be of the form <container name>/<object name>')
    if (source instanceof Response) return source
    const account = h.has('x-copy-from-account') ? decodeURIComponent(h.get('x-copy-from-account')!) : ctx.account
    return copyObject(ctx, { account, container: source[0], name: source[1] }, container, name)
  }
  if (!sloPut && ctx.features.has('slo') && h.has('x-static-large-object')) {
    return swiftError(400, 'X-Static-Large-Object is a reserved header. To create a static large object add query param multipart-manifest=put.')
  }
  const pre = preflight(ctx, container, name)
  if (pre instanceof Response) return pre
  const limit = sloPut ? ctx.limits.maxManifestSize : ctx.limits.maxFileSize
  const tooLarge = () => (sloPut ? swiftError(413, `Manifest File > ${ctx.limits.maxManifestSize} bytes`) : plainError(413, 'Your request is too large.'))
  const declared = Number(h.get('content-length') ?? NaN)
  if (declared > limit) return tooLarge()
  const body = await readBody(ctx.request, limit)
  if (body.tooLarge) return tooLarge()
  const data = ctx.corruptBody ? corrupt(body.data) : body.data
  const base = {
    contentType: contentTypeOf(h, name),
    meta: objectMetadata(h),
    headers: storedHeaders(h),
    ...(pre.deleteAt !== undefined ? { deleteAt: pre.deleteAt } : {}),
  }
  if (sloPut) {
    const built = buildManifest(ctx, `/${container}/${name}`, new TextDecoder().decode(data))
    const heartbeat = isTrue(q.get('heartbeat'))
    if ('status' in built) return sloFailureResponse(built, h.get('accept'), heartbeat)
    const obj = ctx.store.newObject(name, built.data, { ...base, slo: built.slo })
    const stored = commit(ctx, pre.box, obj)
    return stored.status === 201 ? sloPutResponse(built.slo.etag, httpDate(obj.timestamp), h.get('accept'), heartbeat) : stored
  }
  const obj = ctx.store.newObject(name, data, {
    ...base,
    ...(ctx.features.has('dlo') && h.has('x-object-manifest') ? { manifest: h.get('x-object-manifest')! } : {}),
  })
  const expected = normalizeEtag(h.get('etag'))
  if (expected !== undefined && expected.toLowerCase() !== obj.etag) return swiftError(422)
  return commit(ctx, pre.box, obj)
}

/** `container/object` from X-Copy-From or Destination (URL-quoted, optional leading slash). */
function parseSourcePath(value: string, message: string): [string, string] | Response {
  let decoded: string
  try {
    decoded = decodeURIComponent(value)
  } catch {
    return swiftError(412, message)
  }
  return splitObjectPath(`/${decoded.replace(/^\/+/, '')}`) ?? swiftError(412, message)
}

/**
 * COPY with a Destination (and optional Destination-Account): a PUT of the destination with
 * X-Copy-From, which is how Swift's copy middleware does it.
 * @example return copyRequest(ctx, 'photos', 'cat.jpg')
 */
export function copyRequest(ctx: SwiftContext, container: string, name: string): Promise<Response> | Response {
  const destination = ctx.request.headers.get('destination')
  if (!destination) return swiftError(412, 'Destination header required')
  const target = parseSourcePath(destination, 'Destination header must be of the form <container name>/<object name>')
  if (target instanceof Response) return target
  const destAccount = ctx.request.headers.get('destination-account')
  const dest = destAccount ? forAccount(ctx, decodeURIComponent(destAccount)) : ctx
  return copyObject(dest, { account: ctx.account, container, name }, target[0], target[1])
}

/**
 * Server-side copy into `ctx.account`: the source's bytes (an SLO's or DLO's concatenation,
 * or with `?multipart-manifest=get` the manifest itself, which stays a large object), its
 * metadata merged under the request's unless X-Fresh-Metadata, and X-Copied-From headers.
 * @example return copyObject(ctx, { account, container: 'a', name: 'x' }, 'b', 'y')
 */
export async function copyObject(ctx: SwiftContext, source: { account: string; container: string; name: string }, container: string, name: string): Promise<Response> {
  const h = ctx.request.headers
  if (Number(h.get('content-length') ?? 0) > 0) return plainError(400, 'Copy requests require a zero byte body')
  const denied = refusal(ctx.can('GET', source.container, source.name, source.account))
  if (denied) return denied
  const src = ctx.store.object(source.account, source.container, source.name)
  if (!src) return swiftError(404)
  const manifestGet = ctx.url.searchParams.get('multipart-manifest') === 'get'
  const body = objectBody(ctx, source.account, src, manifestGet)
  if (body instanceof Response) return body
  if (body.size > ctx.limits.maxFileSize) return swiftError(413)
  const pre = preflight(ctx, container, name)
  if (pre instanceof Response) return pre
  const fresh = isTrue(h.get('x-fresh-metadata'))
  const meta = new Map([...(fresh ? [] : src.meta), ...objectMetadata(h)])
  const headers = new Map([...(fresh ? [] : src.headers), ...storedHeaders(h)])
  const deleteAt = pre.deleteAt ?? (fresh ? undefined : src.deleteAt)
  const data = ctx.corruptBody ? corrupt(concatParts(body.parts)) : concatParts(body.parts)
  const obj = ctx.store.newObject(name, data, {
    contentType: h.get('content-type') ?? src.contentType,
    meta,
    headers,
    ...(deleteAt !== undefined ? { deleteAt } : {}),
    ...(manifestGet && src.slo ? { slo: src.slo } : {}),
    ...(manifestGet && src.manifest !== undefined ? { manifest: src.manifest } : {}),
  })
  // Swift sends the source ETag with the copy's PUT when the source is a plain object, so a
  // body corrupted on the way is refused there too.
  if (body.kind === 'plain' && obj.etag !== src.etag) return swiftError(422)
  return commit(ctx, pre.box, obj, {
    'X-Copied-From': quotePath(`${source.container}/${source.name}`),
    'X-Copied-From-Account': quotePath(source.account),
    'X-Copied-From-Last-Modified': httpDate(src.timestamp),
    ...metadataHeaders(meta, 'object'),
    // A copied manifest is stored through an SLO PUT, which answers with the SLO's ETag.
    ...(obj.slo ? { Etag: `"${obj.slo.etag}"` } : {}),
  })
}

/**
 * POST of an object: 202, and the request's metadata replaces all of the object's (Swift's
 * fast-POST), Content-Type may change, and X-Delete-At is kept only if sent again.
 * @example return postObject(ctx, 'photos', 'cat.jpg')
 */
export function postObject(ctx: SwiftContext, container: string, name: string): Response {
  const denied = refusal(ctx.can('POST', container, name))
  if (denied) return denied
  const obj = ctx.store.object(ctx.account, container, name)
  if (!obj) return swiftError(404)
  const h = ctx.request.headers
  const badMeta = checkMetadata(h, 'object', ctx.limits)
  if (badMeta) return badMeta
  const deleteAt = deleteAtFrom(h, ctx.now())
  if (deleteAt instanceof Response) return deleteAt
  const updated: SwiftObject = { ...obj, meta: objectMetadata(h), headers: storedHeaders(h), timestamp: ctx.store.tick() }
  delete updated.deleteAt
  if (deleteAt !== undefined) updated.deleteAt = deleteAt
  if (h.get('content-type')) updated.contentType = h.get('content-type')!
  ctx.store.container(ctx.account, container)!.put(updated)
  return emptyResponse(202)
}
