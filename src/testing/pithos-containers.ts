// src/testing/pithos-containers.ts — the fake Pithos's account and container levels, including block uploads (POST ?update).
import { sharedContainers, visibleNames } from './pithos-access.js'
import { untilParam, type PithosCall } from './pithos-context.js'
import { httpDate, listBody, mergeMeta, prefixedHeaders } from './pithos-http.js'
import { listContainers, listObjects } from './pithos-listing.js'
import type { PithosContainer, PithosVersioning } from './pithos-store.js'

/** A container policy change from X-Container-Policy-* headers; `null` reverts a directive to its default. */
interface PolicyChange {
  versioning?: PithosVersioning | null
  quota?: number | null
}

/** Reads X-Container-Policy-* headers; a string is the 400 message for a bad one. */
function policyHeaders(headers: Headers): PolicyChange | string {
  const out: PolicyChange = {}
  for (const [key, value] of Object.entries(prefixedHeaders(headers, 'X-Container-Policy-'))) {
    const directive = key.slice('X-Container-Policy-'.length).toLowerCase()
    if (directive === 'versioning') {
      if (value !== '' && value !== 'auto' && value !== 'none') return `Invalid versioning policy: ${value}`
      out.versioning = value === '' ? null : value
    } else if (directive === 'quota') {
      if (value !== '' && !/^\d+$/.test(value)) return `Invalid quota policy: ${value}`
      out.quota = value === '' ? null : Number(value)
    } else if (directive !== 'project') {
      // Synnefo also takes a project policy (whose quota the bytes count against); the fake has no projects.
      return `Invalid policy directive: ${directive}`
    }
  }
  return out
}

/** Applies a policy change; with `replace`, directives not given revert to their defaults. */
function applyPolicy(container: PithosContainer, change: PolicyChange, replace: boolean): void {
  if (change.versioning !== undefined || replace) container.versioning = change.versioning ?? 'auto'
  if (change.quota !== undefined || replace) container.quota = change.quota ?? 0
}

/** The account headers of HEAD and GET; another user sees only the modification date. */
function accountHeaders(call: PithosCall, until: number | undefined): Record<string, string> {
  const { store } = call.ctx
  const account = store.account(call.account)
  const headers: Record<string, string> = { 'Last-Modified': httpDate(account.modifiedAt) }
  if (!call.owner) return headers
  const containers = [...account.containers.values()]
  headers['X-Account-Container-Count'] = String(containers.length)
  headers['X-Account-Bytes-Used'] = String(containers.reduce((n, c) => n + store.stats(c, until).bytes, 0))
  if (until !== undefined) headers['X-Account-Until-Timestamp'] = httpDate(Math.min(account.modifiedAt, until * 1000))
  for (const [k, v] of Object.entries(account.meta)) headers[k] = encodeURIComponent(v)
  for (const [g, members] of Object.entries(account.groups)) headers[`X-Account-Group-${g}`] = members.join(',')
  return headers
}

/**
 * HEAD, GET and POST on `/v1/<account>`. Accounts always exist (Synnefo creates them on first
 * use); another user may look only at an account that shares something with them.
 * @example accountRoute(call)
 */
export function accountRoute(call: PithosCall): Response {
  const { store } = call.ctx
  const method = call.request.method
  if (method === 'POST') {
    if (!call.owner) return call.fail(403, 'User does not have write access to the account')
    const account = store.account(call.account)
    const replace = !call.url.searchParams.has('update')
    account.meta = mergeMeta(account.meta, prefixedHeaders(call.request.headers, 'X-Account-Meta-'), replace)
    const groups = prefixedHeaders(call.request.headers, 'X-Account-Group-')
    // Groups change only when some are given; then `update` merges and an empty value deletes one.
    if (Object.keys(groups).length > 0) {
      const next: Record<string, string[]> = replace ? {} : { ...account.groups }
      for (const [key, value] of Object.entries(groups)) {
        const name = key.slice('X-Account-Group-'.length).toLowerCase()
        const members = value.split(',').map((m) => m.trim().toLowerCase()).filter(Boolean)
        if (members.length) next[name] = members
        else delete next[name]
      }
      account.groups = next
    }
    account.modifiedAt = call.ctx.clock.now()
    return new Response(null, { status: 202 })
  }
  if (method !== 'HEAD' && method !== 'GET') return call.fail(405, 'Method not allowed', { Allow: 'HEAD,GET,POST' })
  if (!call.owner && sharedContainers(store, call.caller, call.account).length === 0) return call.fail(403, 'User does not have read access to the account')
  const until = untilParam(call)
  if (until instanceof Response) return until
  const headers = accountHeaders(call, until)
  if (method === 'HEAD') return new Response(null, { status: 204, headers })
  return listContainers(call, headers, until)
}

/** The container headers of HEAD and GET; another user sees only the block parameters and the date. */
function containerHeaders(call: PithosCall, container: PithosContainer, until: number | undefined): Record<string, string> {
  const { store, blocks } = call.ctx
  const headers: Record<string, string> = {
    'X-Container-Block-Size': String(blocks.blockSize),
    'X-Container-Block-Hash': blocks.algorithm,
    'Last-Modified': httpDate(container.modifiedAt),
  }
  if (!call.owner) return headers
  const { count, bytes } = store.stats(container, until)
  headers['X-Container-Object-Count'] = String(count)
  headers['X-Container-Bytes-Used'] = String(bytes)
  headers['X-Container-Policy-Versioning'] = container.versioning
  headers['X-Container-Policy-Quota'] = String(container.quota)
  if (until !== undefined) headers['X-Container-Until-Timestamp'] = httpDate(store.lastChange(container, until))
  for (const [k, v] of Object.entries(container.meta)) headers[k] = encodeURIComponent(v)
  return headers
}

/**
 * POST on a container with an `application/octet-stream` body: the blocks of hashmap uploads.
 * The body is cut into blocks, each stored under its hash, and the hashes are answered in order.
 * Injected faults apply here: a failing block fails the whole request with 503 (nothing is
 * stored), and an armed corruption stores different bytes under their own hash.
 */
async function storeBlocks(call: PithosCall): Promise<Response | undefined> {
  const { blocks, counters } = call.ctx
  const type = (call.request.headers.get('content-type') ?? '').split(';')[0]!.trim()
  if (type !== 'application/octet-stream') return undefined
  const data = new Uint8Array(await call.request.arrayBuffer())
  if (data.byteLength === 0) return undefined
  counters.updateRequests++
  const parts = blocks.split(data)
  const failing = blocks.takeFailure(parts.map((b) => blocks.hash(b)))
  if (failing) return call.fail(503, `Failed to store block ${failing}`)
  const stored = parts.map((b) => blocks.put(blocks.maybeCorrupt(b)))
  return listBody(stored, call.format === 'json' ? 'json' : 'text', 202)
}

/**
 * HEAD, GET (listing), PUT, POST (metadata, policy, block uploads) and DELETE on
 * `/v1/<account>/<container>`. Only the owner may change a container; another user may list
 * what is shared with them.
 * @example containerRoute(call, 'pithos')
 */
export async function containerRoute(call: PithosCall, name: string): Promise<Response> {
  const { store } = call.ctx
  const method = call.request.method
  const container = store.container(call.account, name)
  if (method === 'PUT' || method === 'POST' || method === 'DELETE') {
    if (!call.owner) return call.fail(403, 'User does not have write access to the container')
  }
  if (method === 'PUT') {
    const policy = policyHeaders(call.request.headers)
    if (typeof policy === 'string') return call.fail(400, policy)
    const meta = prefixedHeaders(call.request.headers, 'X-Container-Meta-')
    const existing = container !== undefined
    const target = container ?? store.createContainer(call.account, name)
    applyPolicy(target, policy, !existing)
    target.meta = mergeMeta(target.meta, meta, false)
    // An existing container answers 202: PUT on it is a POST with `update`.
    return new Response(null, { status: existing ? 202 : 201 })
  }
  if (!container) return call.fail(404, 'Container does not exist')
  if (method === 'POST') {
    const policy = policyHeaders(call.request.headers)
    if (typeof policy === 'string') return call.fail(400, policy)
    const replace = !call.url.searchParams.has('update')
    if (policy.versioning !== undefined || policy.quota !== undefined) applyPolicy(container, policy, replace)
    const meta = prefixedHeaders(call.request.headers, 'X-Container-Meta-')
    // Without `update` this wipes the metadata not sent, block uploads included: Synnefo does so.
    if (Object.keys(meta).length > 0 || replace) container.meta = mergeMeta(container.meta, meta, replace)
    return (await storeBlocks(call)) ?? new Response(null, { status: 202 })
  }
  if (method === 'DELETE') {
    const until = untilParam(call)
    if (until instanceof Response) return until
    if (until !== undefined) {
      store.purge(container, until)
      return new Response(null, { status: 204 })
    }
    if (store.stats(container).count > 0) return call.fail(409, 'Container is not empty')
    store.deleteContainer(call.account, name)
    return new Response(null, { status: 204 })
  }
  if (method !== 'HEAD' && method !== 'GET') return call.fail(405, 'Method not allowed', { Allow: 'HEAD,GET,PUT,POST,DELETE' })
  if (!call.owner && visibleNames(store, call.caller, container).size === 0) return call.fail(403, 'User does not have read access to the container')
  const until = untilParam(call)
  if (until instanceof Response) return until
  const headers = containerHeaders(call, container, until)
  if (method === 'HEAD') return new Response(null, { status: 204, headers })
  return listObjects(call, container, headers, until)
}
