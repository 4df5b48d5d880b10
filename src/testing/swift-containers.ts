// src/testing/swift-containers.ts — account and container requests: listings, counts, metadata, ACLs, versions, bulk delete.
import { bulkDelete } from './swift-bulk.js'
import { refusal, type SwiftContext } from './swift-context.js'
import { emptyResponse, httpDate, listingDate, plainError, swiftError, titleCase, xTimestamp } from './swift-http.js'
import { listNames, listingFormat, listingResponse, parseListingQuery } from './swift-listing.js'
import { checkMetadata, mergeMetadata, metadataHeaders } from './swift-meta.js'
import { deletePath } from './swift-object-read.js'
import { listedBytes, type SwiftContainer } from './swift-store.js'

/** Account headers: counts summed over containers, metadata (Temp-URL-Key included). */
function accountHeaders(ctx: SwiftContext): Record<string, string> {
  const account = ctx.store.account(ctx.account)
  const total = { containers: 0, objects: 0, bytes: 0 }
  const perPolicy: Record<string, string> = {}
  for (const c of account.containers.values()) {
    total.containers++
    total.objects += c.count
    total.bytes += c.bytes
    const p = `X-Account-Storage-Policy-${titleCase(c.policy.toLowerCase())}`
    for (const [k, n] of [['Container-Count', 1], ['Object-Count', c.count], ['Bytes-Used', c.bytes]] as const) perPolicy[`${p}-${k}`] = String(Number(perPolicy[`${p}-${k}`] ?? 0) + n)
  }
  return {
    'X-Account-Container-Count': String(total.containers),
    'X-Account-Object-Count': String(total.objects),
    'X-Account-Bytes-Used': String(total.bytes),
    ...perPolicy,
    'X-Timestamp': xTimestamp(account.created),
    'X-Put-Timestamp': xTimestamp(account.created),
    'Accept-Ranges': 'bytes',
    ...metadataHeaders(account.meta, 'account'),
  }
}

/**
 * Requests on an account: HEAD/GET (container listing), POST (metadata, or `?bulk-delete`).
 * Accounts exist as soon as they are named, as with account_autocreate.
 * @example return await accountRoute(ctx)
 */
export async function accountRoute(ctx: SwiftContext): Promise<Response> {
  const bulk = ctx.url.searchParams.has('bulk-delete') && ctx.features.has('bulk_delete')
  const decision = ctx.can(bulk ? 'POST' : ctx.method)
  const denied = refusal(decision)
  if (denied) return denied
  if (bulk && (ctx.method === 'POST' || ctx.method === 'DELETE')) return bulkDelete(ctx.request, (path) => deletePath(ctx, path), ctx.limits)
  if (ctx.method === 'HEAD') return emptyResponse(204, { ...accountHeaders(ctx), 'Content-Type': 'text/plain; charset=utf-8', Vary: 'Accept' })
  if (ctx.method === 'GET') {
    const q = parseListingQuery(ctx.url, ctx.limits.accountListingLimit)
    if (q instanceof Response) return q
    const format = listingFormat(ctx.url, ctx.request.headers)
    if (!format) return swiftError(406)
    const account = ctx.store.account(ctx.account)
    const entries = listNames(account.names(), q).map((e) => {
      if ('subdir' in e) return e
      const c = account.containers.get(e.name)!
      return { name: c.name, count: c.count, bytes: c.bytes, last_modified: listingDate(c.lastModified()) }
    })
    return listingResponse(ctx.url, format, 'account', ctx.account, entries, accountHeaders(ctx))
  }
  if (ctx.method === 'POST') {
    const bad = checkMetadata(ctx.request.headers, 'account', ctx.limits)
    if (bad) return bad
    mergeMetadata(ctx.store.account(ctx.account).meta, ctx.request.headers, 'account')
    return emptyResponse(204)
  }
  return swiftError(405)
}

/** Container headers; ACLs and versioning are shown to owners only, as Swift does. */
function containerHeaders(c: SwiftContainer, owner: boolean): Record<string, string> {
  const shown = new Map([...c.meta].filter(([k]) => owner || !k.startsWith('temp-url-key')))
  return {
    'X-Container-Object-Count': String(c.count),
    'X-Container-Bytes-Used': String(c.bytes),
    'X-Timestamp': xTimestamp(c.created),
    'X-Put-Timestamp': xTimestamp(c.created),
    'Last-Modified': httpDate(c.created),
    'X-Storage-Policy': c.policy,
    'Accept-Ranges': 'bytes',
    ...metadataHeaders(shown, 'container'),
    ...(owner && c.readAcl ? { 'X-Container-Read': c.readAcl } : {}),
    ...(owner && c.writeAcl ? { 'X-Container-Write': c.writeAcl } : {}),
    ...(c.versionsLocation ? { 'X-Versions-Location': c.versionsLocation } : {}),
    ...(c.historyLocation ? { 'X-History-Location': c.historyLocation } : {}),
  }
}

/** ACL and versioning headers of a container PUT or POST; an empty value clears. */
function containerSettings(ctx: SwiftContext): Response | ((c: SwiftContainer) => void) {
  const h = ctx.request.headers
  const versions = h.get('x-versions-location')
  const history = h.get('x-history-location')
  if (versions && history) return plainError(400, 'Only one of x-versions-location or x-history-location may be specified')
  if ((versions || history) && !ctx.features.has('versioned_writes')) return plainError(412, 'Versioned Writes is disabled')
  return (box) => {
    if (h.has('x-container-read')) box.readAcl = h.get('x-container-read') || undefined
    if (h.has('x-container-write')) box.writeAcl = h.get('x-container-write') || undefined
    if (h.has('x-remove-container-read')) box.readAcl = undefined
    if (h.has('x-remove-container-write')) box.writeAcl = undefined
    if (h.has('x-remove-versions-location') || h.has('x-remove-history-location') || versions === '' || history === '') {
      box.versionsLocation = undefined
      box.historyLocation = undefined
    }
    if (versions) [box.versionsLocation, box.historyLocation] = [decodeURIComponent(versions), undefined]
    if (history) [box.historyLocation, box.versionsLocation] = [decodeURIComponent(history), undefined]
    mergeMetadata(box.meta, h, 'container')
  }
}

/**
 * Requests on a container: PUT (201 new, 202 existing), POST (204), HEAD, GET (object
 * listing), DELETE (204, 404, or 409 while it holds objects).
 * @example return containerRoute(ctx, 'photos')
 */
export function containerRoute(ctx: SwiftContext, name: string): Response {
  const decision = ctx.can(ctx.method, name)
  const denied = refusal(decision)
  if (denied) return denied
  const owner = decision === 'owner'
  const box = ctx.store.container(ctx.account, name)
  const h = ctx.request.headers
  if (ctx.method === 'PUT' || ctx.method === 'POST') {
    if (ctx.method === 'POST' && !box) return swiftError(404)
    if (name.length > ctx.limits.maxContainerNameLength) return swiftError(400, `Container name length of ${name.length} longer than ${ctx.limits.maxContainerNameLength}`)
    const bad = checkMetadata(h, 'container', ctx.limits)
    if (bad) return bad
    const apply = containerSettings(ctx)
    if (apply instanceof Response) return apply
    const policy = h.get('x-storage-policy')
    if (ctx.method === 'PUT' && policy !== null) {
      const known = ctx.limits.policies.find((p) => p.toLowerCase() === policy.toLowerCase())
      if (!known) return plainError(400, `Invalid X-Storage-Policy '${policy}'`)
      if (box && box.policy !== known) return swiftError(409)
    }
    const policyName = ctx.limits.policies.find((p) => p.toLowerCase() === (policy ?? '').toLowerCase()) ?? ctx.limits.policies[0]!
    const { container, created } = box ? { container: box, created: false } : ctx.store.createContainer(ctx.account, name, policyName)
    apply(container)
    return emptyResponse(ctx.method === 'POST' ? 204 : created ? 201 : 202)
  }
  if (!box) return swiftError(404)
  if (ctx.method === 'HEAD') return emptyResponse(204, { ...containerHeaders(box, owner), 'Content-Type': 'text/plain; charset=utf-8', Vary: 'Accept' })
  if (ctx.method === 'GET') {
    const q = parseListingQuery(ctx.url, ctx.limits.containerListingLimit)
    if (q instanceof Response) return q
    const format = listingFormat(ctx.url, h)
    if (!format) return swiftError(406)
    const entries = listNames(box.names(), q).map((e) => {
      if ('subdir' in e) return e
      const o = box.get(e.name)!
      return {
        bytes: listedBytes(o),
        hash: o.etag,
        name: o.name,
        content_type: o.contentType,
        last_modified: listingDate(o.timestamp),
        ...(o.slo ? { slo_etag: `"${o.slo.etag}"` } : {}),
      }
    })
    return listingResponse(ctx.url, format, 'container', name, entries, containerHeaders(box, owner))
  }
  if (ctx.method === 'DELETE') {
    if (box.count > 0) return swiftError(409)
    ctx.store.account(ctx.account).deleteContainer(name)
    return emptyResponse(204)
  }
  return swiftError(405)
}
