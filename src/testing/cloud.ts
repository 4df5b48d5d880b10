// src/testing/cloud.ts — createFakeCloud(): one in-memory cloud, reachable through msw and as a real local server.
import type { RequestHandler } from 'msw'
import { InputError } from '../core/errors.js'
import { REDACTED, isSecretHeader } from '../core/redact.js'
import { FakeClock } from './clock.js'
import { keystoneRoute, type FakeCatalogService } from './keystone-routes.js'
import { FakeKeystone } from './keystone-state.js'
import { serve, type FakeCloudServer } from './server.js'
import { fillProjectTemplates } from './swift-catalog.js'
import { FakeSwift, type FakeSwiftOptions } from './swift-service.js'
import { createFakePithos, type FakePithos } from './pithos-service.js'
import { createFakeNova, type FakeNova, type FakeNovaOptions } from './nova-service.js'
import { createFakeGlance, type FakeGlance, type FakeGlanceOptions } from './glance-service.js'
import type { GlanceImage } from './glance-store.js'
import type { NovaImage } from './nova-types.js'
import { createFakeAutoscale, type FakeAutoscale, type FakeAutoscaleOptions } from './autoscale-service.js'
import { createFakePhantom, type FakePhantom, type FakePhantomOptions } from './phantom-service.js'
import { createFakeValence, type FakeValence, type FakeValenceOptions } from './valence-service.js'

/** Options of {@link createFakeCloud}. */
export interface FakeCloudOptions {
  /** Origin the msw handlers answer on. Default `http://cloud.strato.test`. */
  baseUrl?: string
  /** Lifetime of issued tokens. Default one hour. */
  tokenTtlMs?: number
  /** Seed users and projects (demo/demo-secret, admin/admin-secret; Swift's tempauth test:tester/testing). Default true. */
  seed?: boolean
  /** Limits and disabled middlewares of the fake Swift. */
  swift?: Pick<FakeSwiftOptions, 'limits' | 'disabled'>
  /** Block size of the fake Pithos. Default 4 MiB, as Synnefo's. */
  pithosBlockSize?: number
  /** Knobs of the fake Nova: fake time in BUILD (default 200 ms), per action, microversion ceiling, quotas. */
  nova?: Omit<FakeNovaOptions, 'clock' | 'keystone'>
  /** Knobs of the fake Glance. Default stores `['fs', 'fs2']`, so copy-image has somewhere to copy to. */
  glance?: Omit<FakeGlanceOptions, 'clock' | 'keystone'>
  /** Knobs of the fake Auto Scaling Query service: dialect (default `aws`), launch and terminate delays (200/100 ms), region. */
  autoscale?: Omit<FakeAutoscaleOptions, 'clock'>
  /** Knobs of the fake Phantom REST API: launch and terminate delays (200/100 ms), token lifetime (3 days). */
  phantom?: Omit<FakePhantomOptions, 'clock'>
  /** Knobs of the fake Valence: dialect (bare lists, DELETE 200), periodic sync interval (off). */
  valence?: Omit<FakeValenceOptions, 'clock'>
}

/** A request the fake served, with credentials masked. */
export interface RecordedRequest {
  method: string
  path: string
  headers: Record<string, string>
  at: number
}

/** A fake service: a path prefix on the cloud and the function that answers under it. */
export interface FakeService {
  type: string
  name: string
  /** Path prefix, e.g. `/identity`; the catalog endpoint is `${origin}${catalogPath}`. */
  prefix: string
  catalogPath: string
  route(request: Request, rest: string): Promise<Response>
}

/**
 * An in-memory cloud for tests: stateful fake services (Keystone, Swift, Pithos, Nova, Glance, Auto Scaling, Phantom and Valence) answering both msw (in
 * process) and a real HTTP server on 127.0.0.1 (for CLIs and scripts in other processes), from
 * the same state. Catalog URLs follow the origin each request came to, so both work.
 * @example
 * const cloud = await createFakeCloud()
 * const server = setupServer(...cloud.handlers); server.listen()
 * const session = await KeystoneSession.password({ authUrl: `${cloud.baseUrl}/identity/v3`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
 */
export interface FakeCloud {
  readonly baseUrl: string
  /** msw handlers for `setupServer(...cloud.handlers)`; needs the optional peer dependency msw. */
  readonly handlers: RequestHandler[]
  readonly keystone: FakeKeystone
  /** The fake object store, catalog type `object-store` at `/swift/v1/AUTH_<project id>`. */
  readonly swift: FakeSwift
  /** The fake Pithos (hashmap object store), catalog type `pithos` at `/pithos/v1/<project id>`. */
  readonly pithos: FakePithos
  /** The fake Compute API v2.1, catalog type `compute` at `/compute/v2.1`. */
  readonly nova: FakeNova
  /** The fake Image API v2, catalog type `image` at `/image`. */
  readonly glance: FakeGlance
  /** The fake Auto Scaling Query API (SigV4/SigV2-signed, key AKIDSTRATO / strato-secret), catalog type `autoscaling` at `/autoscaling/`. */
  readonly autoscale: FakeAutoscale
  /** The fake Phantom REST API (token login demo / demo-secret, HTTP Basic), catalog type `phantom` at `/phantom/api/dev`. */
  readonly phantom: FakePhantom
  /** The fake Valence API v1 with the ExpEther driver (no auth), catalog type `composable-hardware` at `/valence`. */
  readonly valence: FakeValence
  readonly clock: FakeClock
  readonly requests: RecordedRequest[]
  readonly services: FakeService[]
  /** Adds a fake service under the cloud (later strato releases add compute, storage, …). */
  addService(service: FakeService): void
  clearRequests(): void
  /** Answers one request, as both msw and listen() do. */
  handle(request: Request): Promise<Response>
  /** Serves the cloud on 127.0.0.1 (port 0 picks a free one). */
  listen(opts?: { port?: number }): Promise<FakeCloudServer>
}

/**
 * Creates a fake cloud. See {@link FakeCloud}.
 * @example const cloud = await createFakeCloud({ tokenTtlMs: 60_000 })
 */
export async function createFakeCloud(opts: FakeCloudOptions = {}): Promise<FakeCloud> {
  const baseUrl = (opts.baseUrl ?? 'http://cloud.strato.test').replace(/\/+$/, '')
  const clock = new FakeClock()
  const keystone = new FakeKeystone(clock, opts.tokenTtlMs ?? 3_600_000)
  if (opts.seed ?? true) keystone.seed()
  const requests: RecordedRequest[] = []
  const services: FakeService[] = []
  const catalog = (): FakeCatalogService[] => services.map((s) => ({ type: s.type, name: s.name, path: s.catalogPath }))
  services.push({
    type: 'identity',
    name: 'keystone',
    prefix: '/identity',
    catalogPath: '/identity/v3',
    route: async (request, rest) => fillProjectTemplates(await keystoneRoute(keystone, catalog, request, rest), keystone, request),
  })
  const swift = new FakeSwift({ clock, keystone, seed: opts.seed ?? true, ...opts.swift })
  services.push(swift.service())
  const pithos = createFakePithos({ clock, keystone, ...(opts.pithosBlockSize ? { blockSize: opts.pithosBlockSize } : {}) })
  services.push(pithos.service)
  const glance = createFakeGlance({ clock, keystone, stores: ['fs', 'fs2'], ...opts.glance })
  // Nova boots what Glance holds, as a real cloud's does (visibility is not checked).
  const nova = createFakeNova({ clock, keystone, findImage: (id) => novaImageOf(glance.images.get(id)), ...opts.nova })
  services.push(nova.service, glance.service)
  const autoscale = createFakeAutoscale({ clock, seed: opts.seed ?? true, ...opts.autoscale })
  const phantom = createFakePhantom({ clock, seed: opts.seed ?? true, ...opts.phantom })
  const valence = createFakeValence({ clock, seed: opts.seed ?? true, ...opts.valence })
  services.push(autoscale.service, phantom.service, valence.service)

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const headers: Record<string, string> = {}
    request.headers.forEach((v, k) => (headers[k] = isSecretHeader(k) ? REDACTED : v))
    requests.push({ method: request.method, path: `${url.pathname}${url.search}`, headers, at: clock.now() })
    const service = services.find((s) => url.pathname === s.prefix || url.pathname.startsWith(`${s.prefix}/`))
    if (!service) return Response.json({ error: { code: 404, title: 'Not Found', message: `no fake service at ${url.pathname}` } }, { status: 404 })
    return service.route(request, url.pathname.slice(service.prefix.length))
  }

  let handlers: RequestHandler[] | undefined
  try {
    const { http } = await import('msw')
    handlers = [http.all(`${baseUrl}/*`, ({ request }) => handle(request))]
  } catch {
    handlers = undefined // listen() and handle() work without msw; only `handlers` needs it
  }

  return {
    baseUrl,
    get handlers(): RequestHandler[] {
      if (!handlers) throw new InputError('strato/testing needs the optional peer dependency "msw" for handlers: npm install --save-dev msw')
      return handlers
    },
    keystone,
    swift,
    pithos,
    nova,
    glance,
    autoscale,
    phantom,
    valence,
    clock,
    requests,
    services,
    addService: (service) => {
      if (services.some((s) => s.prefix === service.prefix)) throw new InputError(`a fake service already answers under ${service.prefix}`)
      services.push(service)
    },
    clearRequests: () => void requests.splice(0),
    handle,
    listen: (o = {}) => serve(handle, o.port ?? 0),
  }
}

/**
 * A Glance image as the fake Nova sees it: bootable only when `active`; deleted and killed ones
 * are not found, those not yet active are `queued`.
 * @example novaImageOf(cloud.glance.images.get(id))?.status // 'active'
 */
function novaImageOf(image: GlanceImage | undefined): NovaImage | undefined {
  if (!image || image.status === 'deleted' || image.status === 'killed' || image.status === 'pending_delete') return undefined
  return { id: image.id, name: image.name ?? '', status: image.status === 'active' ? 'active' : 'queued', minDisk: image.min_disk, minRam: image.min_ram }
}
