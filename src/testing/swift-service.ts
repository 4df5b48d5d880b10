// src/testing/swift-service.ts — FakeSwift: the fake object store's routing, auth resolution and test-facing helpers.
import type { FakeService } from './cloud.js'
import type { FakeClock } from './clock.js'
import { authorize } from './keystone-routes.js'
import type { FakeKeystone } from './keystone-state.js'
import { FakeTempauth, keystonePrincipal, type SwiftPrincipal } from './swift-auth.js'
import { concatParts } from './swift-body.js'
import { accountRoute, containerRoute } from './swift-containers.js'
import { swiftContext, type SwiftContext } from './swift-context.js'
import { FakeSwiftFaults } from './swift-faults.js'
import { emptyResponse, newTransId, stamp, swiftError } from './swift-http.js'
import { defaultSwiftLimits, swiftInfo, type SwiftFeature, type SwiftLimits } from './swift-limits.js'
import { deleteObject, getObject } from './swift-object-read.js'
import { copyRequest, postObject, putObject } from './swift-object-write.js'
import { objectBody } from './swift-segments.js'
import { SwiftStore, type SwiftObject } from './swift-store.js'
import { checkTempUrl } from './swift-tempurl.js'

/**
 * Options of {@link FakeSwift}; createFakeCloud passes the clock and Keystone.
 * @example new FakeSwift({ clock: cloud.clock, keystone: cloud.keystone, limits: { maxFileSize: 1 << 20 }, disabled: ['dlo'] })
 */
export interface FakeSwiftOptions {
  clock: FakeClock
  keystone: FakeKeystone
  /** Seed the peer cluster's tempauth users (test:tester/testing, …). Default true. */
  seed?: boolean
  limits?: Partial<SwiftLimits>
  /** Middlewares to leave out, e.g. `['slo']` to test a DLO fallback. */
  disabled?: SwiftFeature[]
}

const ALL_FEATURES: SwiftFeature[] = ['slo', 'dlo', 'bulk_delete', 'tempurl', 'versioned_writes']

/** Swift's own root for the fake cloud's `/swift` prefix. */
const PREFIX = '/swift'

/**
 * A stateful fake OpenStack Swift (2.30 as seen through its HTTP API) under `/swift` of the
 * fake cloud: Keystone tokens for `AUTH_<project id>`, tempauth at `/swift/auth/v1.0`, /info,
 * listings, ranges, conditionals, SLO, DLO, copies, bulk delete, temp URLs, versioned writes,
 * and injectable faults. Times follow the cloud's FakeClock.
 * @example
 * const cloud = await createFakeCloud()
 * cloud.swift.setLimits({ maxFileSize: 1 << 20 })
 * cloud.swift.faults.add({ method: 'PUT', path: /segments/, status: 503 })
 * expect(cloud.swift.objectNames(cloud.swift.accountFor('demo-project-id'), 'backups')).toEqual(['db.tar'])
 */
export class FakeSwift {
  readonly store: SwiftStore
  readonly tempauth: FakeTempauth
  readonly faults = new FakeSwiftFaults()
  readonly limits: SwiftLimits
  readonly features: Set<SwiftFeature>
  /** Requests answered, per method (faulted ones included). */
  readonly requestCounts: Record<string, number> = {}
  readonly #clock: FakeClock
  readonly #keystone: FakeKeystone

  constructor(opts: FakeSwiftOptions) {
    this.#clock = opts.clock
    this.#keystone = opts.keystone
    this.store = new SwiftStore(() => opts.clock.now())
    this.limits = { ...defaultSwiftLimits(), ...opts.limits }
    this.features = new Set(ALL_FEATURES.filter((f) => !opts.disabled?.includes(f)))
    this.tempauth = new FakeTempauth(opts.clock, () => this.limits.tempauthTokenTtlSeconds)
    if (opts.seed ?? true) this.tempauth.seed()
  }

  /** Changes limits from now on (what /info reports and what requests are held to). @example cloud.swift.setLimits({ maxManifestSegments: 3 }) */
  setLimits(limits: Partial<SwiftLimits>): void {
    Object.assign(this.limits, limits)
  }

  /** Removes middlewares, as a cluster without them. @example cloud.swift.disable('slo') */
  disable(...features: SwiftFeature[]): void {
    for (const f of features) this.features.delete(f)
  }

  /** Puts middlewares back. @example cloud.swift.enable('slo') */
  enable(...features: SwiftFeature[]): void {
    for (const f of features) this.features.add(f)
  }

  /** The account of a Keystone project. @example cloud.swift.accountFor('demo-project-id') // 'AUTH_demo-project-id' */
  accountFor(projectId: string): string {
    return `AUTH_${projectId}`
  }

  /** Container names of an account, in listing order. @example cloud.swift.containerNames('AUTH_test') */
  containerNames(account: string): string[] {
    return this.store.accounts.get(account)?.names() ?? []
  }

  /** Object names of a container, in listing order (expired ones gone). @example cloud.swift.objectNames('AUTH_test', 'photos') */
  objectNames(account: string, container: string): string[] {
    return this.store.container(account, container)?.names() ?? []
  }

  /** The stored record of an object (an SLO's `data` is its manifest). @example cloud.swift.getObject('AUTH_test', 'c', 'big')?.slo?.etag */
  getObject(account: string, container: string, name: string): SwiftObject | undefined {
    return this.store.object(account, container, name)
  }

  /**
   * The bytes a GET would return (large objects assembled), as a copy; undefined when the
   * object is missing or its segments are broken.
   * @example expect(cloud.swift.getObjectBytes('AUTH_test', 'c', 'big')).toEqual(original)
   */
  getObjectBytes(account: string, container: string, name: string): Uint8Array | undefined {
    const obj = this.store.object(account, container, name)
    if (!obj) return undefined
    const ctx = swiftContext({ ...this.#contextBase(new Request('http://fake.invalid/'), { kind: 'user', name: 'test', groups: [], owns: [], resellerAdmin: true }, false), account })
    const body = objectBody(ctx, account, obj, false)
    return body instanceof Response ? undefined : concatParts(body.parts)
  }

  /** Creates a container directly. @example cloud.swift.createContainer('AUTH_test', 'photos') */
  createContainer(account: string, name: string): void {
    this.store.createContainer(account, name, this.limits.policies[0])
  }

  /**
   * Stores an object directly (its container is created if needed).
   * @example cloud.swift.putObject('AUTH_test', 'c', 'a.txt', new TextEncoder().encode('hi'), { contentType: 'text/plain' })
   */
  putObject(account: string, container: string, name: string, data: Uint8Array, opts: { contentType?: string; metadata?: Record<string, string>; deleteAt?: number } = {}): SwiftObject {
    const box = this.store.createContainer(account, container, this.limits.policies[0]).container
    const obj = this.store.newObject(name, data.slice(), {
      contentType: opts.contentType ?? 'application/octet-stream',
      meta: new Map(Object.entries(opts.metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      ...(opts.deleteAt !== undefined ? { deleteAt: opts.deleteAt } : {}),
    })
    box.put(obj)
    return obj
  }

  /** Zeroes {@link requestCounts}. @example cloud.swift.resetCounts() */
  resetCounts(): void {
    for (const k of Object.keys(this.requestCounts)) delete this.requestCounts[k]
  }

  /** The FakeService to register on a cloud (createFakeCloud does it). @example cloud.addService(swift.service()) */
  service(): FakeService {
    return { type: 'object-store', name: 'swift', prefix: PREFIX, catalogPath: `${PREFIX}/v1/AUTH_%(project_id)s`, route: (request, rest) => this.route(request, rest) }
  }

  /** Answers one request under `/swift`; `rest` is the path after it. */
  async route(request: Request, rest: string): Promise<Response> {
    const now = this.#clock.now()
    const transId = newTransId(now)
    const method = request.method.toUpperCase()
    this.requestCounts[method] = (this.requestCounts[method] ?? 0) + 1
    const url = new URL(request.url)
    let decoded: string | undefined
    try {
      decoded = decodeURIComponent(rest)
    } catch {
      decoded = undefined
    }
    const fault = this.faults.take(method, `${url.pathname}${url.search}`, `${PREFIX}${decoded ?? rest}`)
    if (fault?.delayMs) await delay(fault.delayMs, request.signal)
    let response: Response
    if (fault?.status !== undefined) response = swiftError(fault.status, undefined, fault.headers)
    else if (decoded === undefined) response = swiftError(412, 'Invalid UTF8 or contains NULL')
    else response = await this.#dispatch(request, url, decoded, fault?.corruptBody ?? false)
    if (method === 'HEAD' && response.body) response = new Response(null, { status: response.status, headers: response.headers })
    return stamp(response, transId, this.#clock.now())
  }

  async #dispatch(request: Request, url: URL, path: string, corruptBody: boolean): Promise<Response> {
    const method = request.method.toUpperCase()
    if (path === '/info') {
      if (method !== 'GET' && method !== 'HEAD') return swiftError(405)
      const body = JSON.stringify(swiftInfo(this.limits, this.features))
      return new Response(body, { headers: { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': String(Buffer.byteLength(body)) } })
    }
    if (path === '/auth/v1.0' || path === '/auth/v1.0/' || /^\/auth\/v1\/[^/]+\/auth$/.test(path)) {
      if (method !== 'GET') return swiftError(405)
      return this.tempauth.getToken(withStorageUser(request, path), `${url.origin}${PREFIX}/v1`)
    }
    const m = /^\/(v1|v1\.0)\/([^/]+)(?:\/([^/]*)(?:\/(.*))?)?$/s.exec(path)
    if (!m) return swiftError(404)
    const account = m[2]!
    const container = m[3] || undefined
    const object = container && m[4] ? m[4] : undefined
    if (account.length > this.limits.maxAccountNameLength) return swiftError(400, `Account name length of ${account.length} longer than ${this.limits.maxAccountNameLength}`)
    // Without an Origin there is no CORS to check: Swift just lists the verbs.
    if (method === 'OPTIONS') return emptyResponse(200, { Allow: `DELETE, OPTIONS, GET, HEAD, PUT, POST${object === undefined ? '' : ', COPY'}` })
    const response = await this.#storage(request, url, method, account, container, object, corruptBody)
    // Tempauth names the account as the realm of a refusal; a temp URL's own 401 already says "unknown".
    if (response.status !== 401 || response.headers.has('www-authenticate')) return response
    const headers = new Headers(response.headers)
    headers.set('Www-Authenticate', `Swift realm="${account}"`)
    return new Response(response.body, { status: 401, headers })
  }

  async #storage(request: Request, url: URL, method: string, account: string, container: string | undefined, object: string | undefined, corruptBody: boolean): Promise<Response> {
    // The tempurl middleware sits before the auth ones in Swift's pipeline: a signed URL needs no token.
    const grant = this.features.has('tempurl') ? checkTempUrl(url, { method, account, container, object }, this.store, this.limits, this.#clock.now(), request.headers) : undefined
    if (grant instanceof Response) return grant
    const principal = grant?.principal ?? this.#principal(request)
    if (principal === 'invalid') return swiftError(401)
    const decorate = grant ? grant.decorate : (r: Response): Response => r
    const ctx = swiftContext({ ...this.#contextBase(request, principal, corruptBody), url, account })
    if (!container) return accountRoute(ctx)
    if (object === undefined) return containerRoute(ctx, container)
    switch (method) {
      case 'GET':
      case 'HEAD':
        return decorate(getObject(ctx, container, object))
      case 'PUT':
        return decorate(await putObject(ctx, container, object))
      case 'POST':
        return decorate(postObject(ctx, container, object))
      case 'DELETE':
        return decorate(deleteObject(ctx, container, object))
      case 'COPY':
        return copyRequest(ctx, container, object)
      default:
        return swiftError(405)
    }
  }

  #contextBase(request: Request, principal: SwiftPrincipal, corruptBody: boolean): Omit<SwiftContext, 'can' | 'now' | 'method'> {
    return { store: this.store, limits: this.limits, features: this.features, request, url: new URL(request.url), principal, corruptBody, account: '' }
  }

  /** Tempauth tokens (`AUTH_tk…`) or Keystone ones; a bad tempauth token is refused outright, a bad Keystone one is anonymous (delay_auth_decision). */
  #principal(request: Request): SwiftPrincipal | 'invalid' {
    const token = request.headers.get('x-auth-token') ?? request.headers.get('x-storage-token')
    if (!token) return { kind: 'anonymous' }
    if (token.startsWith('AUTH_tk')) return this.tempauth.principal(token) ?? 'invalid'
    const record = request.headers.has('x-auth-token') ? authorize(this.#keystone, request) : this.#keystone.valid(token)
    return record && !(record instanceof Response) ? keystonePrincipal(this.#keystone, record) : { kind: 'anonymous' }
  }
}

/** `/auth/v1/<account>/auth` names the account in the path and the bare user in X-Storage-User. */
function withStorageUser(request: Request, path: string): Request {
  const m = /^\/auth\/v1\/([^/]+)\/auth$/.exec(path)
  const user = request.headers.get('x-storage-user')
  if (!m || !user || user.includes(':')) return request
  const headers = new Headers(request.headers)
  headers.set('x-storage-user', `${m[1]}:${user}`)
  return new Request(request.url, { method: request.method, headers })
}

function delay(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })
}
