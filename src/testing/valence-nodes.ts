// src/testing/valence-nodes.ts — the fake Valence's node routes: list, compose (flavor or properties), manage, show, delete, actions (attach, detach, Boot, Reset) and ironic register.
import { badRequest, pythonError, readJson, ValenceError, valenceJson } from './valence-http.js'
import type { ValenceContext, ValenceRoute } from './valence-routes.js'
import { check, SCHEMAS } from './valence-schemas.js'
import { NODE_BRIEF, ValenceState } from './valence-store.js'
import type { ValenceNode } from './valence-types.js'

const node = (ctx: ValenceContext, id: string): ValenceNode => ctx.state.get(ctx.state.nodes, id, "Composed node '%s'")
const brief = (n: ValenceNode): Partial<ValenceNode> => ValenceState.brief(n, NODE_BRIEF)

/** `req['podm_id']`: Valence reads it without a default, so a body without one fails with Python's KeyError. */
function podmId(req: Record<string, unknown>): string {
  if (typeof req.podm_id !== 'string') throw pythonError('KeyError', "'podm_id'")
  return req.podm_id
}

/** GET /v1/nodes, filtered by query arguments (exact match). @example // GET /valence/v1/nodes?podm_id=… */
export const listNodes: ValenceRoute = (ctx) => ctx.list('nodes', ctx.state.filter(ctx.state.nodes, ctx.query).map(brief))

/**
 * POST /v1/nodes `{name, podm_id, flavor_id | properties: {pci_device: {type: [...]}}}`: 200 with
 * `{uuid, name, index, resource_uri, podm_id}`; 404 "40400" when no EESV or device is free.
 * @example // POST /valence/v1/nodes {"name": "n1", "podm_id": "…", "properties": {"pci_device": {"type": ["NIC"]}}}
 */
export const composeNode: ValenceRoute = async (ctx) => {
  const req = check(SCHEMAS.compose, await readJson(ctx.request))
  const id = podmId(req)
  ctx.state.get(ctx.state.podManagers, id, 'Pod Manager %s')
  const props = (typeof req.flavor_id === 'string' ? ctx.state.get(ctx.state.flavors, req.flavor_id, 'Flavor %s').properties : req.properties) as { pci_device?: { type?: unknown[] } } | undefined
  const types = (props?.pci_device?.type ?? []).map(String)
  return valenceJson(brief(ctx.state.compose(id, String(req.name), types)))
}

/** POST /v1/nodes/manage `{node_index, podm_id}`: 200; 409 when already managed. @example // POST /valence/v1/nodes/manage {"node_index": "0x8cdf…", "podm_id": "…"} */
export const manageNode: ValenceRoute = async (ctx) => {
  const req = check(SCHEMAS.manage, await readJson(ctx.request))
  return valenceJson(brief(ctx.state.manage(podmId(req), String(req.node_index))))
}

/** GET /v1/nodes/{uuid}: the record merged over the EESV's live fields. @example // GET /valence/v1/nodes/<uuid> */
export const getNode: ValenceRoute = (ctx, id) => valenceJson(ctx.state.nodeDetail(node(ctx, id!)))

/** DELETE /v1/nodes/{uuid}: its devices detached; 200 `null` (the driver returns nothing), or 204. @example // DELETE /valence/v1/nodes/<uuid> */
export const deleteNode: ValenceRoute = (ctx, id) => {
  ctx.state.deleteNode(id!)
  return ctx.deleted(null)
}

const POWER: Record<string, string> = { On: 'on', ForceOn: 'on', ForceOff: 'off', GracefulRestart: 'on' }

/**
 * POST /v1/nodes/{uuid}/action with exactly one of `attach`/`detach` `{resource_id}`, `Boot`,
 * `Reset`: 204. The ExpEther driver has no Boot or Reset (400 "Unsupported action"); a
 * redfishv1 pod manager's node takes them (Reset sets the EESV's power).
 * @example // POST /valence/v1/nodes/<uuid>/action {"attach": {"resource_id": "<device uuid>"}}
 */
export const nodeAction: ValenceRoute = async (ctx, id) => {
  const n = node(ctx, id!)
  const req = check(SCHEMAS.action, await readJson(ctx.request))
  const action = Object.keys(req)[0]!
  const arg = req[action] as Record<string, string>
  const { url, driver } = ctx.state.driverOf(n)
  if (action === 'attach' || action === 'detach') {
    const device = ctx.state.get(ctx.state.devices, arg.resource_id!, 'Device %s')
    if (action === 'attach') ctx.state.attach(url, device, n.index)
    else ctx.state.detach(url, device)
  } else if (driver === 'expether') {
    throw badRequest(`Unsupported action: ${action}`)
  } else if (action === 'Reset') {
    const eesv = ctx.state.hardware.reach(url, n.index)!
    eesv.power_status = POWER[arg.Type!] ?? eesv.power_status
  }
  return valenceJson(null, 204)
}

/**
 * POST /v1/nodes/{uuid}/register `{driver_info, mac, driver?}`: the node is created in ironic
 * and its record answered with `managed_by: "ironic"`. As in Valence, a body without
 * `driver_info`, or without `mac` (an unbound `port_args`), fails with 500.
 * @example // POST /valence/v1/nodes/<uuid>/register {"driver_info": {"ipmi_address": "10.0.0.1"}, "mac": "11:11:11:11:11:11"}
 */
export const registerNode: ValenceRoute = async (ctx, id) => {
  const n = node(ctx, id!)
  const req = ((await readJson(ctx.request)) ?? {}) as Record<string, unknown>
  const fail = (why: string): never => {
    throw new ValenceError(500, 'An unknown exception occured', `Unexpected error while registering node with Ironic: ${why}`)
  }
  if (!req.driver_info) fail(`ExpEther Exception:Missing driver_info in params ${n.uuid}`)
  if (!req.mac) fail("local variable 'port_args' referenced before assignment")
  Object.assign(n, { managed_by: 'ironic', updated_at: ctx.state.now() })
  return valenceJson(n)
}
