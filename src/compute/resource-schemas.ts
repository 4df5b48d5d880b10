// src/compute/resource-schemas.ts — flavors, keypairs, server groups, limits, zones and consoles: lenient schemas and types.
import { z } from 'zod'
import type { Link } from './schemas.js'

const LinkSchema = z.looseObject({ rel: z.string(), href: z.string() })

/**
 * A flavor as `GET /flavors/detail` and `/flavors/{id}` show it. `description` from 2.55,
 * `extra_specs` from 2.61; `swap` is `''` for none before 2.75.
 * @example const f: Flavor = await compute.flavors.get('1'); console.log(f.name, f.vcpus, f.ram, f.disk)
 */
export interface Flavor {
  id: string
  name: string
  ram: number
  disk: number
  vcpus: number
  links?: Link[]
  swap?: number | ''
  rxtx_factor?: number
  description?: string | null
  extra_specs?: Record<string, string>
  'OS-FLV-EXT-DATA:ephemeral'?: number
  'OS-FLV-DISABLED:disabled'?: boolean
  'os-flavor-access:is_public'?: boolean
  [field: string]: unknown
}

/** A flavor body. */
export const FlavorSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  ram: z.number(),
  disk: z.number(),
  vcpus: z.number(),
  links: z.array(LinkSchema).optional(),
})

/** One page of `GET /flavors/detail`. */
export const FlavorPageSchema = z.looseObject({ flavors: z.array(FlavorSchema), flavors_links: z.array(LinkSchema).optional() })

/** `{"flavor": {...}}`. */
export const FlavorBodySchema = z.looseObject({ flavor: FlavorSchema })

/** `{"extra_specs": {...}}`; values are strings. */
export const ExtraSpecsSchema = z.looseObject({ extra_specs: z.record(z.string(), z.string()) })

/**
 * A keypair. `private_key` only in the answer to a `create()` that let Nova generate the key (before
 * 2.92), once; `type` from 2.2; `id`, `created_at` and `user_id` in `get()`.
 * @example const kp: Keypair = await compute.keypairs.get('ci'); console.log(kp.fingerprint)
 */
export interface Keypair {
  name: string
  public_key: string
  fingerprint: string
  type?: 'ssh' | 'x509' | (string & {})
  user_id?: string
  private_key?: string
  id?: number
  created_at?: string
  [field: string]: unknown
}

/** A keypair body. */
export const KeypairSchema = z.looseObject({
  name: z.string(),
  public_key: z.string(),
  fingerprint: z.string(),
  private_key: z.string().optional(),
})

/** `{"keypair": {...}}`. */
export const KeypairBodySchema = z.looseObject({ keypair: KeypairSchema })

/** One page of `GET /os-keypairs`: each entry wrapped as `{"keypair": {...}}`. */
export const KeypairPageSchema = z.looseObject({
  keypairs: z.array(z.looseObject({ keypair: KeypairSchema })),
  keypairs_links: z.array(LinkSchema).optional(),
})

/** A server group policy. The soft ones need 2.15. */
export type ServerGroupPolicy = 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity'

/**
 * A server group. Before 2.64 it has `policies` (a list of one) and `metadata`; from 2.64 `policy`
 * and `rules`; `project_id` and `user_id` from 2.13.
 * @example const g: ServerGroup = await compute.serverGroups.get(id); console.log(g.policy ?? g.policies?.[0], g.members)
 */
export interface ServerGroup {
  id: string
  name: string
  members: string[]
  policy?: ServerGroupPolicy | (string & {})
  policies?: (ServerGroupPolicy | (string & {}))[]
  rules?: { max_server_per_host?: number; [rule: string]: unknown }
  metadata?: Record<string, string>
  project_id?: string
  user_id?: string
  [field: string]: unknown
}

/** A server group body. */
export const ServerGroupSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  members: z.array(z.string()),
  policy: z.string().optional(),
  policies: z.array(z.string()).optional(),
})

/** `{"server_group": {...}}`. */
export const ServerGroupBodySchema = z.looseObject({ server_group: ServerGroupSchema })

/** `{"server_groups": [...]}`. */
export const ServerGroupListSchema = z.looseObject({ server_groups: z.array(ServerGroupSchema) })

/**
 * The project's limits and usage (`GET /limits`). `absolute` holds `maxTotalInstances`,
 * `maxTotalCores`, `maxTotalRAMSize`, `totalInstancesUsed`, … (−1 means unlimited); `rate` is
 * empty on every current Nova.
 * @example const { absolute } = await compute.limits(); console.log(absolute.maxTotalInstances - (absolute.totalInstancesUsed ?? 0))
 */
export interface ComputeLimits {
  absolute: Record<string, number>
  rate: unknown[]
  [field: string]: unknown
}

/** `{"limits": {...}}`. */
export const LimitsSchema = z.looseObject({
  limits: z.looseObject({ absolute: z.record(z.string(), z.number()), rate: z.array(z.unknown()).optional() }),
})

/**
 * An availability zone. `hosts` is null in the plain listing; the admin-only detail listing maps
 * host → service → `{available, active, updated_at}`.
 * @example const zones = (await compute.availabilityZones()).filter((z: AvailabilityZone) => z.zoneState.available).map((z) => z.zoneName)
 */
export interface AvailabilityZone {
  zoneName: string
  zoneState: { available: boolean; [field: string]: unknown }
  hosts: Record<string, Record<string, { available: boolean; active: boolean; updated_at: string | null }>> | null
  [field: string]: unknown
}

/** `{"availabilityZoneInfo": [...]}`. */
export const AvailabilityZonesSchema = z.looseObject({
  availabilityZoneInfo: z.array(
    z.looseObject({
      zoneName: z.string(),
      zoneState: z.looseObject({ available: z.boolean() }),
      hosts: z.record(z.string(), z.unknown()).nullable().optional(),
    }),
  ),
})

/** A console protocol of `remoteConsole()`. */
export type ConsoleProtocol = 'vnc' | 'spice' | 'rdp' | 'serial' | 'mks'

/**
 * A remote console: its URL carries a one-time token for the cloud's console proxy.
 * @example const { url } = await compute.servers.remoteConsole(id, { protocol: 'vnc', type: 'novnc' })
 */
export interface RemoteConsole {
  protocol: ConsoleProtocol | (string & {})
  type: string
  url: string
  [field: string]: unknown
}

/** `{"remote_console": {...}}`. */
export const RemoteConsoleSchema = z.looseObject({
  remote_console: z.looseObject({ protocol: z.string(), type: z.string(), url: z.string() }),
})
