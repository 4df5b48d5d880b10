// src/testing/nova-servers.ts — GET/PUT/DELETE /servers/{id} and /servers/{id}/ips.
import { checkLock, type NovaContext } from './nova-context.js'
import { invalidInput, isObject, novaEmpty, novaJson, pyRepr } from './nova-http.js'
import { deleteSteps } from './nova-lifecycle.js'
import { addressesOf, serverDetail } from './nova-server-view.js'
import { checkAdditional, checkName, checkRequired, checkString } from './nova-validate.js'

/**
 * `GET /servers/{id}`: the full server, 404 itemNotFound when unknown, deleted or another project's.
 * @example await showServer(ctx, id)
 */
export function showServer(ctx: NovaContext, id: string): Response {
  const server = ctx.server(id)
  if (server instanceof Response) return server
  return novaJson({ server: serverDetail(ctx, server) })
}

/**
 * `PUT /servers/{id}`: renames, sets access IPs, description (≥2.19) and hostname (≥2.90); 200 with the server.
 * @example await updateServer(ctx, id)
 */
export async function updateServer(ctx: NovaContext, id: string): Promise<Response> {
  const server = ctx.server(id)
  if (server instanceof Response) return server
  const body = await ctx.body()
  if (body instanceof Response) return body
  if (!isObject(body.server)) return ctx.fail(400, checkRequired(body, '', ['server']) ?? invalidInput('server', body.server, `${pyRepr(body.server)} is not of type 'object'`))
  const s = body.server
  const allowed = ['name', 'accessIPv4', 'accessIPv6', 'OS-DCF:diskConfig', ...(ctx.mv.atLeast('2.19') ? ['description'] : []), ...(ctx.mv.atLeast('2.90') ? ['hostname'] : [])]
  const problem =
    checkAdditional(s, 'server', allowed) ??
    (s.name !== undefined ? checkName(s.name) : undefined) ??
    checkString(s.description, 'description', 255, true) ??
    checkString(s.accessIPv4, 'accessIPv4') ??
    checkString(s.accessIPv6, 'accessIPv6') ??
    checkString(s.hostname, 'hostname', 63)
  if (problem) return ctx.fail(400, problem)
  if (typeof s.name === 'string') server.name = s.name
  if (s.description !== undefined) server.description = s.description as string | null
  if (typeof s.accessIPv4 === 'string') server.accessIPv4 = s.accessIPv4
  if (typeof s.accessIPv6 === 'string') server.accessIPv6 = s.accessIPv6
  if (typeof s.hostname === 'string') server.hostname = s.hostname
  if (s['OS-DCF:diskConfig'] === 'AUTO' || s['OS-DCF:diskConfig'] === 'MANUAL') server.diskConfig = s['OS-DCF:diskConfig']
  server.updatedAt = ctx.state.now()
  return novaJson({ server: serverDetail(ctx, server) })
}

/**
 * `DELETE /servers/{id}`: 204; the server shows task_state `deleting` for actionDelayMs, then is
 * gone (404) — or SOFT_DELETED when the fake has a reclaim interval. 409 when locked.
 * @example await deleteServer(ctx, id)
 */
export function deleteServer(ctx: NovaContext, id: string): Response {
  const server = ctx.server(id)
  if (server instanceof Response) return server
  const locked = checkLock(ctx, server)
  if (locked) return locked
  if (server.taskState === 'deleting') return novaEmpty(204)
  const { actionDelayMs, reclaimDelayMs } = ctx.config
  const soft = reclaimDelayMs > 0 && server.vmState !== 'soft-delete'
  const steps = deleteSteps(actionDelayMs, soft)
  if (soft) steps.push(...deleteSteps(0, false).map((s) => ({ ...s, afterMs: actionDelayMs + reclaimDelayMs })))
  ctx.state.schedule(server, steps)
  return novaEmpty(204)
}

/**
 * `GET /servers/{id}/ips` and `/ips/{network}`: the server's addresses, all or on one network (404 when not on it).
 * @example await serverIps(ctx, id, 'private')
 */
export function serverIps(ctx: NovaContext, id: string, network?: string): Response {
  const server = ctx.server(id)
  if (server instanceof Response) return server
  const addresses = addressesOf(server, false)
  if (network === undefined) return novaJson({ addresses })
  const onNetwork = addresses[network]
  if (!onNetwork) return ctx.fail(404, 'Instance is not a member of specified network')
  return novaJson({ [network]: onNetwork })
}
