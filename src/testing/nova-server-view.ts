// src/testing/nova-server-view.ts — a server's JSON as Nova's view builder writes it for the request's microversion and role.
import type { NovaContext } from './nova-context.js'
import { isoMicro, isoZ } from './nova-http.js'
import { statusOf } from './nova-states.js'
import type { NovaServer } from './nova-types.js'

/**
 * The `addresses` object of a server: fixed IPs grouped by network.
 * @example addressesOf(server, true) // { private: [{ addr: '10.0.0.3', version: 4, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:…' }] }
 */
export function addressesOf(server: NovaServer, extended: boolean): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {}
  for (const a of server.addresses) {
    const entry: Record<string, unknown> = { addr: a.addr, version: a.version }
    if (extended) Object.assign(entry, { 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': a.mac })
    ;(out[a.network] ??= []).push(entry)
  }
  return out
}

/**
 * The summary entry of `GET /servers`: id, links and name.
 * @example serverSummary(ctx, server) // { id, links, name }
 */
export function serverSummary(ctx: NovaContext, server: NovaServer): Record<string, unknown> {
  return { id: server.id, links: ctx.links('servers', server.id), name: server.name }
}

function flavorView(ctx: NovaContext, server: NovaServer): Record<string, unknown> {
  const flavor = ctx.state.flavors.get(server.flavorId)
  if (!ctx.mv.atLeast('2.47')) return { id: server.flavorId, links: [{ rel: 'bookmark', href: `${ctx.base}/flavors/${server.flavorId}` }] }
  const view: Record<string, unknown> = {
    vcpus: flavor?.vcpus ?? 0,
    ram: flavor?.ram ?? 0,
    disk: flavor?.disk ?? 0,
    ephemeral: flavor?.ephemeral ?? 0,
    swap: flavor?.swap ?? 0,
    original_name: flavor?.name ?? server.flavorId,
  }
  view.extra_specs = { ...flavor?.extraSpecs }
  return view
}

const PROGRESS_STATUSES: readonly string[] = ['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING']

/**
 * The full server body of `GET /servers/{id}` and `/servers/detail` for the request's microversion.
 * Admins also see the `OS-EXT-SRV-ATTR:*` fields (and `host_status` from 2.16).
 * @example novaJson({ server: serverDetail(ctx, server) })
 */
export function serverDetail(ctx: NovaContext, server: NovaServer): Record<string, unknown> {
  const { mv, caller } = ctx
  const status = server.deletedAt !== null ? 'DELETED' : statusOf(server.vmState, server.taskState)
  const body: Record<string, unknown> = {
    id: server.id,
    name: server.name,
    status,
    tenant_id: server.projectId,
    user_id: server.userId,
    metadata: { ...server.metadata },
    hostId: ctx.state.hostId(server),
    image: server.imageId ? { id: server.imageId, links: [{ rel: 'bookmark', href: `${ctx.base}/images/${server.imageId}` }] } : '',
    flavor: flavorView(ctx, server),
    created: isoZ(server.createdAt),
    updated: isoZ(server.updatedAt),
    addresses: addressesOf(server, true),
    accessIPv4: server.accessIPv4,
    accessIPv6: server.accessIPv6,
    links: ctx.links('servers', server.id),
    'OS-DCF:diskConfig': server.diskConfig,
    'OS-EXT-AZ:availability_zone': server.host ? server.availabilityZone : '',
    config_drive: server.configDrive,
    key_name: server.keyName,
    'OS-SRV-USG:launched_at': server.launchedAt === null ? null : isoMicro(server.launchedAt),
    'OS-SRV-USG:terminated_at': server.deletedAt === null ? null : isoMicro(server.deletedAt),
    'OS-EXT-STS:task_state': server.taskState,
    'OS-EXT-STS:vm_state': server.vmState,
    'OS-EXT-STS:power_state': server.powerState,
    'os-extended-volumes:volumes_attached': [],
    security_groups: server.securityGroups.map((name) => ({ name })),
  }
  // the view builder shows progress only in these statuses
  if (PROGRESS_STATUSES.includes(status)) body.progress = server.progress
  if (caller.isAdmin) {
    Object.assign(body, {
      'OS-EXT-SRV-ATTR:host': server.host,
      'OS-EXT-SRV-ATTR:hypervisor_hostname': server.host,
      'OS-EXT-SRV-ATTR:instance_name': `instance-${server.seq.toString(16).padStart(8, '0')}`,
    })
    if (mv.atLeast('2.3')) {
      Object.assign(body, {
        'OS-EXT-SRV-ATTR:reservation_id': server.reservationId,
        'OS-EXT-SRV-ATTR:launch_index': server.launchIndex,
        'OS-EXT-SRV-ATTR:kernel_id': '',
        'OS-EXT-SRV-ATTR:ramdisk_id': '',
        'OS-EXT-SRV-ATTR:hostname': server.hostname,
        'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda',
        'OS-EXT-SRV-ATTR:user_data': server.userData,
      })
    }
    if (mv.atLeast('2.16')) body.host_status = server.host ? 'UP' : ''
  }
  if (mv.atLeast('2.90')) body['OS-EXT-SRV-ATTR:hostname'] = server.hostname
  if (mv.atLeast('2.9')) body.locked = server.locked
  if (mv.atLeast('2.73')) body.locked_reason = server.lockedReason
  if (mv.atLeast('2.19')) body.description = server.description
  if (mv.atLeast('2.26')) body.tags = [...server.tags]
  if (mv.atLeast('2.63')) body.trusted_image_certificates = null
  if (mv.atLeast('2.71')) body.server_groups = [...ctx.state.serverGroups.values()].filter((g) => g.members.includes(server.id)).map((g) => g.id)
  if (mv.atLeast('2.96')) body.pinned_availability_zone = null
  if (server.fault && (server.vmState === 'error' || server.deletedAt !== null)) {
    const { code, message, created, details } = server.fault
    body.fault = { code, created, message, ...(details !== undefined && (caller.isAdmin || code !== 500) ? { details } : {}) }
  }
  return body
}
