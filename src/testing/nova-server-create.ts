// src/testing/nova-server-create.ts — POST /servers: Nova's validation, quota check, and the lazily computed build.
import { randomBytes, randomUUID } from 'node:crypto'
import type { NovaContext } from './nova-context.js'
import { invalidInput, isObject, isoZ, novaJson, pyRepr } from './nova-http.js'
import { buildSteps } from './nova-lifecycle.js'
import { PRIVATE_NETWORK } from './nova-store.js'
import type { NovaAddress, NovaServer } from './nova-types.js'
import { checkAdditional, checkMetadata, checkMetadataQuota, checkName, checkRequired, checkString, checkTags, isBase64, positiveInteger, refId } from './nova-validate.js'

const BASE_KEYS = [
  'name', 'imageRef', 'flavorRef', 'adminPass', 'metadata', 'networks', 'OS-DCF:diskConfig', 'accessIPv4', 'accessIPv6', 'key_name', 'user_data',
  'security_groups', 'availability_zone', 'config_drive', 'min_count', 'max_count', 'return_reservation_id', 'block_device_mapping', 'block_device_mapping_v2',
]

/**
 * A random password as Nova generates them (12 characters, no look-alikes).
 * @example generatePassword() // 'Gx7kQm2RbT9w'
 */
export function generatePassword(length = 12): string {
  const chars = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  return [...randomBytes(length)].map((b) => chars[b % chars.length]).join('')
}

function allowedKeys(ctx: NovaContext): string[] {
  const keys = [...BASE_KEYS]
  if (!ctx.mv.atLeast('2.57')) keys.push('personality')
  if (ctx.mv.atLeast('2.19')) keys.push('description')
  if (ctx.mv.atLeast('2.52')) keys.push('tags')
  if (ctx.mv.atLeast('2.63')) keys.push('trusted_image_certificates')
  if (ctx.mv.atLeast('2.74')) keys.push('host', 'hypervisor_hostname')
  if (ctx.mv.atLeast('2.90')) keys.push('hostname')
  return keys
}

/** The requested networks as fixed addresses to allocate, or a 400 message. */
function requestedNetworks(ctx: NovaContext, networks: unknown): (string | undefined)[] | string {
  if (networks === undefined) return [undefined]
  if (typeof networks === 'string') {
    if (!ctx.mv.atLeast('2.37')) return invalidInput('networks', networks, `${pyRepr(networks)} is not of type 'array'`)
    if (networks === 'auto') return [undefined]
    if (networks === 'none') return []
    return invalidInput('networks', networks, `${pyRepr(networks)} is not valid under any of the given schemas`)
  }
  if (!Array.isArray(networks)) return invalidInput('networks', networks, `${pyRepr(networks)} is not of type 'array'`)
  const out: (string | undefined)[] = []
  for (const n of networks) {
    if (!isObject(n)) return invalidInput('networks', n, `${pyRepr(n)} is not of type 'object'`)
    const extra = checkAdditional(n, 'networks', ctx.mv.atLeast('2.32') ? ['uuid', 'port', 'fixed_ip', 'tag'] : ['uuid', 'port', 'fixed_ip'])
    if (extra) return extra
    if (typeof n.uuid === 'string' && n.uuid !== PRIVATE_NETWORK.id) return `Network ${n.uuid} could not be found.`
    if (n.fixed_ip !== undefined && (typeof n.fixed_ip !== 'string' || !/^10\.0\.0\.(\d{1,3})$/.test(n.fixed_ip))) return `Invalid fixed IP address (${String(n.fixed_ip)})`
    out.push(n.fixed_ip as string | undefined)
  }
  return out
}

/**
 * The number of servers to create under quota, or Nova's 403: as compute.utils.check_num_instances_quota,
 * the deltas of `max` servers are checked; when over, as many as fit (at least `min`) are created,
 * else every resource over quota is named with what was requested, used and allowed.
 */
function quotaCount(ctx: NovaContext, vcpus: number, ram: number, min: number, max: number): number | Response {
  const quota = ctx.state.quotaFor(ctx.caller.projectId)
  const used = ctx.state.usage(ctx.caller.projectId)
  const perServer = { instances: 1, cores: vcpus, ram }
  const resources = ['instances', 'cores', 'ram'] as const
  const overs = resources.filter((r) => quota[r] >= 0 && used[r] + max * perServer[r] > quota[r])
  if (overs.length === 0) return max
  let allowed = Infinity
  for (const r of resources) if (quota[r] >= 0 && perServer[r] > 0) allowed = Math.min(allowed, Math.floor((quota[r] - used[r]) / perServer[r]))
  if (allowed >= min && allowed <= max) return allowed
  const requested = { instances: min === max ? String(min) : `${min}-${max}`, cores: String(max * vcpus), ram: String(max * ram) }
  const list = (f: (r: (typeof resources)[number]) => string | number): string => overs.map(f).join(', ')
  return ctx.fail(403, `Quota exceeded for ${list((r) => r)}: Requested ${list((r) => requested[r])}, but already used ${list((r) => used[r])} of ${list((r) => quota[r])} ${list((r) => r)}`)
}

/**
 * `POST /servers`: validates as Nova does (400 badRequest), checks quotas (403 forbidden), creates
 * `min_count`..`max_count` servers in BUILD and answers 202 with the first one (or its reservation id).
 * @example await createServer(ctx)
 */
export async function createServer(ctx: NovaContext): Promise<Response> {
  const body = await ctx.body()
  if (body instanceof Response) return body
  const { mv, state, caller } = ctx
  const problem = checkAdditional(body, '', ['server', 'os:scheduler_hints', 'OS-SCH-HNT:scheduler_hints'])
  if (!isObject(body.server)) return ctx.fail(400, body.server === undefined ? "'server' is a required property" : invalidInput('server', body.server, `${pyRepr(body.server)} is not of type 'object'`))
  if (problem) return ctx.fail(400, problem)
  const s = body.server
  const p =
    checkRequired(s, 'server', mv.atLeast('2.37') ? ['name', 'flavorRef', 'networks'] : ['name', 'flavorRef']) ??
    checkAdditional(s, 'server', allowedKeys(ctx)) ??
    checkName(s.name) ??
    (mv.atLeast('2.19') ? checkString(s.description, 'description', 255, true) : undefined) ??
    (s.metadata !== undefined ? checkMetadata(s.metadata) : undefined) ??
    (s.tags !== undefined ? checkTags(s.tags) : undefined) ??
    checkString(s.adminPass, 'adminPass') ??
    (mv.atLeast('2.90') ? checkString(s.hostname, 'hostname', 63) : undefined)
  if (p) return ctx.fail(400, p)
  if (s.user_data !== undefined && s.user_data !== null) {
    if (typeof s.user_data !== 'string' || !isBase64(s.user_data)) return ctx.fail(400, invalidInput('user_data', s.user_data, `${pyRepr(s.user_data)} is not a 'base64'`))
    if (s.user_data.length > 65535) return ctx.fail(400, invalidInput('user_data', s.user_data, `${pyRepr(s.user_data)} is too long`))
  }
  const min = positiveInteger(s.min_count ?? 1, 'min_count')
  const max = positiveInteger(s.max_count ?? min, 'max_count')
  if (typeof min === 'string') return ctx.fail(400, min)
  if (typeof max === 'string') return ctx.fail(400, max)
  if (min > max) return ctx.fail(400, 'min_count must be <= max_count')
  const fixedIps = requestedNetworks(ctx, s.networks)
  if (typeof fixedIps === 'string') return ctx.fail(400, fixedIps)
  if (max > 1 && fixedIps.some((ip) => ip !== undefined)) return ctx.fail(400, 'max_count cannot be greater than 1 if an fixed_ip is specified.')
  if (typeof s.flavorRef !== 'string' && typeof s.flavorRef !== 'number') return ctx.fail(400, invalidInput('flavorRef', s.flavorRef, `${pyRepr(s.flavorRef)} is not of type 'string', 'integer'`))
  const flavor = state.flavors.get(refId(String(s.flavorRef)))
  if (!flavor || flavor.disabled) return ctx.fail(400, 'Invalid flavorRef provided.')
  const bootFromVolume = Array.isArray(s.block_device_mapping_v2) && s.block_device_mapping_v2.length > 0
  let imageId = ''
  if (s.imageRef !== undefined && s.imageRef !== '') {
    if (typeof s.imageRef !== 'string') return ctx.fail(400, invalidInput('imageRef', s.imageRef, `${pyRepr(s.imageRef)} is not of type 'string'`))
    imageId = refId(s.imageRef)
    const image = state.findImage(imageId)
    if (!image || image.status === 'deleted') return ctx.fail(400, 'Can not find requested image')
    if (image.status !== 'active') return ctx.fail(400, `Image ${imageId} is not active.`)
    if (flavor.ram < image.minRam) return ctx.fail(400, "Flavor's memory is too small for requested image.")
    if (flavor.disk > 0 && flavor.disk < image.minDisk) {
      return ctx.fail(400, `Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is ${flavor.disk * 1024 ** 3} bytes, minimum size is ${image.minDisk * 1024 ** 3} bytes.`)
    }
  } else if (!bootFromVolume) {
    return ctx.fail(400, 'Missing imageRef attribute')
  }
  if (s.key_name !== undefined && s.key_name !== null && !state.keypairs.some((k) => k.userId === caller.userId && k.name === s.key_name)) return ctx.fail(400, 'Invalid key_name provided.')
  if (s.availability_zone !== undefined && s.availability_zone !== null && s.availability_zone !== 'nova') return ctx.fail(400, 'The requested availability zone is not available')
  const hints = isObject(body['os:scheduler_hints']) ? body['os:scheduler_hints'] : isObject(body['OS-SCH-HNT:scheduler_hints']) ? body['OS-SCH-HNT:scheduler_hints'] : {}
  const group = typeof hints.group === 'string' ? state.serverGroups.get(hints.group) : undefined
  if (typeof hints.group === 'string' && (!group || (group.projectId !== caller.projectId && !caller.isAdmin))) return ctx.fail(400, `Instance group ${hints.group} could not be found.`)
  const metadata = (s.metadata ?? {}) as Record<string, string>
  const overMeta = checkMetadataQuota(ctx, caller.projectId, Object.keys(metadata).length)
  if (overMeta) return overMeta
  const count = quotaCount(ctx, flavor.vcpus, flavor.ram, min, max)
  if (count instanceof Response) return count
  if (group) {
    const limit = state.quotaFor(caller.projectId).server_group_members
    if (limit >= 0 && group.members.length + count > limit) return ctx.fail(403, 'Quota exceeded, too many servers in group')
  }
  for (const ip of fixedIps) if (ip && !state.allocateAddress(ip)) return ctx.fail(400, `Fixed IP address ${ip} is already in use on instance.`)

  const now = state.now()
  const reservationId = `r-${randomBytes(4).toString('hex')}`
  const adminPass = typeof s.adminPass === 'string' ? s.adminPass : generatePassword()
  const created: NovaServer[] = []
  for (let i = 0; i < count; i++) {
    const name = count > 1 ? `${s.name as string}-${i + 1}` : (s.name as string)
    const addresses = fixedIps.map((ip) => state.allocateAddress(ip)).filter((a): a is NovaAddress => a !== undefined)
    const server: NovaServer = {
      id: randomUUID(),
      name,
      projectId: caller.projectId,
      userId: caller.userId,
      imageId,
      flavorId: flavor.id,
      vmState: 'building',
      taskState: 'scheduling',
      powerState: 0,
      createdAt: now,
      updatedAt: now,
      launchedAt: null,
      deletedAt: null,
      metadata: { ...metadata },
      tags: [...((s.tags as string[] | undefined) ?? [])],
      locked: false,
      lockedReason: null,
      lockedBy: null,
      keyName: typeof s.key_name === 'string' ? s.key_name : null,
      addresses,
      fault: null,
      progress: 0,
      adminPass,
      host: null,
      description: typeof s.description === 'string' ? s.description : null,
      hostname: typeof s.hostname === 'string' ? s.hostname : name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'server',
      accessIPv4: typeof s.accessIPv4 === 'string' ? s.accessIPv4 : '',
      accessIPv6: typeof s.accessIPv6 === 'string' ? s.accessIPv6 : '',
      availabilityZone: 'nova',
      securityGroups: Array.isArray(s.security_groups) ? s.security_groups.map((g) => (isObject(g) && typeof g.name === 'string' ? g.name : 'default')) : ['default'],
      reservationId,
      launchIndex: i,
      userData: typeof s.user_data === 'string' ? s.user_data : null,
      configDrive: s.config_drive === true || s.config_drive === 'True' ? 'True' : '',
      diskConfig: s['OS-DCF:diskConfig'] === 'MANUAL' ? 'MANUAL' : 'AUTO',
      seq: state.nextSeq(),
    }
    state.servers.set(server.id, server)
    const antiAffinityClash = group !== undefined && group.policy === 'anti-affinity' && group.members.some((m) => state.servers.get(m)?.deletedAt === null) && (group.rules.max_server_per_host ?? 1) <= group.members.length
    group?.members.push(server.id)
    const failure = antiAffinityClash
      ? { message: 'No valid host was found. There are not enough hosts available.', code: 500, details: 'Exceeded maximum number of retries.' }
      : state.takeBuildFailure(name)
    state.schedule(server, buildSteps(ctx.config.buildDelayMs, failure && { ...failure, created: isoZ(now + ctx.config.buildDelayMs) }))
    created.push(server)
  }
  const first = created[0]!
  if (s.return_reservation_id === true || s.return_reservation_id === 'True' || s.return_reservation_id === 'true') return novaJson({ reservation_id: reservationId }, 202)
  const links = ctx.links('servers', first.id)
  const view = { id: first.id, links, 'OS-DCF:diskConfig': first.diskConfig, security_groups: first.securityGroups.map((name) => ({ name })), adminPass }
  return novaJson({ server: view }, 202, { Location: links[0]!.href })
}
