// src/testing/phantom-domains.ts — Phantom REST domains (multicloud or sensor) and their instances, kept at their size through EPU states on the fake clock.
import { randomUUID } from 'node:crypto'
import { flag, type PhantomContext, type PhantomRoute } from './phantom-context.js'
import { EPU_STATES, epuState } from './phantom-epu.js'
import { jsonBody, phantomJson, phantomRedirect, phantomText } from './phantom-http.js'
import type { PhantomDomain, PhantomInstance } from './phantom-types.js'

const SENSOR_FIELDS = ['lc_name', 'sensor_cooldown', 'sensor_maximum_vms', 'sensor_minimum_vms', 'sensor_metric', 'sensor_scale_down_vms', 'sensor_scale_down_threshold', 'sensor_scale_up_vms', 'sensor_scale_up_threshold']

/** PhantomWebException's message for a domain body the engines do not take, else undefined. */
function domainProblem(p: Record<string, unknown>): string | undefined {
  const need = p.de_name === 'sensor' ? SENSOR_FIELDS : p.de_name === 'multicloud' ? ['lc_name', 'vm_count'] : undefined
  if (!need) return `de_name '${typeof p.de_name === 'string' ? p.de_name : 'None'}' is not supported`
  const missing = need.find((k) => !(k in p))
  return missing ? `Mandatory parameter '${missing}' is missing` : undefined
}

/** A domain as GET shows it (`util.get_domain`): its engine's fields, sensor_data, owner, uri. */
function domainView(ctx: PhantomContext, d: PhantomDomain): Record<string, unknown> {
  const p = d.params
  const view: Record<string, unknown> = { id: d.id, de_name: p.de_name, name: d.name, sensor_data: {}, monitor_sensors: p.monitor_sensors ?? '', monitor_domain_sensors: p.monitor_domain_sensors ?? '' }
  if (p.chef_credential !== undefined) view.chef_credential = p.chef_credential
  for (const k of p.de_name === 'sensor' ? SENSOR_FIELDS : ['vm_count', 'lc_name']) view[k] = p[k]
  return { ...view, owner: d.owner, uri: ctx.uri(`/domains/${d.id}`) }
}

/** The user's domain, transitions applied. */
function owned(ctx: PhantomContext, id: string): PhantomDomain | undefined {
  ctx.state.settle()
  const d = ctx.state.domains.get(id)
  return d && d.owner === ctx.user.username ? d : undefined
}

/** GET /domains. @example // GET /api/dev/domains */
export const listDomains: PhantomRoute = (ctx) => phantomJson([...ctx.state.domains.values()].filter((d) => d.owner === ctx.user.username).map((d) => domainView(ctx, d)))

/**
 * POST /domains `{name, lc_name, de_name: "multicloud", vm_count}` (or `de_name: "sensor"` with
 * `sensor_*`): 201, instances start launching; a name the user has → 302; an unknown launch
 * configuration or de_name, or a missing field → 400 plain text.
 * @example // POST /api/dev/domains {"name": "web", "lc_name": "web-lc", "de_name": "multicloud", "vm_count": 2}
 */
export const createDomain: PhantomRoute = async (ctx) => {
  const { json } = await jsonBody(ctx.request)
  if (!json) return phantomText(400)
  if (json.name === undefined || json.name === null) return phantomText(400, 'You must provide a name for your domain')
  const name = String(json.name)
  const existing = [...ctx.state.domains.values()].find((d) => d.owner === ctx.user.username && d.name === name)
  if (existing) return phantomRedirect(ctx.absolute(`/domains/${existing.id}`))
  const lc = [...ctx.state.launchConfigurations.values()].find((l) => l.owner === ctx.user.username && l.name === json.lc_name)
  if (!lc) return phantomText(400, `No launch configuration named ${String(json.lc_name ?? 'None')}. Can't make domain`)
  const problem = domainProblem(json)
  if (problem) return phantomText(400, problem)
  const clouds = Object.entries(lc.cloud_params).map(([site_name, c]) => ({ site_name, rank: c.rank, size: c.max_vms }))
  const d: PhantomDomain = { id: randomUUID(), owner: ctx.user.username, name, params: { ...json, clouds } }
  d.params.id = d.id
  ctx.state.domains.set(d.id, d)
  ctx.state.reconcile(d)
  return phantomJson({ ...d.params, owner: d.owner, uri: ctx.uri(`/domains/${d.id}`) }, 201)
}

/** GET /domains/{id}; 404 "Domain X not found". @example // GET /api/dev/domains/<uuid> */
export const getDomain: PhantomRoute = (ctx, id) => {
  const d = owned(ctx, id!)
  return d ? phantomJson(domainView(ctx, d)) : phantomText(404, `Domain ${id} not found`)
}

/** PUT /domains/{id} with the whole domain (e.g. a new vm_count): 200; instances follow. @example // PUT /api/dev/domains/<uuid> {…, "vm_count": 3} */
export const putDomain: PhantomRoute = async (ctx, id) => {
  const d = owned(ctx, id!)
  if (!d) return phantomText(404, `Domain ${id} not found`)
  const { json } = await jsonBody(ctx.request)
  if (!json) return phantomText(400)
  const problem = domainProblem(json)
  if (problem) return phantomText(400, problem)
  Object.assign(d, { name: typeof json.name === 'string' ? json.name : d.name, params: { ...json, id: d.id } })
  ctx.state.reconcile(d)
  return phantomJson({ ...d.params, owner: d.owner, uri: ctx.uri(`/domains/${d.id}`) })
}

/** DELETE /domains/{id}: 204; the domain and its instances are gone. @example // DELETE /api/dev/domains/<uuid> */
export const deleteDomain: PhantomRoute = (ctx, id) => {
  const d = owned(ctx, id!)
  if (!d) return phantomText(404, `Domain ${id} not found`)
  ctx.state.domains.delete(d.id)
  for (const i of ctx.state.instancesOf(d.id)) ctx.state.instances.delete(i.id)
  return new Response(null, { status: 204 })
}

/** An instance as Phantom lists it; hostname and addresses appear once it is running. */
function instanceView(ctx: PhantomContext, i: PhantomInstance): Record<string, unknown> {
  const state = epuState(i, ctx.state.clock.now())
  const up = Number.parseInt(state, 10) >= Number.parseInt(EPU_STATES.RUNNING, 10)
  return {
    id: i.id,
    iaas_instance_id: i.iaasInstanceId,
    lifecycle_state: state,
    hostname: up ? `vm-${i.n}.${i.site}.phantom.strato.test` : '',
    public_ip: up ? `192.0.2.${(i.n % 250) + 1}` : '',
    private_ip: up ? `10.0.${Math.floor(i.n / 250) % 250}.${(i.n % 250) + 1}` : '',
    cloud: ctx.uri(`/sites/${i.site}`),
    image_id: i.imageId,
    instance_type: i.instanceType,
    sensor_data: {},
    keyname: i.keyname,
    owner: ctx.user.username,
    uri: ctx.uri(`/domains/${i.domainId}/instances/${i.id}`),
  }
}

/** GET /domains/{id}/instances, terminating ones included until gone. @example // GET /api/dev/domains/<uuid>/instances */
export const listInstances: PhantomRoute = (ctx, id) => {
  const d = owned(ctx, id!)
  return d ? phantomJson(ctx.state.instancesOf(d.id).map((i) => instanceView(ctx, i))) : phantomText(404, `domain ${id} not found`)
}

/** GET /domains/{id}/instances/{iid}. @example // GET /api/dev/domains/<uuid>/instances/<iid> */
export const getInstance: PhantomRoute = (ctx, id, iid) => {
  const d = owned(ctx, id!)
  if (!d) return phantomText(404, `domain ${id} not found`)
  const i = ctx.state.instances.get(iid!)
  return i && i.domainId === d.id ? phantomJson(instanceView(ctx, i)) : phantomText(404, `instance ${iid} not found`)
}

/**
 * DELETE /domains/{id}/instances/{iid}[?adjust_policy=true]: 204; the instance terminates. Without
 * adjust_policy the engine launches a replacement; with it `vm_count` (or sensor_minimum_vms, and
 * sensor_maximum_vms with it) goes down by one.
 * @example // DELETE /api/dev/domains/<uuid>/instances/<iid>?adjust_policy=true
 */
export const deleteInstance: PhantomRoute = (ctx, id, iid) => {
  const d = owned(ctx, id!)
  const i = d ? ctx.state.instances.get(iid!) : undefined
  if (!d || !i || i.domainId !== d.id || i.terminatingAt !== undefined) return phantomText(404, `instance ${id} not found`)
  ctx.state.terminate(i)
  if (flag(ctx.url, 'adjust_policy')) {
    const p = d.params
    if ('vm_count' in p && Number(p.vm_count) >= 1) p.vm_count = Number(p.vm_count) - 1
    else if ('sensor_minimum_vms' in p && 'sensor_maximum_vms' in p) {
      if (Number(p.sensor_minimum_vms) >= 1) p.sensor_minimum_vms = Number(p.sensor_minimum_vms) - 1
      p.sensor_maximum_vms = p.sensor_minimum_vms
    }
  }
  ctx.state.reconcile(d)
  return new Response(null, { status: 204 })
}
