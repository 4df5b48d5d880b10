// src/testing/valence-service.ts — createFakeValence(): the fake Valence API v1 with its ExpEther driver as a service of the fake cloud, with its test knobs.
import type { FakeService } from './cloud.js'
import type { FakeClock } from './clock.js'
import { FakeValenceFaults, type FakeValenceFault, type FakeValenceFaultHandle } from './valence-faults.js'
import { ExpEtherHardware } from './valence-hardware.js'
import { pythonError, ValenceError, valenceJson } from './valence-http.js'
import { matchValenceRoute, type ValenceContext, type ValenceDialect } from './valence-routes.js'
import { ValenceState } from './valence-store.js'
import type { ValenceDevice, ValenceFlavor, ValenceNode, ValencePodManager } from './valence-types.js'

/**
 * Options of {@link createFakeValence}.
 * @example createFakeValence({ clock: cloud.clock, dialect: { deleteStatus: 204 }, periodicSyncMs: 30_000 })
 */
export interface FakeValenceOptions {
  clock: FakeClock
  /** Path prefix on the cloud; the API is at `${prefix}/v1`. Default `/valence`. */
  prefix?: string
  /** Bare lists and DELETE 200 (what Valence's code does) unless changed. */
  dialect?: Partial<ValenceDialect>
  /** `[podm] enable_periodic_sync` with this `sync_interval`: a request after the interval (fake clock) syncs first. Default off, as Valence. */
  periodicSyncMs?: number
  /** Seed an expether pod manager `eem1` with 2 EESVs and NIC, NIC, GPU, SSD EEIOs, synced. Default true. */
  seed?: boolean
}

/**
 * A stateful fake of Valence (OpenStack composable hardware) with the ExpEther driver: pod
 * managers, device sync from EEM boards, compose / manage / attach / detach with groups 4093
 * and 4094, flavors, systems; Valence's error bodies and statuses. No authentication.
 * @example
 * const cloud = await createFakeCloud()
 * const api = `${cloud.baseUrl}/valence/v1`
 * const r = await fetch(`${api}/nodes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'n1', podm_id: cloud.valence.seedPodmId, properties: { pci_device: { type: ['NIC'] } } }) })
 */
export interface FakeValence {
  /** Catalog type `composable-hardware`, endpoint `${prefix}` (the client adds `/v1`). */
  readonly service: FakeService
  /** The EEM boards, by pod manager URL: add, change or remove them behind Valence's back. */
  readonly hardware: ExpEtherHardware
  readonly podManagers: ReadonlyMap<string, ValencePodManager>
  readonly nodes: ReadonlyMap<string, ValenceNode>
  /** Valence's device database (what GET /v1/devices lists), updated by syncs, attach and detach. */
  readonly devices: ReadonlyMap<string, ValenceDevice>
  readonly flavors: ReadonlyMap<string, ValenceFlavor>
  /** The uuid of the seeded pod manager (`''` without seed). */
  readonly seedPodmId: string
  /** The seeded EEM's URL, `http://eem.strato.test:30500/eem` (default URL of `hardware`). */
  readonly eemUrl: string
  /** How answers differ between api-ref and code; change it any time. */
  readonly dialect: ValenceDialect
  readonly faults: FakeValenceFaults
  /**
   * Fails the next request to a route: `'METHOD /v1/path'` or a path (any method); `times` in the options.
   * @example cloud.valence.failNext('POST /v1/devices/sync', { status: 503 })
   */
  failNext(route: string, fault: Omit<FakeValenceFault, 'method' | 'path'>): FakeValenceFaultHandle
  /** Syncs as the periodic worker would (all pod managers, or one). @example cloud.valence.sync() */
  sync(podmId?: string): { podm_id: string; status: 'SUCCESS' | 'FAILED' }[]
}

/**
 * Creates a fake Valence. `createFakeCloud()` registers one as `cloud.valence`.
 * @example
 * const valence = createFakeValence({ clock: cloud.clock, prefix: '/valence2', seed: false })
 * cloud.addService(valence.service)
 */
export function createFakeValence(opts: FakeValenceOptions): FakeValence {
  const prefix = opts.prefix ?? '/valence'
  const eemUrl = 'http://eem.strato.test:30500/eem'
  const hardware = new ExpEtherHardware(opts.clock, eemUrl)
  const state = new ValenceState(hardware)
  const dialect: ValenceDialect = { lists: 'bare', deleteStatus: 200, ...opts.dialect }
  const faults = new FakeValenceFaults()
  let seedPodmId = ''
  if (opts.seed ?? true) {
    hardware.addServer()
    hardware.addServer({ max_eeio_count: '2' })
    for (const type of ['NIC', 'NIC', 'GPU', 'SSD'] as const) hardware.addDevice({ type })
    seedPodmId = state.createPodm({ name: 'eem1', url: eemUrl, driver: 'expether', authentication: [{ type: 'basic', auth_items: { username: 'admin', password: 'admin-secret' } }] }).uuid
  }
  let lastSync = opts.clock.now()

  const route = async (request: Request, rest: string): Promise<Response> => {
    const url = new URL(request.url)
    const fault = faults.take(request.method, `${rest}${url.search}`)
    if (fault) return fault
    if (opts.periodicSyncMs !== undefined && opts.clock.now() - lastSync >= opts.periodicSyncMs) {
      lastSync = opts.clock.now()
      state.sync()
    }
    const ctx: ValenceContext = {
      state,
      request,
      url,
      dialect,
      query: Object.fromEntries(url.searchParams),
      list: (key, items) => valenceJson(dialect.lists === 'wrapped' ? { [key]: items } : items),
      deleted: (body) => (dialect.deleteStatus === 204 ? new Response(null, { status: 204 }) : valenceJson(body)),
    }
    try {
      const hit = matchValenceRoute(rest || '/')
      if (!hit) throw pythonError('NotFound', '404 Not Found: The requested URL was not found on the server.  If you entered the URL manually please check your spelling and try again.', 404)
      const handler = hit.methods[request.method]
      if (!handler) throw pythonError('MethodNotAllowed', '405 Method Not Allowed: The method is not allowed for the requested URL.', 405)
      return await handler(ctx, ...hit.args)
    } catch (e) {
      const error = e instanceof ValenceError ? e : pythonError(e instanceof Error ? e.name : 'Exception', e instanceof Error ? e.message : String(e))
      return valenceJson(error.body(), error.status)
    }
  }

  return {
    service: { type: 'composable-hardware', name: 'valence', prefix, catalogPath: prefix, route },
    hardware,
    podManagers: state.podManagers,
    nodes: state.nodes,
    devices: state.devices,
    flavors: state.flavors,
    seedPodmId,
    eemUrl,
    dialect,
    faults,
    failNext: (r, fault) => {
      const [method, path] = r.includes(' ') ? r.split(/\s+/, 2) : [undefined, r]
      return faults.add({ ...fault, ...(method ? { method: method.toUpperCase() } : {}), path: path! })
    },
    sync: (podmId) => state.sync(podmId),
  }
}
