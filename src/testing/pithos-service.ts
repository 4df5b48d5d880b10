// src/testing/pithos-service.ts — createFakePithos(): the fake Pithos as a service of the fake cloud, with its test-facing controls.
import type { FakeService } from './cloud.js'
import type { FakeClock } from './clock.js'
import { authorize } from './keystone-routes.js'
import type { FakeKeystone } from './keystone-state.js'
import { pithosCaller } from './pithos-access.js'
import { PithosBlockStore, type BlockFailureOptions } from './pithos-blocks.js'
import { accountRoute, containerRoute } from './pithos-containers.js'
import { pithosCall, type PithosContext } from './pithos-context.js'
import { httpDate, pithosError, pithosRequestId, type PithosErrorFormat } from './pithos-http.js'
import { listSharingAccounts } from './pithos-listing.js'
import { publicRoute, readObject } from './pithos-object-read.js'
import { deleteCopyMove, postObject, putObject } from './pithos-object-write.js'
import { PithosStore, type PithosVersion } from './pithos-store.js'

/**
 * Options of {@link createFakePithos}: the cloud's Keystone and clock, and the storage backend's
 * block parameters.
 * @example createFakePithos({ keystone: cloud.keystone, clock: cloud.clock, blockSize: 1024 })
 */
export interface FakePithosOptions {
  keystone: FakeKeystone
  clock: FakeClock
  /** X-Container-Block-Size. Default 4 MiB, Synnefo's default; small values make multi-block tests cheap. */
  blockSize?: number
  /** X-Container-Block-Hash, a Node hash name. Default `sha256`. */
  blockHash?: string
  /** Error bodies as text (default) or as Synnefo's JSON faults. */
  errorFormat?: PithosErrorFormat
}

/**
 * A stateful fake Pithos (GRNET Synnefo's object store) for the fake cloud, plus the hooks tests
 * use to look inside it and to break block uploads.
 * @example
 * const pithos = createFakePithos({ keystone: cloud.keystone, clock: cloud.clock, blockSize: 1024 })
 * cloud.addService(pithos.service)
 * pithos.failBlock(hash, { times: 'always' })
 */
export interface FakePithos {
  /** Catalog type `pithos` at `/pithos/v1/<project id>`; register it with `cloud.addService()`. */
  readonly service: FakeService
  readonly store: PithosStore
  readonly blocks: PithosBlockStore
  readonly blockSize: number
  /** Block uploads received (container POSTs with an octet-stream body), failed ones included. */
  readonly updateRequests: number
  /** Distinct blocks stored, over all accounts. @example expect(pithos.blockCount()).toBe(3) */
  blockCount(): number
  /** Whether a block is stored. @example expect(pithos.hasBlock(h)).toBe(true) */
  hasBlock(hash: string): boolean
  /** Makes POST ?update requests carrying this block answer 503, `times` times (default once) or always. @example pithos.failBlock(h, { times: 2 }) */
  failBlock(hash: string, opts?: BlockFailureOptions): void
  /** Stores the next block a POST ?update carries as corrupted bytes, under their hash, so the reply's hash differs from the client's. @example pithos.corruptNextBlock() */
  corruptNextBlock(): void
  /** Drops the faults injected with failBlock() and corruptNextBlock(). @example pithos.clearFaults() */
  clearFaults(): void
  /** The bytes of an object (its current version, or the one selected). @example pithos.objectBytes('demo-project-id', 'pithos', 'a.txt') */
  objectBytes(account: string, container: string, name: string, sel?: { version?: number; until?: number }): Uint8Array | undefined
  /** Every version of an object, oldest first (deletion markers left out). @example pithos.objectVersions(acct, 'c', 'a.txt').length */
  objectVersions(account: string, container: string, name: string): PithosVersion[]
  /** The account's containers. @example pithos.containerNames('demo-project-id') */
  containerNames(account: string): string[]
  /** The container's live objects. @example pithos.objectNames('demo-project-id', 'pithos') */
  objectNames(account: string, container: string): string[]
  /** The public path of a published object (`/pithos/public/<id>`). @example pithos.publicPath(acct, 'c', 'a.txt') */
  publicPath(account: string, container: string, name: string): string | undefined
}

const PREFIX = '/pithos'

/** Percent-decodes a path segment, or undefined when it is not valid percent-encoding. */
function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/** Routes one request under the prefix; `rest` is the raw path after it. */
async function dispatch(ctx: PithosContext, keystone: FakeKeystone, request: Request, rest: string): Promise<Response> {
  const fail = (status: number, message: string, headers?: Record<string, string>): Response => pithosError(status, message, ctx.errorFormat, headers)
  const pub = /^\/public\/([^/]+)\/?$/.exec(rest)
  if (pub) return publicRoute(ctx, request, pub[1]!)
  const m = /^\/v1(?:\/([^/]+)(?:\/([^/]+)(?:\/(.*))?)?)?\/?$/.exec(rest)
  if (!m) return fail(404, `Not Found: ${PREFIX}${rest}`)

  let auth = authorize(keystone, request)
  // Pithos also takes the token as a query parameter (HTML form uploads use it).
  const param = new URL(request.url).searchParams.get('X-Auth-Token')
  if (auth instanceof Response && !request.headers.has('x-auth-token') && param) auth = authorize(keystone, new Request(request.url, { headers: { 'X-Auth-Token': param } }))
  if (auth instanceof Response) return fail(401, request.headers.has('x-auth-token') || param ? 'Invalid or expired token' : 'Access denied. No authentication token')
  const caller = pithosCaller(auth)

  const [account, container, name] = [m[1], m[2], m[3]].map((s) => (s === undefined || s === '' ? undefined : decode(s)))
  if ((m[1] && account === undefined) || (m[2] && container === undefined) || (m[3] && name === undefined)) return fail(400, 'Invalid percent-encoding in the path')
  if (account === undefined) {
    if (request.method !== 'GET') return fail(405, 'Method not allowed', { Allow: 'GET' })
    return listSharingAccounts(pithosCall(ctx, request, caller, ''))
  }
  if (container !== undefined && container.length > 256) return fail(400, 'Container name too large')
  if (name !== undefined && name.length > 1024) return fail(400, 'Object name too large.')
  const call = pithosCall(ctx, request, caller, account, container, name)
  if (container === undefined) return accountRoute(call)
  if (name === undefined) return containerRoute(call, container)

  switch (request.method) {
    case 'HEAD':
    case 'GET': {
      const c = ctx.store.container(account, container)
      if (!c) return call.owner ? call.fail(404, 'Container does not exist') : call.fail(403, 'User does not have access to the object')
      return readObject(call, c, name)
    }
    case 'PUT':
      return putObject(call, container, name)
    case 'POST':
      return postObject(call, container, name)
    case 'DELETE':
    case 'COPY':
    case 'MOVE':
      return deleteCopyMove(call, container, name)
    default:
      return call.fail(405, 'Method not allowed', { Allow: 'HEAD,GET,PUT,POST,DELETE,COPY,MOVE' })
  }
}

/**
 * Creates a fake Pithos. Accounts are Keystone project ids: the catalog lists
 * `/pithos/v1/%(project_id)s`, which the fake Keystone fills with the token's project, so a
 * token works on its own project's account, and on others' only through X-Object-Sharing (or
 * public objects). Sharing entries may name user ids, project ids, `<account>:<group>` or `*`.
 * @example
 * const cloud = await createFakeCloud()
 * const pithos = createFakePithos({ keystone: cloud.keystone, clock: cloud.clock, blockSize: 1024 })
 * cloud.addService(pithos.service)
 * // PUT ${cloud.baseUrl}/pithos/v1/demo-project-id/pithos/a.txt?hashmap&format=json → 409 [missing hashes]
 */
export function createFakePithos(opts: FakePithosOptions): FakePithos {
  const blocks = new PithosBlockStore(opts.blockSize ?? 4 * 1024 * 1024, opts.blockHash ?? 'sha256')
  const store = new PithosStore(() => opts.clock.now())
  const ctx: PithosContext = { store, blocks, clock: opts.clock, prefix: PREFIX, errorFormat: opts.errorFormat ?? 'text', counters: { updateRequests: 0 } }
  const service: FakeService = {
    type: 'pithos',
    name: 'pithos',
    prefix: PREFIX,
    catalogPath: `${PREFIX}/v1/%(project_id)s`,
    route: async (request, rest) => {
      const response = await dispatch(ctx, opts.keystone, request, rest)
      // Every answer carries a request id and a date, errors included, as the real server's do.
      response.headers.set('X-Request-Id', pithosRequestId())
      response.headers.set('Date', httpDate(opts.clock.now()))
      return response
    },
  }
  const objectOf = (account: string, container: string, name: string) => store.container(account, container)?.objects.get(name)
  return {
    service,
    store,
    blocks,
    blockSize: blocks.blockSize,
    get updateRequests() {
      return ctx.counters.updateRequests
    },
    blockCount: () => blocks.size,
    hasBlock: (hash) => blocks.has(hash),
    failBlock: (hash, o) => blocks.failBlock(hash, o),
    corruptNextBlock: () => blocks.corruptNextBlock(),
    clearFaults: () => blocks.clearFaults(),
    objectBytes: (account, container, name, sel = {}) => {
      const v = store.select(objectOf(account, container, name), sel)
      return v && blocks.read(v.hashes, v.bytes, 0, v.bytes)
    },
    objectVersions: (account, container, name) => (objectOf(account, container, name)?.history ?? []).filter((v) => !v.deleted),
    containerNames: (account) => [...(store.accounts.get(account)?.containers.keys() ?? [])].sort(),
    objectNames: (account, container) => {
      const c = store.container(account, container)
      return c ? store.live(c).map(([name]) => name) : []
    },
    publicPath: (account, container, name) => {
      const id = objectOf(account, container, name)?.publicId
      return id && `${PREFIX}/public/${id}`
    },
  }
}
