// src/testing/nova-misc.ts — /limits, /os-availability-zone[/detail] and /servers/{id}/remote-consoles (≥2.6).
import type { NovaContext } from './nova-context.js'
import { invalidInput, isObject, isoMicro, novaJson, pyRepr } from './nova-http.js'
import { vncUrl } from './nova-actions-image.js'
import { COMPUTE_HOST } from './nova-store.js'
import { checkRequired } from './nova-validate.js'

/**
 * `GET /limits`: the project's absolute limits and usage (admins may pass `tenant_id`); the fields
 * Nova dropped at 2.36 (network), 2.39 (image metadata) and 2.57 (personality) go with them.
 * @example await showLimits(ctx)
 */
export function showLimits(ctx: NovaContext): Response {
  const { mv, state } = ctx
  const requested = ctx.url.searchParams.get('tenant_id')
  const projectId = requested && ctx.caller.isAdmin ? requested : ctx.caller.projectId
  const q = state.quotaFor(projectId)
  const used = state.usage(projectId)
  const absolute: Record<string, number> = {
    maxServerMeta: q.metadata_items,
    maxTotalCores: q.cores,
    maxTotalInstances: q.instances,
    maxTotalKeypairs: q.key_pairs,
    maxTotalRAMSize: q.ram,
    maxServerGroups: q.server_groups,
    maxServerGroupMembers: q.server_group_members,
    totalCoresUsed: used.cores,
    totalInstancesUsed: used.instances,
    totalRAMUsed: used.ram,
    totalServerGroupsUsed: [...state.serverGroups.values()].filter((g) => g.projectId === projectId).length,
  }
  if (!mv.atLeast('2.36')) Object.assign(absolute, { maxSecurityGroups: 10, maxSecurityGroupRules: 20, maxTotalFloatingIps: 10, totalSecurityGroupsUsed: 1, totalFloatingIpsUsed: 0 })
  if (!mv.atLeast('2.39')) absolute.maxImageMeta = 128
  if (!mv.atLeast('2.57')) Object.assign(absolute, { maxPersonality: 5, maxPersonalitySize: 10240 })
  return novaJson({ limits: { absolute, rate: [] } })
}

/**
 * `GET /os-availability-zone` (the `nova` zone) and `/os-availability-zone/detail` (admin: with hosts and services).
 * @example await availabilityZones(ctx, false)
 */
export function availabilityZones(ctx: NovaContext, detail: boolean): Response {
  if (!detail) return novaJson({ availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: true }, hosts: null }] })
  if (!ctx.caller.isAdmin) return ctx.fail(403, "Policy doesn't allow os_compute_api:os-availability-zone:detail to be performed.")
  const service = () => ({ available: true, active: true, updated_at: isoMicro(ctx.state.now()) })
  return novaJson({
    availabilityZoneInfo: [
      { zoneName: 'internal', zoneState: { available: true }, hosts: { controller: { 'nova-conductor': service(), 'nova-scheduler': service() } } },
      { zoneName: 'nova', zoneState: { available: true }, hosts: { [COMPUTE_HOST]: { 'nova-compute': service() } } },
    ],
  })
}

const CONSOLE_TYPES: Record<string, string[]> = {
  vnc: ['novnc', 'xvpvnc'],
  spice: ['spice-html5'],
  rdp: ['rdp-html5'],
  serial: ['serial'],
  mks: ['webmks'],
}

/**
 * `POST /servers/{id}/remote-consoles` (≥2.6; `mks` ≥2.8): the fake serves vnc/novnc only, other
 * types are Nova's "Unavailable console type"; 409 unless the server is running.
 * @example await createRemoteConsole(ctx, id)
 */
export async function createRemoteConsole(ctx: NovaContext, id: string): Promise<Response> {
  const body = await ctx.body()
  if (body instanceof Response) return body
  if (!isObject(body.remote_console)) return ctx.fail(400, checkRequired(body, '', ['remote_console']) ?? invalidInput('remote_console', body.remote_console, `${pyRepr(body.remote_console)} is not of type 'object'`))
  const rc = body.remote_console
  const missing = checkRequired(rc, 'remote_console', ['protocol', 'type'])
  if (missing) return ctx.fail(400, missing)
  const protocols = Object.keys(CONSOLE_TYPES).filter((p) => p !== 'mks' || ctx.mv.atLeast('2.8'))
  if (typeof rc.protocol !== 'string' || !protocols.includes(rc.protocol)) return ctx.fail(400, invalidInput('protocol', rc.protocol, `${pyRepr(rc.protocol)} is not one of ${pyRepr(protocols)}`))
  const types = protocols.flatMap((p) => CONSOLE_TYPES[p]!)
  if (typeof rc.type !== 'string' || !types.includes(rc.type)) return ctx.fail(400, invalidInput('type', rc.type, `${pyRepr(rc.type)} is not one of ${pyRepr(types)}`))
  const server = ctx.server(id)
  if (server instanceof Response) return server
  if (!CONSOLE_TYPES[rc.protocol]!.includes(rc.type)) return ctx.fail(400, `Invalid console type ${rc.type}`)
  if (rc.protocol !== 'vnc' || rc.type !== 'novnc') return ctx.fail(400, `Unavailable console type ${rc.type}.`)
  if (server.vmState !== 'active' || !server.host) return ctx.fail(409, `Instance ${server.id} is not ready`)
  return novaJson({ remote_console: { protocol: rc.protocol, type: rc.type, url: vncUrl() } })
}
