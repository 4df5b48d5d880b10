// src/testing/phantom-sites.ts — Phantom REST sites (with ?details=true), SSH key upload, per-site credentials, and the sensor list.
import { flag, type PhantomContext, type PhantomRoute } from './phantom-context.js'
import { jsonBody, phantomJson, phantomText, pyList, RESOURCE_PATTERN } from './phantom-http.js'
import type { PhantomSite, PhantomSiteCredentials } from './phantom-types.js'

/** The fixed OpenTSDB metrics PhantomWebApp offers as sensors (a selection of `OPENTSDB_METRICS`). @example SENSORS.includes('proc.loadavg.1min') // true */
export const SENSORS: readonly string[] = (
  'df.1kblocks.free df.1kblocks.total df.1kblocks.used df.inodes.free df.inodes.total df.inodes.used iostat.part.read_requests ' +
  'iostat.part.write_requests net.sockstat.num_sockets proc.net.bytes proc.net.packets proc.loadavg.15min proc.loadavg.1min ' +
  'proc.loadavg.5min proc.loadavg.runnable proc.meminfo.memfree proc.meminfo.memtotal'
).split(' ')

function siteView(ctx: PhantomContext, s: PhantomSite, details: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = { id: s.id, instance_types: s.instanceTypes, credentials: ctx.uri(`/credentials/sites/${s.id}`), uri: ctx.uri(`/sites/${s.id}`) }
  if (details) Object.assign(view, { type: s.type, image_generation: s.imageGeneration, user_images: s.userImages, public_images: s.publicImages })
  return view
}

/** GET /sites[?details=true]. @example // GET /api/dev/sites?details=true → [{id, instance_types, credentials, uri, type, …}] */
export const listSites: PhantomRoute = (ctx) => phantomJson([...ctx.state.sites.values()].map((s) => siteView(ctx, s, flag(ctx.url, 'details'))))

/** GET /sites/{site}; 404 "Site X not found". @example // GET /api/dev/sites/hotel */
export const getSite: PhantomRoute = (ctx, id) => {
  const s = ctx.state.sites.get(id!)
  return s ? phantomJson(siteView(ctx, s, flag(ctx.url, 'details'))) : phantomText(404, `Site ${id} not found`)
}

/**
 * POST /sites/{site}/sshkeys `{name, key}`: 201 echoing the body; the user needs credentials for the site.
 * @example // POST /api/dev/sites/hotel/sshkeys {"name": "mykey", "key": "ssh-rsa AAAA…"}
 */
export const uploadSshKey: PhantomRoute = async (ctx, site) => {
  const { text, json } = await jsonBody(ctx.request)
  if (!json) return phantomText(400, `Bad request (${text}). No JSON. See API docs: http://www.nimbusproject.org/doc/phantom/latest/api.html`)
  if (!('name' in json) || !('key' in json)) return phantomText(400, `Bad request. Do not have all required parameters (${pyList(['name', 'key'])})`)
  if (!ctx.state.siteCredentials.get(ctx.user.username)?.has(site!)) return phantomText(400, `No cloud named ${site} associated with the user`)
  ctx.state.of(ctx.state.sshKeys, ctx.user.username).set(site!, [...(ctx.state.sshKeys.get(ctx.user.username)?.get(site!) ?? []), String(json.name)])
  return phantomText(201, text)
}

const REQUIRED = ['id', 'access_key', 'secret_key', 'key_name']
const PACKER = ['nimbus_user_cert', 'nimbus_user_key', 'nimbus_canonical_id', 'openstack_username', 'openstack_password', 'openstack_project']

function credentialView(ctx: PhantomContext, c: PhantomSiteCredentials, details: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = { id: c.id, access_key: c.access_key, secret_key: c.secret_key, key_name: c.key_name, uri: ctx.uri(`/credentials/sites/${c.id}`) }
  if (details) {
    view.available_keys = [...new Set([c.key_name, ...(ctx.state.sshKeys.get(ctx.user.username)?.get(c.id) ?? [])])]
    for (const f of PACKER) if (c[f] !== undefined && c[f] !== null) view[f] = c[f]
  }
  return view
}

/** GET /credentials/sites[?details=true]. @example // GET /api/dev/credentials/sites */
export const listSiteCredentials: PhantomRoute = (ctx) => phantomJson([...ctx.state.of(ctx.state.siteCredentials, ctx.user.username).values()].map((c) => credentialView(ctx, c, flag(ctx.url, 'details'))))

/**
 * POST /credentials/sites `{id, access_key, secret_key, key_name, …}`: 201 (a second POST replaces them); 400 for an unknown site.
 * @example // POST /api/dev/credentials/sites {"id": "hotel", "access_key": "…", "secret_key": "…", "key_name": "phantomkey"}
 */
export const addSiteCredentials: PhantomRoute = async (ctx) => {
  const { text, json } = await jsonBody(ctx.request)
  if (!json) return phantomText(400, `Bad request (${text}). No JSON. See API docs: http://www.nimbusproject.org/doc/phantom/latest/api.html`)
  if (!REQUIRED.every((p) => p in json)) return phantomText(400, `Bad request. Do not have all required parameters (${pyList(REQUIRED)})`)
  const site = String(json.id)
  if (!ctx.state.sites.has(site)) return phantomText(400, `${site} doesn't seem to exist. I know about ${pyList([...ctx.state.sites.keys()])}`)
  if (!new RegExp(`^${RESOURCE_PATTERN}+$`).test(site)) return phantomText(400, `${site} isn't an acceptable id. Must match ${RESOURCE_PATTERN}`)
  const c: PhantomSiteCredentials = { id: site, access_key: String(json.access_key), secret_key: String(json.secret_key), key_name: String(json.key_name) }
  for (const f of PACKER) c[f] = typeof json[f] === 'string' ? (json[f] as string) : null
  ctx.state.of(ctx.state.siteCredentials, ctx.user.username).set(site, c)
  const { id, access_key, secret_key, key_name, ...packer } = c
  return phantomJson({ id, access_key, secret_key, key_name, uri: ctx.uri(`/credentials/sites/${site}`), ...packer }, 201)
}

/** GET /credentials/sites/{site}; 404 when the user has none. @example // GET /api/dev/credentials/sites/hotel */
export const getSiteCredentials: PhantomRoute = (ctx, site) => {
  const c = ctx.state.siteCredentials.get(ctx.user.username)?.get(site!)
  return c ? phantomJson(credentialView(ctx, c, flag(ctx.url, 'details'))) : phantomText(404, `Credentials for site ${site} not found`)
}

/** PUT /credentials/sites/{site}: 200; a bare 400 unless the body names the same site, existing, with credentials already. @example // PUT /api/dev/credentials/sites/hotel {…} */
export const putSiteCredentials: PhantomRoute = async (ctx, site) => {
  const { json } = await jsonBody(ctx.request)
  const mine = ctx.state.of(ctx.state.siteCredentials, ctx.user.username)
  if (!json || !REQUIRED.every((p) => p in json) || json.id !== site || !ctx.state.sites.has(site!) || !mine.has(site!)) return phantomText(400)
  const c = { ...mine.get(site!)!, access_key: String(json.access_key), secret_key: String(json.secret_key), key_name: String(json.key_name) }
  mine.set(site!, c)
  return phantomJson({ id: site, access_key: c.access_key, secret_key: c.secret_key, key_name: c.key_name, uri: ctx.uri(`/credentials/sites/${site}`) })
}

/** DELETE /credentials/sites/{site}: 204; 400 "Site X not available. Choose from […]". @example // DELETE /api/dev/credentials/sites/hotel */
export const deleteSiteCredentials: PhantomRoute = (ctx, site) => {
  const mine = ctx.state.of(ctx.state.siteCredentials, ctx.user.username)
  if (!mine.delete(site!)) return phantomText(400, `Site ${site} not available. Choose from ${pyList([...mine.keys()])}`)
  return new Response(null, { status: 204 })
}

/** GET /sensors: `[{id, uri}]`. @example // GET /api/dev/sensors */
export const listSensors: PhantomRoute = (ctx) => phantomJson(SENSORS.map((id) => ({ id, uri: ctx.uri(`/sensors/${id}`) })))

/** GET /sensors/{id}; 404 "Sensor 'x' does not exist". @example // GET /api/dev/sensors/proc.loadavg.1min */
export const getSensor: PhantomRoute = (ctx, id) => (SENSORS.includes(id!) ? phantomJson({ id, uri: ctx.uri(`/sensors/${id}`) }) : phantomText(404, `Sensor '${id}' does not exist`, 'text/html; charset=utf-8'))
