// src/testing/glance-service.ts — createFakeGlance(): the fake Image API v2 as a service of the fake cloud, with its test knobs.
import type { FakeService } from './cloud.js'
import type { FakeClock } from './clock.js'
import { changeTag, imageAction } from './glance-actions.js'
import { glanceContext, type GlanceConfig, type GlanceContext } from './glance-context.js'
import { downloadImage, stageImage, uploadImage } from './glance-data.js'
import { FakeGlanceFaults, flipByte } from './glance-faults.js'
import { glanceError, glanceJson, glanceRequestId } from './glance-http.js'
import { createImage, deleteImage, imageTasks, showImage } from './glance-images.js'
import { IMPORT_METHODS, importImage } from './glance-import.js'
import { listImages } from './glance-list.js'
import { addMember, deleteMember, listMembers, showMember, updateMember } from './glance-members.js'
import { patchImage } from './glance-patch.js'
import { collectionSchema, imageSchema, memberSchema } from './glance-schemas.js'
import { GlanceState, type GlanceCaller, type GlanceImage, type GlanceTask } from './glance-store.js'
import { authorize } from './keystone-routes.js'
import type { FakeKeystone } from './keystone-state.js'

/**
 * Options of {@link createFakeGlance}.
 * @example createFakeGlance({ clock: cloud.clock, keystone: cloud.keystone, stores: ['fs', 'ceph'], importDelayMs: 1000 })
 */
export interface FakeGlanceOptions {
  clock: FakeClock
  keystone: FakeKeystone
  /** Store ids (`enabled_backends`); the first is the default. Default `['fs']`; two or more make copy-image useful. */
  stores?: string[]
  /** Fetches a web-download source. Default: the global fetch. */
  fetchUrl?: (url: string, signal: AbortSignal) => Promise<Response>
  /** Fake time an import stays `importing` before its outcome shows. Default 0 (done within the request). */
  importDelayMs?: number
  /** `image_size_cap`: larger uploads, stages and downloads fail (413, or a failed import). Default 1 TiB, Glance's. */
  maxImageSize?: number
}

/**
 * A stateful fake Glance (Image API v2) for the fake cloud, plus the hooks tests use to look
 * inside it and to break it.
 * @example
 * const cloud = await createFakeCloud()
 * const glance = createFakeGlance({ clock: cloud.clock, keystone: cloud.keystone })
 * cloud.addService(glance.service)
 * glance.failNextImport('disk full')
 */
export interface FakeGlance {
  /** Catalog type `image` at `/image` (unversioned, as Glance's catalog entry; clients add `/v2`). */
  readonly service: FakeService
  /** Every image, by id (pending import outcomes applied first). @example glance.images.get(id)?.status */
  readonly images: ReadonlyMap<string, GlanceImage>
  /** Import tasks, by id. @example [...glance.tasks.values()].at(-1)?.status */
  readonly tasks: ReadonlyMap<string, GlanceTask>
  /** Injected error answers, corrupted bodies and wrong checksums. @example glance.faults.add({ method: 'PUT', path: /\/file$/, status: 503 }) */
  readonly faults: FakeGlanceFaults
  /** The image's stored bytes (undefined before upload or import). @example expect(glance.getImageBytes(id)).toEqual(bytes) */
  getImageBytes(id: string): Uint8Array | undefined
  /** Flips a byte of an image's stored data (its checksum keeps describing the good data). @example glance.corruptImageData(id) */
  corruptImageData(id: string): void
  /** Makes the next import fail with `reason`, on `stores` only when given (else on all). @example glance.failNextImport('store unreachable', { stores: ['ceph'] }) */
  failNextImport(reason?: string, opts?: { stores?: string[] }): void
}

const PREFIX = '/image'
const VERSIONS = ['v2.15', 'v2.13', 'v2.12', 'v2.11', 'v2.10', 'v2.9', 'v2.8', 'v2.7', 'v2.6', 'v2.5', 'v2.4', 'v2.3', 'v2.2', 'v2.1', 'v2.0']

type Handler = (ctx: GlanceContext, ...params: string[]) => Response | Promise<Response>
interface Route {
  pattern: RegExp
  methods: Record<string, Handler>
}

const ROUTES: Route[] = [
  { pattern: /^\/v2\/images$/, methods: { GET: listImages, POST: createImage } },
  { pattern: /^\/v2\/images\/([^/]+)$/, methods: { GET: showImage, PATCH: patchImage, DELETE: deleteImage } },
  { pattern: /^\/v2\/images\/([^/]+)\/tasks$/, methods: { GET: imageTasks } },
  { pattern: /^\/v2\/images\/([^/]+)\/import$/, methods: { POST: importImage } },
  { pattern: /^\/v2\/images\/([^/]+)\/actions\/(deactivate|reactivate)$/, methods: { POST: (c, id, a) => imageAction(c, id!, a as 'deactivate' | 'reactivate') } },
  { pattern: /^\/v2\/images\/([^/]+)\/file$/, methods: { GET: downloadImage, PUT: uploadImage } },
  { pattern: /^\/v2\/images\/([^/]+)\/stage$/, methods: { PUT: stageImage } },
  { pattern: /^\/v2\/images\/([^/]+)\/tags\/([^/]+)$/, methods: { PUT: changeTag, DELETE: changeTag } },
  { pattern: /^\/v2\/images\/([^/]+)\/members$/, methods: { GET: listMembers, POST: addMember } },
  { pattern: /^\/v2\/images\/([^/]+)\/members\/([^/]+)$/, methods: { GET: showMember, PUT: updateMember, DELETE: deleteMember } },
  { pattern: /^\/v2\/schemas\/image$/, methods: { GET: () => glanceJson(imageSchema) } },
  { pattern: /^\/v2\/schemas\/images$/, methods: { GET: () => glanceJson(collectionSchema('images')) } },
  { pattern: /^\/v2\/schemas\/member$/, methods: { GET: () => glanceJson(memberSchema) } },
  { pattern: /^\/v2\/schemas\/members$/, methods: { GET: () => glanceJson(collectionSchema('members')) } },
  { pattern: /^\/v2\/info\/import$/, methods: { GET: () => glanceJson({ 'import-methods': { description: 'Import methods available.', type: 'array', value: [...IMPORT_METHODS] } }) } },
  { pattern: /^\/v2\/info\/stores$/, methods: { GET: (c) => glanceJson({ stores: storeList(c) }) } },
  { pattern: /^\/v2\/info\/stores\/detail$/, methods: { GET: storesDetail } },
]

function storeList(ctx: GlanceContext): Record<string, string>[] {
  return ctx.config.stores.map((id): Record<string, string> => (id === ctx.config.defaultStore ? { id, default: 'true' } : { id }))
}

function storesDetail(ctx: GlanceContext): Response {
  if (!ctx.caller.isAdmin) return ctx.fail(403, 'You are not authorized to complete stores_info_detail action.')
  const stores = storeList(ctx).map((s) => ({ ...s, type: 'file', properties: { data_dir: `/var/lib/glance/${s.id}/`, chunk_size: 65536, thin_provisioning: false } }))
  return glanceJson({ stores })
}

/** Routes one request under `/image`; `rest` is the raw path after the prefix. */
async function dispatch(state: GlanceState, config: GlanceConfig, keystone: FakeKeystone, faults: FakeGlanceFaults, request: Request, rest: string, requestId: string): Promise<Response> {
  const url = new URL(request.url)
  const origin = url.origin
  if (rest === '' || rest === '/' || rest === '/versions') {
    const versions = VERSIONS.map((id, i) => ({ id, status: i === 0 ? 'CURRENT' : 'SUPPORTED', links: [{ rel: 'self', href: `${origin}${PREFIX}/v2/` }] }))
    return glanceJson({ versions }, rest === '/versions' ? 200 : 300)
  }
  if (rest === '/v2') return new Response(null, { status: 302, headers: { Location: `${origin}${PREFIX}/v2/`, 'Content-Type': 'text/plain; charset=utf8' } })
  const token = authorize(keystone, request)
  if (token instanceof Response) {
    token.headers.set('WWW-Authenticate', `Keystone uri="${origin}/identity/v3"`)
    return token
  }
  const roles = token.projectId ? keystone.rolesOf(token.userId, token.projectId) : token.domainId ? ['admin'] : []
  const caller: GlanceCaller = { projectId: token.projectId ?? null, userId: token.userId, isAdmin: roles.includes('admin') }
  const fault = faults.take(request.method, `${rest}${url.search}`)
  if (fault?.status !== undefined) {
    if (fault.body !== undefined) return new Response(fault.body, { status: fault.status, headers: fault.headers ?? {} })
    return glanceError(request, { status: fault.status, ...(fault.headers ? { headers: fault.headers } : {}) })
  }
  state.settle()
  const ctx = glanceContext(state, config, request, requestId, caller, fault)
  for (const route of ROUTES) {
    const m = route.pattern.exec(rest)
    if (!m) continue
    let params: string[]
    try {
      params = m.slice(1).map((s) => decodeURIComponent(s!))
    } catch {
      return ctx.fail(404)
    }
    if (params.some((p) => p.includes('/'))) return ctx.fail(404)
    const handler = route.methods[request.method]
    if (!handler) {
      const allow = Object.keys(route.methods).join(', ')
      if (request.method === 'HEAD') return new Response(null, { status: 405, headers: { Allow: allow, 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': '0' } })
      return ctx.fail(405, undefined, undefined, { headers: { Allow: allow } })
    }
    return handler(ctx, ...params)
  }
  return ctx.fail(404)
}

/**
 * Creates a fake Glance. Image owners are Keystone project ids; a token with the `admin` role is
 * Glance's admin (sees and changes everything, may publicize and copy-image). Error bodies are
 * webob's pages (HTML for `Accept: *\/*`, JSON for `Accept: application/json`, else text).
 * @example
 * const cloud = await createFakeCloud()
 * const glance = createFakeGlance({ clock: cloud.clock, keystone: cloud.keystone, stores: ['fs', 'ceph'] })
 * cloud.addService(glance.service)
 * // POST ${cloud.baseUrl}/image/v2/images {"name": "cirros", "disk_format": "qcow2", "container_format": "bare"} → 201 queued
 */
export function createFakeGlance(opts: FakeGlanceOptions): FakeGlance {
  const stores = opts.stores?.length ? [...opts.stores] : ['fs']
  const state = new GlanceState(opts.clock, stores)
  const faults = new FakeGlanceFaults()
  const config: GlanceConfig = {
    stores,
    defaultStore: stores[0]!,
    maxImageSize: opts.maxImageSize ?? 1024 ** 4,
    importDelayMs: opts.importDelayMs ?? 0,
    fetchUrl: opts.fetchUrl ?? ((url, signal) => fetch(url, { signal })),
  }
  const service: FakeService = {
    type: 'image',
    name: 'glance',
    prefix: PREFIX,
    catalogPath: PREFIX,
    route: async (request, rest) => {
      const requestId = glanceRequestId()
      const response = await dispatch(state, config, opts.keystone, faults, request, rest, requestId)
      if (rest !== '' && rest !== '/' && rest !== '/versions') response.headers.set('X-Openstack-Request-Id', requestId)
      response.headers.set('Date', new Date(opts.clock.now()).toUTCString())
      return response
    },
  }
  return {
    service,
    get images() {
      state.settle()
      return state.images
    },
    get tasks() {
      state.settle()
      return state.tasks
    },
    faults,
    getImageBytes: (id) => {
      state.settle()
      const data = state.images.get(id)?.data
      return data && new Uint8Array(data)
    },
    corruptImageData: (id) => {
      const image = state.images.get(id)
      if (image?.data) image.data = flipByte(image.data)
    },
    failNextImport: (reason = 'Injected import failure', o = {}) => {
      config.nextImportFailure = { reason, ...(o.stores ? { stores: o.stores } : {}) }
    },
  }
}
