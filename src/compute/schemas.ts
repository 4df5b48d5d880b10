// src/compute/schemas.ts — Nova's server bodies (lenient zod schemas) and the types they give, keeping Nova's field names.
import { z } from 'zod'
import type { ServerFault } from './errors.js'

/** Every status a server can show (Nova's `_STATE_MAP`, plus UNKNOWN for an unreachable cell). */
export const SERVER_STATUSES = [
  'ACTIVE', 'BUILD', 'DELETED', 'ERROR', 'HARD_REBOOT', 'MIGRATING', 'PASSWORD', 'PAUSED', 'REBOOT', 'REBUILD', 'RESCUE', 'RESIZE',
  'REVERT_RESIZE', 'SHELVED', 'SHELVED_OFFLOADED', 'SHUTOFF', 'SOFT_DELETED', 'SUSPENDED', 'UNKNOWN', 'VERIFY_RESIZE',
] as const

/** A server status, e.g. `ACTIVE`, `BUILD` or `SHUTOFF`. */
export type ServerStatus = (typeof SERVER_STATUSES)[number]

/**
 * A link in a Nova body (`self`, `bookmark`, `next`).
 * @example const self = server.links?.find((l: Link) => l.rel === 'self')?.href
 */
export interface Link {
  rel: string
  href: string
  type?: string
}

/**
 * One address of a server on a network. `OS-EXT-IPS:type` (`fixed` or `floating`) and the MAC
 * come with server bodies, not with `addresses()`.
 * @example const v4 = Object.values(server.addresses ?? {}).flat().find((a: ServerAddress) => a.version === 4)?.addr
 */
export interface ServerAddress {
  addr: string
  version: number
  'OS-EXT-IPS:type'?: string
  'OS-EXT-IPS-MAC:mac_addr'?: string
  [field: string]: unknown
}

/** Addresses by network name, as in `server.addresses` and `GET /servers/{id}/ips`. @example const priv = addrs['private'] ?? [] */
export type ServerAddresses = Record<string, ServerAddress[]>

/**
 * A server's flavor: `{id, links}` before 2.47, the flavor's values (`original_name`, `vcpus`,
 * `ram`, `disk`, …, `extra_specs`) from 2.47.
 * @example const size = server.flavor?.original_name ?? server.flavor?.id
 */
export interface ServerFlavor {
  id?: string
  links?: Link[]
  original_name?: string
  vcpus?: number
  ram?: number
  disk?: number
  ephemeral?: number
  swap?: number
  extra_specs?: Record<string, string>
  [field: string]: unknown
}

/**
 * A server as `GET /servers/{id}` and `/servers/detail` show it. Nova's field names are kept
 * (`OS-EXT-STS:task_state`, `key_name`, `accessIPv4`, …); fields that depend on the microversion
 * or on admin rights are optional, and fields this type does not name are kept too.
 * @example
 * const s: Server = await compute.servers.get(id)
 * console.log(s.status, s['OS-EXT-STS:task_state'], s.addresses?.['private']?.[0]?.addr)
 */
export interface Server {
  id: string
  status: ServerStatus | (string & {})
  name?: string
  tenant_id?: string
  user_id?: string
  metadata?: Record<string, string>
  hostId?: string
  /** `{id, links}`, or `''` for a server booted from a volume. */
  image?: { id: string; links?: Link[]; [field: string]: unknown } | ''
  flavor?: ServerFlavor
  created?: string
  updated?: string
  addresses?: ServerAddresses
  accessIPv4?: string
  accessIPv6?: string
  links?: Link[]
  progress?: number
  config_drive?: string
  key_name?: string | null
  security_groups?: { name: string }[]
  /** Why the server is in ERROR (see ServerFault). */
  fault?: ServerFault
  'OS-DCF:diskConfig'?: 'AUTO' | 'MANUAL' | (string & {})
  'OS-EXT-AZ:availability_zone'?: string
  'OS-EXT-STS:task_state'?: string | null
  'OS-EXT-STS:vm_state'?: string
  'OS-EXT-STS:power_state'?: number
  'OS-SRV-USG:launched_at'?: string | null
  'OS-SRV-USG:terminated_at'?: string | null
  'os-extended-volumes:volumes_attached'?: { id: string; delete_on_termination?: boolean; [field: string]: unknown }[]
  /** 2.9 and later. */
  locked?: boolean
  /** 2.73 and later. */
  locked_reason?: string | null
  /** 2.19 and later. */
  description?: string | null
  /** 2.26 and later. */
  tags?: string[]
  /** 2.63 and later. */
  trusted_image_certificates?: string[] | null
  /** 2.71 and later. */
  server_groups?: string[]
  /** Admins, 2.16 and later: `UP`, `DOWN`, `MAINTENANCE`, `UNKNOWN` or `''`. */
  host_status?: string
  /** Admins (and 2.90 and later for the hostname): `OS-EXT-SRV-ATTR:host`, `…:hypervisor_hostname`, `…:hostname`, … */
  [field: string]: unknown
}

const LinkSchema = z.looseObject({ rel: z.string(), href: z.string() })
const AddressSchema = z.looseObject({ addr: z.string(), version: z.number() })
/** A fault as Nova writes it on a server in ERROR. */
export const FaultSchema = z.looseObject({ code: z.number(), message: z.string() })

/** A server body (lenient: only what the client relies on is checked). */
export const ServerSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  name: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  addresses: z.record(z.string(), z.array(AddressSchema)).optional(),
  links: z.array(LinkSchema).optional(),
  fault: FaultSchema.optional(),
  'OS-EXT-STS:task_state': z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
})

/** One page of `GET /servers/detail`. */
export const ServerPageSchema = z.looseObject({
  servers: z.array(ServerSchema),
  servers_links: z.array(LinkSchema).optional(),
})

/**
 * What `POST /servers` answers (202): the new server's id and links, the admin password Nova set
 * (unless the cloud disabled it), and the security groups and disk config asked for. Poll
 * `servers.waitFor(id, 'ACTIVE')` for the rest.
 * @example const { id, adminPass } = await compute.servers.create({ name: 'web1', imageRef, flavorRef: '1', networks: 'auto' })
 */
export interface CreatedServer {
  id: string
  links: Link[]
  adminPass?: string
  'OS-DCF:diskConfig'?: string
  security_groups?: { name: string }[]
  [field: string]: unknown
}

/** `POST /servers` answer. */
export const CreatedServerSchema = z.looseObject({
  server: z.looseObject({ id: z.string(), links: z.array(LinkSchema), adminPass: z.string().optional() }),
})

/**
 * What `POST /servers` answers with `return_reservation_id: true`: the reservation that groups
 * the servers created (filter `servers.list({ reservation_id })` to find them).
 * @example const { reservation_id } = await compute.servers.create({ ...spec, min_count: 3, return_reservation_id: true })
 */
export interface ServerReservation {
  reservation_id: string
}

/** `POST /servers` answer with return_reservation_id. */
export const ReservationSchema = z.looseObject({ reservation_id: z.string() })

/** `{"server": {...}}` of GET, PUT and rebuild. */
export const ServerBodySchema = z.looseObject({ server: ServerSchema })

/** `GET /servers/{id}/ips`. */
export const AddressesSchema = z.looseObject({ addresses: z.record(z.string(), z.array(AddressSchema)) })

/** `GET /servers/{id}/ips/{network}`: the network's name as the one key. */
export const NetworkAddressesSchema = z.record(z.string(), z.array(AddressSchema))

/** `{"metadata": {...}}`. */
export const MetadataSchema = z.looseObject({ metadata: z.record(z.string(), z.string()) })

/** `{"meta": {key: value}}`. */
export const MetaItemSchema = z.looseObject({ meta: z.record(z.string(), z.string()) })

/** `{"tags": [...]}`. */
export const TagsSchema = z.looseObject({ tags: z.array(z.string()) })

/** `{"adminPass": "..."}` of rescue. */
export const AdminPassSchema = z.looseObject({ adminPass: z.string() })

/** `{"image_id": "..."}` of createImage from 2.45. */
export const ImageIdSchema = z.looseObject({ image_id: z.string() })
