// src/testing/nova-service.ts — createFakeNova(): the fake Compute API v2.1 as a service of the fake cloud, with its test knobs.
import { InputError } from '../core/errors.js'
import type { FakeService } from './cloud.js'
import type { FakeClock } from './clock.js'
import { novaContext, type NovaConfig } from './nova-context.js'
import { FakeNovaFaults } from './nova-faults.js'
import { isoZ, novaError, novaJson, novaRequestId } from './nova-http.js'
import { DEFAULT_MAX_MICROVERSION, Microversion, negotiate, versionDocument, versionHeaders, versionList } from './nova-microversion.js'
import { UNVERSIONED, dispatchNova, routerNotFound } from './nova-routes.js'
import { seedNova } from './nova-seed.js'
import { stateFor } from './nova-states.js'
import { NovaState } from './nova-store.js'
import type { NovaFault, NovaFlavor, NovaImage, NovaKeypair, NovaQuotas, NovaServer, NovaServerGroup, NovaServerStatus } from './nova-types.js'
import { authorize } from './keystone-routes.js'
import type { FakeKeystone } from './keystone-state.js'

/**
 * Options of {@link createFakeNova}.
 * @example createFakeNova({ clock: cloud.clock, keystone: cloud.keystone, buildDelayMs: 0, maxMicroversion: '2.79' })
 */
export interface FakeNovaOptions {
  clock: FakeClock
  keystone: FakeKeystone
  /** Fake time a new server spends in BUILD before ACTIVE (or ERROR). Default 200 ms; 0 builds within the request. */
  buildDelayMs?: number
  /** Fake time an action's task_state lasts (REBOOT, RESIZE, powering-off, deleting, …). Default 100 ms; 0 is instant. */
  actionDelayMs?: number
  /** Nova's reclaim_instance_interval: above 0, DELETE soft-deletes (restore, forceDelete) and purges after it. Default 0. */
  reclaimDelayMs?: number
  /** Highest microversion served (`version` of the v2.1 document). Default '2.96'. */
  maxMicroversion?: string
  /** Seed devstack's flavors (m1.tiny … m1.xlarge, m1.nano, m1.micro) and a cirros image. Default true. */
  seed?: boolean
  /** Default quotas of every project (Nova's defaults otherwise). */
  quotas?: Partial<NovaQuotas>
  /**
   * Where to find images Nova does not hold itself, as Nova asks Glance. `createFakeCloud()` passes
   * its fake Glance's, so servers boot what was uploaded there.
   * @example findImage: (id) => (id === myId ? { id, name: 'mine', status: 'active', minDisk: 0, minRam: 0 } : undefined)
   */
  findImage?: (id: string) => NovaImage | undefined
}

/**
 * A stateful fake Nova (Compute API v2.1 with microversions) for the fake cloud, plus the hooks
 * tests use to look inside it and to break it. State transitions are computed from the fake
 * clock when state is read: `cloud.clock.advance(ms)` moves servers along; no timer runs.
 * @example
 * const cloud = await createFakeCloud()
 * const nova = createFakeNova({ clock: cloud.clock, keystone: cloud.keystone })
 * cloud.addService(nova.service)
 * nova.failNextBuild('No valid host was found.')
 */
export interface FakeNova {
  /** Catalog type `compute`, name `nova`, endpoint `/compute/v2.1`. */
  readonly service: FakeService
  /** Every server by id, with due transitions applied; deleted ones stay with vmState `deleted`. @example nova.servers.get(id)?.vmState */
  readonly servers: ReadonlyMap<string, NovaServer>
  /** Flavors by id; add or change entries freely. @example nova.flavors.get('1')!.extraSpecs['hw:numa_nodes'] = '1' */
  readonly flavors: Map<string, NovaFlavor>
  /** Nova's own bootable images, by id (seeded with cirros; createImage adds snapshots); `findImage` may add more. @example nova.images.set(id, { id, name: 'x', status: 'active', minDisk: 0, minRam: 0 }) */
  readonly images: Map<string, NovaImage>
  /** Keypairs of all users. @example nova.keypairs.map((k) => k.name) */
  readonly keypairs: readonly NovaKeypair[]
  /** Server groups by id. @example [...nova.serverGroups.values()] */
  readonly serverGroups: ReadonlyMap<string, NovaServerGroup>
  /** Default quotas of every project; change fields to tighten them. @example nova.quotas.instances = 2 */
  readonly quotas: NovaQuotas
  /** Injected error answers. @example nova.faults.add({ method: 'POST', path: '/v2.1/servers', status: 503 }) */
  readonly faults: FakeNovaFaults
  /** The highest microversion served. @example nova.maxMicroversion // '2.96' */
  readonly maxMicroversion: string
  /** Overrides quotas of one project. @example nova.setQuota('demo-project-id', { cores: 2 }) */
  setQuota(projectId: string, quotas: Partial<NovaQuotas>): void
  /**
   * Makes the next build (of a server named `opts.name` when given; `times` builds, default 1) end in
   * ERROR with a fault (`code` default 500).
   * @example nova.failNextBuild('No valid host was found. There are not enough hosts available.')
   */
  failNextBuild(reason?: string, opts?: { code?: number; details?: string; name?: string | RegExp; times?: number }): void
  /**
   * Puts a server in a status at once (cancelling any transition): vm_state, task_state and power
   * state as Nova would show it. ERROR takes a fault (a message or fields).
   * @example nova.setServerStatus(id, 'ERROR', { fault: 'disk failure' })
   */
  setServerStatus(id: string, status: NovaServerStatus, opts?: { fault?: string | Partial<NovaFault>; taskState?: string | null }): NovaServer
}

const PREFIX = '/compute'

/**
 * Creates a fake Nova. Servers belong to the token's project; a token with the `admin` role is
 * Nova's admin (all_tenants, extended attributes, locks, flavor management).
 * @example
 * const cloud = await createFakeCloud()
 * const nova = createFakeNova({ clock: cloud.clock, keystone: cloud.keystone, buildDelayMs: 1000 })
 * cloud.addService(nova.service)
 * // POST ${cloud.baseUrl}/compute/v2.1/servers {"server": {"name": "web", "imageRef": …, "flavorRef": "1"}} → 202, BUILD
 * cloud.clock.advance(1000) // … now ACTIVE
 */
export function createFakeNova(opts: FakeNovaOptions): FakeNova {
  const maxMicroversion = opts.maxMicroversion ?? DEFAULT_MAX_MICROVERSION
  const max = Microversion.parse(maxMicroversion)
  if (!max || !max.atLeast('2.1')) throw new InputError(`maxMicroversion must be a version like '2.96', got '${maxMicroversion}'`)
  const state = new NovaState(opts.clock)
  Object.assign(state.quotas, opts.quotas)
  state.imageSource = opts.findImage
  if (opts.seed ?? true) seedNova(state)
  const faults = new FakeNovaFaults()
  const config: NovaConfig = {
    maxMicroversion,
    buildDelayMs: opts.buildDelayMs ?? 200,
    actionDelayMs: opts.actionDelayMs ?? 100,
    reclaimDelayMs: opts.reclaimDelayMs ?? 0,
  }

  const dispatch = async (request: Request, rest: string): Promise<Response> => {
    const url = new URL(request.url)
    const base = `${url.origin}${PREFIX}`
    if (rest === '' || rest === '/') return novaJson(versionList(base, maxMicroversion))
    if (rest === '/v2.1' || rest === '/v2.1/') return novaJson(versionDocument(base, maxMicroversion))
    const token = authorize(opts.keystone, request)
    if (token instanceof Response) {
      token.headers.set('WWW-Authenticate', `Keystone uri="${url.origin}/identity/v3"`)
      return token
    }
    if (!rest.startsWith('/v2.1/')) return routerNotFound(request)
    const mv = negotiate(request, maxMicroversion)
    if (mv instanceof Response) return mv
    const response = await (async () => {
      if (!token.projectId) return novaError(403, 'Project ID not found in the request; a project-scoped token is required.')
      const roles = opts.keystone.rolesOf(token.userId, token.projectId)
      const caller = { projectId: token.projectId, userId: token.userId, isAdmin: roles.includes('admin') }
      let path = rest.slice('/v2.1'.length)
      if (path.startsWith(`/${caller.projectId}/`)) path = path.slice(caller.projectId.length + 1)
      const fault = faults.take(request.method, `${path}${url.search}`) ?? faults.take(request.method, `${rest}${url.search}`)
      if (fault) return fault
      state.settle()
      return dispatchNova(novaContext(state, config, request, mv, caller), path.replace(/\/+$/, '') || '/')
    })()
    if (!UNVERSIONED.has(response)) versionHeaders(response.headers, mv)
    return response
  }

  const service: FakeService = {
    type: 'compute',
    name: 'nova',
    prefix: PREFIX,
    catalogPath: `${PREFIX}/v2.1`,
    route: async (request, rest) => {
      const requestId = novaRequestId()
      const response = await dispatch(request, rest)
      response.headers.set('x-openstack-request-id', requestId)
      response.headers.set('x-compute-request-id', requestId)
      response.headers.set('Date', new Date(opts.clock.now()).toUTCString())
      return response
    },
  }

  const settled = <T>(value: T): T => {
    state.settle()
    return value
  }

  return {
    service,
    get servers() {
      return settled(state.servers)
    },
    flavors: state.flavors,
    get images() {
      return settled(state.images)
    },
    keypairs: state.keypairs,
    serverGroups: state.serverGroups,
    quotas: state.quotas,
    faults,
    maxMicroversion,
    setQuota: (projectId, quotas) => void state.projectQuotas.set(projectId, { ...state.projectQuotas.get(projectId), ...quotas }),
    failNextBuild: (reason = 'No valid host was found. There are not enough hosts available.', o = {}) => {
      for (let i = 0; i < (o.times ?? 1); i++) {
        state.buildFailures.push({ message: reason, code: o.code ?? 500, ...(o.details !== undefined ? { details: o.details } : {}), ...(o.name !== undefined ? { name: o.name } : {}) })
      }
    },
    setServerStatus: (id, status, o = {}) => {
      state.settle()
      const server = state.servers.get(id)
      if (!server) throw new InputError(`no server ${id} in the fake Nova`)
      state.cancel(id)
      const next = stateFor(status)
      const now = state.now()
      Object.assign(server, next, { updatedAt: now })
      if (o.taskState !== undefined) server.taskState = o.taskState
      if (status === 'DELETED') Object.assign(server, { deletedAt: now, addresses: [] })
      if (status === 'ERROR') {
        const f = typeof o.fault === 'string' ? { message: o.fault } : (o.fault ?? {})
        server.fault = { code: f.code ?? 500, message: f.message ?? 'Injected error', created: f.created ?? isoZ(now), ...(f.details !== undefined ? { details: f.details } : {}) }
      } else if (status === 'ACTIVE') {
        server.launchedAt ??= now
      }
      if (['ACTIVE', 'PAUSED', 'SUSPENDED', 'SHUTOFF', 'RESCUE', 'VERIFY_RESIZE', 'REBOOT', 'HARD_REBOOT'].includes(status)) server.host ??= 'fake-compute-1'
      return server
    },
  }
}
