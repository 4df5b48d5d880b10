// src/infra/handlers/compute-server.ts — `compute.server`: a Nova server, booted with the node's cloud-init and waited for until ACTIVE.
import type { ComputeClient, NetworkRequest, Server, ServerCreate } from '../../compute/index.js'
import type { JsonValue } from '../definition-types.js'
import type { ResourceContext, ResourceHandler, ResourceStatus } from '../handler-types.js'
import { type BuiltinHandlerOptions, Params, deleteSignal, ignoreNotFound, isNotFound, needClient, refString, resourceName, timing } from './common.js'

const TYPE = 'compute.server'

/** What `compute.server` keeps: the server's id. */
export type ComputeServerRef = { id: string }

/**
 * The `compute.server` handler. Params: `flavorRef` (or `flavor`), `imageRef` (or `image`),
 * optional `name`, `networks` (`'auto'`, `'none'` or a list of `{ uuid | port, fixed_ip }`;
 * default `'auto'` when the client's microversion has it, else left out), `key_name`,
 * `metadata`, `security_groups`, `availability_zone`. The node's rendered cloud-init goes in as
 * `user_data` (the client base64-encodes it). The address is the server's first IPv4 address.
 * @example resource: { type: 'compute.server', flavorRef: '2', imageRef: imageId, key_name: 'ops' }
 */
export function computeServerHandler(opts: BuiltinHandlerOptions = {}): ResourceHandler<ComputeServerRef> {
  const t = timing(opts)
  const waits = { intervalMs: t.pollIntervalMs, maxIntervalMs: t.maxPollIntervalMs }
  return {
    async create(ctx) {
      const input = serverInput(ctx)
      const compute = needClient(ctx, TYPE, 'compute')
      if (input.networks === undefined && compute.supports('networks.auto')) input.networks = 'auto'
      const { id } = await compute.servers.create(input, { signal: ctx.signal })
      const ref: ComputeServerRef = { id }
      await ctx.created(ref)
      const server = await compute.servers.waitFor(id, 'ACTIVE', { ...waits, timeoutMs: t.readyTimeoutMs, signal: ctx.signal })
      const address = firstIpv4(server)
      return address === undefined ? { ref } : { ref, address }
    },

    async delete(ref, ctx) {
      const id = refString(TYPE, ref, 'id')
      const compute = needClient(ctx, TYPE, 'compute')
      const signal = deleteSignal(t)
      await ignoreNotFound(() => compute.servers.delete(id, { signal }))
      await compute.servers.waitForDelete(id, { ...waits, signal })
    },

    async status(ref, ctx) {
      const server = await getServer(needClient(ctx, TYPE, 'compute'), refString(TYPE, ref, 'id'), ctx.signal)
      return statusOf(server)
    },

    async address(ref, ctx) {
      const server = await getServer(needClient(ctx, TYPE, 'compute'), refString(TYPE, ref, 'id'), ctx.signal)
      return server ? firstIpv4(server) : undefined
    },
  }
}

/** The `servers.create()` input from the params, checked before any request. */
function serverInput(ctx: ResourceContext): ServerCreate {
  const p = new Params(TYPE, ctx.params)
  const flavorRef = p.id('flavorRef', 'flavor')
  const imageRef = p.string('imageRef', 'image')
  const input: ServerCreate = { name: resourceName(ctx, p.optString('name')), flavorRef, imageRef }
  const networks = networksOf(p)
  if (networks !== undefined) input.networks = networks
  const keyName = p.optString('key_name')
  if (keyName !== undefined) input.key_name = keyName
  const metadata = p.optStringRecord('metadata')
  if (metadata !== undefined) input.metadata = metadata
  const groups = p.optStringList('security_groups')
  if (groups !== undefined) input.security_groups = groups
  const zone = p.optString('availability_zone')
  if (zone !== undefined) input.availability_zone = zone
  if (ctx.userData !== undefined && ctx.userData !== '') input.user_data = ctx.userData
  return input
}

function networksOf(p: Params): ServerCreate['networks'] {
  const v = p.raw('networks')
  if (v === undefined || v === null) return undefined
  if (v === 'auto' || v === 'none') return v
  if (!Array.isArray(v)) throw p.wrong('networks', "'auto', 'none' or a list of { uuid | port, fixed_ip }", v)
  return v.map((n: JsonValue, i) => {
    if (typeof n === 'string' && n !== '') return { uuid: n }
    if (typeof n !== 'object' || n === null || Array.isArray(n)) throw p.wrong(`networks[${i}]`, 'a network uuid or { uuid | port, fixed_ip }', n)
    if (n.uuid === undefined && n.port === undefined) throw p.wrong(`networks[${i}]`, 'an object with a uuid or a port', n)
    return n as NetworkRequest
  })
}

async function getServer(compute: ComputeClient, id: string, signal: AbortSignal): Promise<Server | undefined> {
  try {
    return await compute.servers.get(id, { signal })
  } catch (e) {
    if (isNotFound(e)) return undefined
    throw e
  }
}

function statusOf(server: Server | undefined): ResourceStatus {
  if (!server || server.status === 'DELETED' || server.status === 'SOFT_DELETED') return 'gone'
  if (server.status === 'ACTIVE') return 'ready'
  if (server.status === 'ERROR') return 'failed'
  return 'pending'
}

/** The first IPv4 address of any network, in the order Nova lists them. */
export function firstIpv4(server: Server): string | undefined {
  for (const addresses of Object.values(server.addresses ?? {})) {
    const v4 = addresses.find((a) => a.version === 4)
    if (v4) return v4.addr
  }
  return undefined
}
