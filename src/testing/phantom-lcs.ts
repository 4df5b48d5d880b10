// src/testing/phantom-lcs.ts — Phantom REST launch configurations: cloud_params per site, contextualization, ?public=true, 302 on a duplicate name.
import { flag, type PhantomContext, type PhantomRoute } from './phantom-context.js'
import { jsonBody, phantomJson, phantomRedirect, phantomText, RESOURCE_PATTERN } from './phantom-http.js'
import type { PhantomCloudParams, PhantomLaunchConfiguration } from './phantom-types.js'

const CLOUD_PARAMS = ['image_id', 'instance_type', 'max_vms', 'common', 'rank']

/**
 * A launch configuration as GET shows it: contextualization read back from the deployable type
 * (`user_data`, `chef` or `none`), the cloud params, the uri.
 * @example phantomJson(lcView(ctx, lc))
 */
export function lcView(ctx: PhantomContext, lc: PhantomLaunchConfiguration): Record<string, unknown> {
  const method = lc.contextualization_method === 'user_data' || (lc.user_data ?? null) !== null ? 'user_data' : lc.contextualization_method === 'chef' ? 'chef' : 'none'
  const view: Record<string, unknown> = { id: lc.id, name: lc.name, owner: lc.owner, cloud_params: lc.cloud_params, contextualization_method: method }
  if (method === 'user_data') view.user_data = lc.user_data ?? null
  if (method === 'chef') Object.assign(view, { chef_runlist: lc.chef_runlist ?? null, chef_attributes: lc.chef_attributes ?? null })
  view.uri = ctx.uri(`/launchconfigurations/${lc.id}`)
  return view
}

/** The cloud_params of a body, or the 400 naming what a site lacks. */
function cloudParams(json: Record<string, unknown>): Record<string, PhantomCloudParams> | Response {
  const cp = json.cloud_params
  if (typeof cp !== 'object' || cp === null || Array.isArray(cp)) return phantomText(400, 'cloud_params must be an object of sites')
  for (const [site, p] of Object.entries(cp)) {
    const missing = CLOUD_PARAMS.filter((k) => typeof p !== 'object' || p === null || !(k in p))
    if (missing.length) return phantomText(400, `Missing parameters. ${site} needs: ${missing.join(', ')}.`)
  }
  return cp as Record<string, PhantomCloudParams>
}

function context(json: Record<string, unknown>, fallback: string): Pick<PhantomLaunchConfiguration, 'contextualization_method' | 'user_data' | 'chef_runlist' | 'chef_attributes' | 'appliance'> {
  const s = (k: string): string | null => (typeof json[k] === 'string' ? (json[k] as string) : null)
  return { contextualization_method: s('contextualization_method') ?? fallback, user_data: s('user_data'), chef_runlist: s('chef_runlist'), chef_attributes: s('chef_attributes'), appliance: s('appliance') }
}

/** The LC if the user owns it. */
const owned = (ctx: PhantomContext, id: string): PhantomLaunchConfiguration | undefined => {
  const lc = ctx.state.launchConfigurations.get(Number(id))
  return lc && lc.owner === ctx.user.username ? lc : undefined
}

/** GET /launchconfigurations[?public=true]: the user's (and with public=true the published ones). @example // GET /api/dev/launchconfigurations */
export const listLcs: PhantomRoute = (ctx) => {
  const pub = flag(ctx.url, 'public')
  return phantomJson([...ctx.state.launchConfigurations.values()].filter((lc) => lc.owner === ctx.user.username || (pub && lc.public)).map((lc) => lcView(ctx, lc)))
}

/**
 * POST /launchconfigurations `{name, cloud_params: {<site>: {image_id, instance_type, max_vms, common, rank}}, …}`:
 * 201 with `contextualization_method` as sent (default `'None'`, as Phantom answers); a name the user
 * already has → 302 to it.
 * @example // POST /api/dev/launchconfigurations {"name": "web", "cloud_params": {"hotel": {…}}}
 */
export const createLc: PhantomRoute = async (ctx) => {
  const { json } = await jsonBody(ctx.request)
  if (!json) return phantomText(400, "Couldn't load json from body")
  if (!('name' in json) || !('cloud_params' in json)) return phantomText(400, 'Request must have name, cloud_params params')
  const cp = cloudParams(json)
  if (cp instanceof Response) return cp
  const name = String(json.name)
  if (!new RegExp(`^${RESOURCE_PATTERN}+$`).test(name)) return phantomText(400, `${name} isn't an acceptable id. Must match ${RESOURCE_PATTERN}`)
  const existing = [...ctx.state.launchConfigurations.values()].find((lc) => lc.owner === ctx.user.username && lc.name === name)
  if (existing) return phantomRedirect(ctx.absolute(`/launchconfigurations/${existing.id}`))
  const lc: PhantomLaunchConfiguration = { id: ctx.state.nextLcId(), name, owner: ctx.user.username, cloud_params: cp, public: false, ...context(json, 'None') }
  ctx.state.launchConfigurations.set(lc.id, lc)
  const answer: Record<string, unknown> = { id: lc.id, name, owner: lc.owner, appliance: lc.appliance, contextualization_method: lc.contextualization_method, cloud_params: cp, uri: ctx.uri(`/launchconfigurations/${lc.id}`) }
  if (lc.contextualization_method === 'user_data') answer.user_data = lc.user_data
  if (lc.contextualization_method === 'chef') Object.assign(answer, { chef_runlist: lc.chef_runlist, chef_attributes: lc.chef_attributes })
  return phantomJson(answer, 201)
}

/** GET /launchconfigurations/{id}; 404 "Launch configuration X not found" (also for another user's). @example // GET /api/dev/launchconfigurations/1 */
export const getLc: PhantomRoute = (ctx, id) => {
  const lc = owned(ctx, id!)
  return lc ? phantomJson(lcView(ctx, lc)) : phantomText(404, `Launch configuration ${id} not found`)
}

/** PUT /launchconfigurations/{id} (name and cloud_params required): 200 with the new state. @example // PUT /api/dev/launchconfigurations/1 {…} */
export const putLc: PhantomRoute = async (ctx, id) => {
  const lc = owned(ctx, id!)
  if (!lc) return phantomText(404, `Launch configuration ${id} not found`)
  const { json } = await jsonBody(ctx.request)
  if (!json || !('name' in json) || !('cloud_params' in json)) return phantomText(400)
  const cp = cloudParams(json)
  if (cp instanceof Response) return cp
  Object.assign(lc, { cloud_params: cp }, context(json, 'none'))
  return phantomJson(lcView(ctx, lc))
}

/** DELETE /launchconfigurations/{id}: 204, or 404. @example // DELETE /api/dev/launchconfigurations/1 */
export const deleteLc: PhantomRoute = (ctx, id) => {
  const lc = owned(ctx, id!)
  if (!lc) return phantomText(404, `Launch configuration ${id} not found`)
  ctx.state.launchConfigurations.delete(lc.id)
  return new Response(null, { status: 204 })
}
