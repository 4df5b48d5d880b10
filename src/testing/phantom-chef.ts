// src/testing/phantom-chef.ts — Phantom REST Chef credentials: list, create (302 to an existing id), get, replace, delete.
import type { PhantomContext, PhantomRoute } from './phantom-context.js'
import { jsonBody, phantomJson, phantomRedirect, phantomText, pyList, RESOURCE_PATTERN } from './phantom-http.js'
import type { PhantomChefCredentials } from './phantom-types.js'

const ON_POST = ['id', 'server_url', 'client_name', 'client_key', 'validator_key']
const ON_PUT = ['server_url', 'client_key', 'client_name', 'validator_key']

const view = (ctx: PhantomContext, c: PhantomChefCredentials): Record<string, unknown> => ({ ...c, uri: ctx.uri(`/credentials/chef/${c.id}`) })
const mine = (ctx: PhantomContext): Map<string, PhantomChefCredentials> => ctx.state.of(ctx.state.chefCredentials, ctx.user.username)

function fromBody(id: string, json: Record<string, unknown>): PhantomChefCredentials {
  const s = (k: string, d = ''): string => (typeof json[k] === 'string' ? (json[k] as string) : d)
  return { id, server_url: s('server_url'), client_name: s('client_name'), validation_client_name: s('validation_client_name', 'chef-validator'), client_key: s('client_key'), validator_key: s('validator_key') }
}

/** GET /credentials/chef. @example // GET /api/dev/credentials/chef → [{id, server_url, client_name, …, uri}] */
export const listChef: PhantomRoute = (ctx) => phantomJson([...mine(ctx).values()].map((c) => view(ctx, c)))

/**
 * POST /credentials/chef: 201; an id that exists → 302 to it.
 * @example // POST /api/dev/credentials/chef {"id": "chef1", "server_url": "https://chef", "client_name": "admin", "client_key": "…", "validator_key": "…"}
 */
export const addChef: PhantomRoute = async (ctx) => {
  const { text, json } = await jsonBody(ctx.request)
  if (!json) return phantomText(400, `Bad request (${text}). No JSON. See API docs: http://www.nimbusproject.org/doc/phantom/latest/api.html`)
  if (!ON_POST.every((p) => p in json)) return phantomText(400, `Bad request. Do not have all required parameters (${pyList(ON_POST)})`)
  const id = String(json.id)
  if (!new RegExp(`^${RESOURCE_PATTERN}+$`).test(id)) return phantomText(400, `${id} isn't an acceptable id. Must match ${RESOURCE_PATTERN}`)
  if (mine(ctx).has(id)) return phantomRedirect(ctx.absolute(`/credentials/chef/${id}`))
  const c = fromBody(id, json)
  mine(ctx).set(id, c)
  return phantomJson(view(ctx, c), 201)
}

/** GET /credentials/chef/{id}; 404. @example // GET /api/dev/credentials/chef/chef1 */
export const getChef: PhantomRoute = (ctx, id) => {
  const c = mine(ctx).get(id!)
  return c ? phantomJson(view(ctx, c)) : phantomText(404, `Credentials for site ${id} not found`)
}

/** PUT /credentials/chef/{id}: 200; a bare 400 when it does not exist or fields are missing. @example // PUT /api/dev/credentials/chef/chef1 {…} */
export const putChef: PhantomRoute = async (ctx, id) => {
  const { text, json } = await jsonBody(ctx.request)
  if (!json) return phantomText(400, `Bad request (${text}). No JSON. See API docs: http://www.nimbusproject.org/doc/phantom/latest/api.html`)
  if (!ON_PUT.every((p) => p in json)) return phantomText(400, `Bad request. Do not have all required parameters (${pyList(ON_PUT)})`)
  if (!mine(ctx).has(id!)) return phantomText(400)
  const c = fromBody(id!, json)
  mine(ctx).set(id!, c)
  return phantomJson(view(ctx, c))
}

/** DELETE /credentials/chef/{id}: 204; a bare 400 when it does not exist. @example // DELETE /api/dev/credentials/chef/chef1 */
export const deleteChef: PhantomRoute = (ctx, id) => (mine(ctx).delete(id!) ? new Response(null, { status: 204 }) : phantomText(400))
