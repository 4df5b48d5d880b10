// src/testing/valence-routes.ts — the fake Valence's v1 routes: root, pod managers, flavors, devices and sync, systems and racks, storages (501), with each route's methods.
import { randomUUID } from 'node:crypto'
import { notFound, pythonError, readJson, REQUEST_ID, ValenceError, valenceJson } from './valence-http.js'
import { composeNode, deleteNode, getNode, listNodes, manageNode, nodeAction, registerNode } from './valence-nodes.js'
import { check, SCHEMAS } from './valence-schemas.js'
import { DEVICE_BRIEF, ValenceState } from './valence-store.js'
import type { ValencePodManager } from './valence-types.js'

/**
 * How this Valence answers where the api-ref and the code differ: lists as a bare array (the
 * code) or wrapped (`{"pod_managers": […]}`, the api-ref); DELETE 200 with a body (the code) or 204.
 * @example cloud.valence.dialect.deleteStatus = 204
 */
export interface ValenceDialect {
  lists: 'bare' | 'wrapped'
  deleteStatus: 200 | 204
}

/**
 * One request as a route sees it.
 * @example return ctx.list('flavors', [...ctx.state.flavors.values()])
 */
export interface ValenceContext {
  state: ValenceState
  request: Request
  url: URL
  dialect: ValenceDialect
  /** Query arguments as a dict (`request.args.to_dict()`). */
  query: Record<string, string>
  list(key: string, items: unknown[]): Response
  /** A DELETE's answer: `body` with 200, or an empty 204. */
  deleted(body: unknown): Response
}

/** A route: answers one request; `args` are the path's captured ids. @example const r: ValenceRoute = (ctx, id) => valenceJson(id) */
export type ValenceRoute = (ctx: ValenceContext, ...args: string[]) => Promise<Response> | Response

const body = async (ctx: ValenceContext): Promise<Record<string, unknown>> => ((await readJson(ctx.request)) ?? {}) as Record<string, unknown>

/** `req['podm_id']` of a GET: from the JSON body (over real HTTP), else `?podm_id=`; none → Python's TypeError, as Valence. */
async function podmOf(ctx: ValenceContext): Promise<ValencePodManager> {
  const req = await readJson(ctx.request)
  const id = (req as { podm_id?: unknown } | undefined)?.podm_id ?? ctx.url.searchParams.get('podm_id')
  if (req === undefined && id === null) throw pythonError('TypeError', "'NoneType' object is not subscriptable")
  if (typeof id !== 'string') throw pythonError('KeyError', "'podm_id'")
  return ctx.state.get(ctx.state.podManagers, id, 'Pod Manager %s')
}

const root: ValenceRoute = (ctx) => {
  const href = `${ctx.url.origin}${ctx.url.pathname.replace(/\/(v1)?\/?$/, '')}/v1/`
  return valenceJson({ name: 'OpenStack Valence API', description: 'Valence is an OpenStack project', versions: [{ id: 'v1', status: 'CURRENT', min_version: '', links: [{ rel: 'self', href }] }] })
}

const createPodm: ValenceRoute = async (ctx) => {
  const v = check<Omit<ValencePodManager, 'uuid' | 'status' | 'created_at' | 'updated_at'>>(SCHEMAS.podManager, await readJson(ctx.request))
  const driver = v.driver ?? 'redfishv1'
  if (!['expether', 'redfishv1'].includes(driver)) throw new ValenceError(404, 'Unsupported Driver Specified', `podmanager could not be loaded with specified driver ${driver}`)
  return valenceJson(ctx.state.createPodm({ ...v, driver }))
}

const patchPodm: ValenceRoute = async (ctx, id) => {
  const podm = ctx.state.get(ctx.state.podManagers, id!, 'Pod Manager %s')
  const { uuid: _u, url: _url, ...values } = await body(ctx)
  return valenceJson(Object.assign(podm, values, { updated_at: ctx.state.now() }))
}

const createFlavor: ValenceRoute = async (ctx) => {
  const v = check<{ name: string; description?: string; properties: Record<string, unknown> }>(SCHEMAS.flavor, await readJson(ctx.request))
  const now = ctx.state.now()
  const flavor = { uuid: randomUUID(), ...v, created_at: now, updated_at: now }
  ctx.state.flavors.set(flavor.uuid, flavor)
  return valenceJson(flavor)
}

const patchFlavor: ValenceRoute = async (ctx, id) => {
  const flavor = ctx.state.get(ctx.state.flavors, id!, 'Flavor %s')
  const { uuid: _u, ...values } = await body(ctx)
  return valenceJson(Object.assign(flavor, values, { updated_at: ctx.state.now() }))
}

const sync: ValenceRoute = async (ctx) => {
  const req = (await readJson(ctx.request)) as { podm_id?: string } | undefined
  return valenceJson(ctx.state.sync(req?.podm_id ?? undefined))
}

/** `_system_dict` of an EESV (lists), or `get_system_by_id` (one). */
const systemView = (b: ReturnType<ValenceState['hardware']['inGroup']>[number], detail: boolean): Record<string, unknown> =>
  detail
    ? { id: b.id, type: b.type, pooled_group_id: b.group_id, mac_address: b.mac_address, serial_number: b.serial_number, name: b.status, power_state: b.power_status, host_model: b.host_model, host_serial_number: b.host_serial_number, description: b.model, ee_version: b.ee_version, update_time: new Date(Number(b.update_time)).toISOString().slice(0, 19).replace('T', ' ') }
    : { id: b.id, resource_uri: `devices/${b.id}`, pooled_group_id: b.group_id, type: b.type, mac_address: b.mac_address, host_serial_num: b.host_serial_number, host_model: b.host_model }

const systems: ValenceRoute = async (ctx, id) => {
  const podm = await podmOf(ctx)
  if (id === undefined) return ctx.list('systems', ctx.state.hardware.inGroup(podm.url, 'eesv').map((b) => systemView(b, false)))
  const b = ctx.state.hardware.reach(podm.url, id)!
  if (b.status === 'eeio') throw new ValenceError(500, 'ExpEther Exception', `Not a valid EESV node ${id}`)
  return valenceJson(systemView(b, true))
}

/** The ExpEther driver has no racks (AttributeError → 500); a redfishv1 pod manager has none in the fake. */
const racks: ValenceRoute = async (ctx, id) => {
  const podm = await podmOf(ctx)
  if (podm.driver === 'expether') throw pythonError('AttributeError', `'ExpEtherManager' object has no attribute '${id === undefined ? 'list_racks' : 'show_rack'}'`)
  if (id === undefined) return ctx.list('racks', [])
  throw notFound(`Rack ${id} not found`)
}

const notImplemented: ValenceRoute = () => {
  throw pythonError('NotImplemented', '501 Not Implemented: The server does not support the action requested by the browser.', 501)
}

const ID = '([^/]+)'

/**
 * Path patterns (after the prefix; trailing slash optional, as Flask's `strict_slashes = False`)
 * and the route of each method. Static routes come before `{id}` ones, as Flask matches them.
 * @example const hit = matchValenceRoute('/v1/devices/sync'); hit?.methods.POST
 */
export const VALENCE_ROUTES: [RegExp, Record<string, ValenceRoute>][] = [
  [/^\/?$/, { GET: root }],
  [/^\/v1$/, { GET: root }],
  [/^\/v1\/pod_managers$/, { GET: (ctx) => ctx.list('pod_managers', [...ctx.state.podManagers.values()]), POST: createPodm }],
  [new RegExp(`^/v1/pod_managers/${ID}$`), {
    GET: (ctx, id) => valenceJson(ctx.state.get(ctx.state.podManagers, id!, 'Pod Manager %s')),
    PATCH: patchPodm,
    DELETE: (ctx, id) => (ctx.state.deletePodm(id!), ctx.deleted({ request_id: REQUEST_ID, code: '', detail: 'DELETED' })),
  }],
  [/^\/v1\/nodes$/, { GET: listNodes, POST: composeNode }],
  [/^\/v1\/nodes\/manage$/, { POST: manageNode }],
  [new RegExp(`^/v1/nodes/${ID}$`), { GET: getNode, DELETE: deleteNode }],
  [new RegExp(`^/v1/nodes/${ID}/action$`), { POST: nodeAction }],
  [new RegExp(`^/v1/nodes/${ID}/register$`), { POST: registerNode }],
  [new RegExp(`^/v1/nodes/${ID}/storages$`), { GET: notImplemented }],
  [/^\/v1\/storages(\/[^/]+)?$/, { GET: notImplemented }],
  [/^\/v1\/flavors$/, { GET: (ctx) => ctx.list('flavors', [...ctx.state.flavors.values()]), POST: createFlavor }],
  [new RegExp(`^/v1/flavors/${ID}$`), {
    GET: (ctx, id) => valenceJson(ctx.state.get(ctx.state.flavors, id!, 'Flavor %s')),
    PATCH: patchFlavor,
    DELETE: (ctx, id) => {
      ctx.state.get(ctx.state.flavors, id!, 'Flavor %s')
      ctx.state.flavors.delete(id!)
      return ctx.deleted({ request_id: REQUEST_ID, code: 'DELETED', detail: `This flavor ${id} has been deleted successfully` })
    },
  }],
  [/^\/v1\/devices$/, { GET: (ctx) => ctx.list('devices', ctx.state.filter(ctx.state.devices, ctx.query).map((d) => ValenceState.brief(d, DEVICE_BRIEF))) }],
  [/^\/v1\/devices\/sync$/, { POST: sync }],
  [new RegExp(`^/v1/devices/${ID}$`), { GET: (ctx, id) => valenceJson(ctx.state.get(ctx.state.devices, id!, 'Device %s')) }],
  [/^\/v1\/systems$/, { GET: systems }],
  [new RegExp(`^/v1/systems/${ID}$`), { GET: systems }],
  [/^\/v1\/racks$/, { GET: racks }],
  [new RegExp(`^/v1/racks/${ID}$`), { GET: racks }],
]

/**
 * The route table entry for a path, with its captured (decoded) ids.
 * @example const hit = matchValenceRoute('/v1/nodes/abc/action'); hit?.methods.POST
 */
export function matchValenceRoute(path: string): { methods: Record<string, ValenceRoute>; args: string[] } | undefined {
  const p = path.length > 1 ? path.replace(/\/$/, '') : path
  for (const [re, methods] of VALENCE_ROUTES) {
    const m = re.exec(p)
    if (m) return { methods, args: m.slice(1).filter((a) => a !== undefined).map((a) => decodeURIComponent(a.replace(/^\//, ''))) }
  }
  return undefined
}
