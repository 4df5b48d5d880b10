// src/testing/pithos-listing.ts — the fake Pithos's listings: sharing accounts, containers, and objects with prefix, delimiter, path and until.
import { formatPithosSharing, isShared, objectAccess, sharedContainers, sharingAccounts, visibleNames, effectiveSharing } from './pithos-access.js'
import type { PithosCall } from './pithos-context.js'
import { intParam, isoDate, unixSeconds } from './pithos-http.js'
import type { PithosContainer, PithosObject, PithosVersion } from './pithos-store.js'

/** Synnefo's API_LIST_LIMIT: the most entries one listing returns. */
const LIST_LIMIT = 10000

type Json = Record<string, unknown>

/** Applies marker and limit to sorted keys, as every Pithos listing does. */
function page<T>(entries: T[], key: (e: T) => string, call: PithosCall): T[] {
  const marker = call.url.searchParams.get('marker')
  const limit = Math.min(intParam(call.url, 'limit') || LIST_LIMIT, LIST_LIMIT)
  return entries.filter((e) => marker === null || key(e) > marker).slice(0, limit)
}

/**
 * A listing answer: names a line (204 when empty) or JSON (200 even when empty), with the level's
 * headers either way.
 * @example listingResponse(call, names, entries, headers)
 */
function listingResponse(call: PithosCall, names: string[], entries: Json[], headers: Record<string, string>): Response {
  if (call.format === 'json') return new Response(JSON.stringify(entries), { status: 200, headers: { ...headers, 'Content-Type': 'application/json; charset=UTF-8' } })
  if (call.format === 'xml') return call.fail(400, 'The fake Pithos answers listings as text or JSON, not XML')
  // The cloudfiles bindings Pithos stays compatible with expect 204 for an empty text listing.
  if (names.length === 0) return new Response(null, { status: 204, headers })
  return new Response(`${names.join('\n')}\n`, { status: 200, headers: { ...headers, 'Content-Type': 'text/plain; charset=UTF-8' } })
}

/**
 * GET on the service root with a token: the other accounts that share objects with the caller.
 * @example listSharingAccounts(call)
 */
export function listSharingAccounts(call: PithosCall): Response {
  const { store } = call.ctx
  const accounts = page(sharingAccounts(store, call.caller), (a) => a, call)
  const entries = accounts.map((name) => ({ name, last_modified: isoDate(store.account(name).modifiedAt) }))
  return listingResponse(call, accounts, entries, {})
}

/**
 * GET on an account: its containers (only those holding something shared with the caller, for
 * another user), with `shared` and `public` filters.
 * @example listContainers(call, headers, until)
 */
export function listContainers(call: PithosCall, headers: Record<string, string>, until: number | undefined): Response {
  const { store } = call.ctx
  const params = call.url.searchParams
  if (params.has('public') && !call.owner) return call.fail(403, 'Public container listing is not allowed to non path owners')
  let containers = call.owner ? [...store.account(call.account).containers.values()] : sharedContainers(store, call.caller, call.account)
  if (params.has('shared')) containers = containers.filter((c) => store.live(c).some(([name]) => isShared(store, c, name)))
  if (params.has('public')) containers = containers.filter((c) => store.live(c).some(([, , o]) => o.publicId !== undefined))
  containers = page(
    containers.sort((a, b) => (a.name < b.name ? -1 : 1)),
    (c) => c.name,
    call,
  )
  const entries = containers.map((c) => {
    const { count, bytes } = store.stats(c, until)
    return {
      name: c.name,
      count,
      bytes,
      last_modified: isoDate(c.modifiedAt),
      ...(until !== undefined ? { x_container_until_timestamp: isoDate(store.lastChange(c, until)) } : {}),
      x_container_policy: { quota: String(c.quota), versioning: c.versioning },
    }
  })
  return listingResponse(
    call,
    containers.map((c) => c.name),
    entries,
    headers,
  )
}

/**
 * One object's extended listing entry: Synnefo's field names, sharing for shared objects, the
 * public URL for the owner.
 * @example objectEntry(call, container, 'a.txt', version, obj, until)
 */
function objectEntry(call: PithosCall, container: PithosContainer, name: string, v: PithosVersion, obj: PithosObject, until: number | undefined): Json {
  const { store, prefix } = call.ctx
  const entry: Json = {
    name,
    hash: v.hash,
    bytes: v.bytes,
    content_type: v.contentType,
    ...(until === undefined ? { last_modified: isoDate(v.modifiedAt) } : {}),
    x_object_hash: v.hash,
    x_object_uuid: obj.uuid,
    x_object_version: v.id,
    x_object_version_timestamp: unixSeconds(v.modifiedAt).toFixed(6),
    x_object_modified_by: v.modifiedBy,
  }
  // Sharing and public information describe the present, so a time-travel listing omits them.
  if (until !== undefined) return entry
  const sharing = effectiveSharing(store, container, name)
  if (sharing && sharing.from === name) entry.x_object_sharing = formatPithosSharing(sharing.sharing)
  if (!call.owner) entry.x_object_allowed_to = objectAccess(store, call.caller, call.account, container, name)
  if (call.owner && obj.publicId) entry.x_object_public = `${prefix}/public/${obj.publicId}`
  return entry
}

/**
 * GET on a container: its objects, with prefix, delimiter (virtual `subdir` entries), path,
 * marker, limit, `shared`, `public` and `until`. Another user sees only what is shared with them.
 * @example listObjects(call, container, headers, until)
 */
export function listObjects(call: PithosCall, container: PithosContainer, headers: Record<string, string>, until: number | undefined): Response {
  const { store } = call.ctx
  const params = call.url.searchParams
  if (params.has('public') && !call.owner) return call.fail(403, 'Public object listing is not allowed to non path owners')
  const path = params.get('path')
  let prefix = path ?? params.get('prefix') ?? ''
  const delimiter = path !== null ? '/' : (params.get('delimiter') ?? '')
  // `path` lists one level without virtual directories; prefix+delimiter lists them.
  const virtual = path === null
  // Synnefo's naming policy: a prefix used with a delimiter names a directory, so it gets one.
  if (prefix && delimiter && !prefix.endsWith(delimiter)) prefix += delimiter
  prefix = prefix.replace(/^\/+/, '')

  const visible = call.owner ? undefined : visibleNames(store, call.caller, container)
  const objects = new Map<string, Json>()
  const subdirs = new Set<string>()
  for (const [name, v, obj] of store.live(container, until)) {
    if (!name.startsWith(prefix)) continue
    if (visible && !visible.has(name)) continue
    if (params.has('shared') && !isShared(store, container, name)) continue
    if (params.has('public') && !obj.publicId) continue
    const rest = name.slice(prefix.length)
    const at = delimiter ? rest.indexOf(delimiter) : -1
    if (at >= 0 && at + delimiter.length < rest.length) {
      if (virtual) subdirs.add(prefix + rest.slice(0, at + delimiter.length))
      continue
    }
    objects.set(name, objectEntry(call, container, name, v, obj, until))
  }
  // An object named like a virtual directory is listed as the object.
  const keys = [...new Set([...objects.keys(), ...subdirs])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const shown = page(keys, (k) => k, call)
  const entries = shown.map((k) => objects.get(k) ?? { subdir: k })
  return listingResponse(call, shown, entries, headers)
}
