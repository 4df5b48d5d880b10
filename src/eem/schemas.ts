// src/eem/schemas.ts — Valence v1 response shapes (lenient zod schemas), the types they give, and the ExpEther group constants.
import { z } from 'zod'

/** ExpEther group of a free EEIO (an I/O board no node uses). Valence stores it as the string `'4093'`. */
export const EXPETHER_FREE_GROUP = '4093'
/** ExpEther default group of an EESV (a node) that has not been given a group of its own. */
export const EXPETHER_DEFAULT_EESV_GROUP = '4094'

/** Pod manager drivers Valence ships. */
export const POD_MANAGER_DRIVERS = ['expether', 'redfishv1'] as const
/** A pod manager driver name. */
export type PodManagerDriver = (typeof POD_MANAGER_DRIVERS)[number]

const optString = z.string().nullable().optional()
/** ExpEther ids and groups are strings in Valence; accept numbers too. */
const idLike = z.union([z.string(), z.number()]).nullable().optional()

/** `authentication` of a pod manager: a list of `{type, auth_items}`. */
const AuthenticationSchema = z.array(
  z.looseObject({
    type: z.string().optional(),
    auth_items: z.looseObject({ username: z.string().optional(), password: z.string().optional() }).optional(),
  }),
)

/** A pod manager record. */
export const PodManagerSchema = z.looseObject({
  uuid: z.string(),
  name: optString,
  url: optString,
  driver: optString,
  status: optString,
  authentication: AuthenticationSchema.optional(),
  created_at: optString,
  updated_at: optString,
})

/**
 * A pod manager as Valence returns it. The password in `authentication` is `'***'` unless the
 * call asked for `{ revealPassword: true }` (Valence itself sends it in clear text).
 * @example const pm: PodManager = await eem.podManagers.get(id); pm.status // 'Online'
 */
export interface PodManager {
  uuid: string
  name?: string | null
  url?: string | null
  driver?: PodManagerDriver | (string & {}) | null
  /** `Online`, `Offline`, … */
  status?: string | null
  authentication?: { type?: string; auth_items?: { username?: string; password?: string; [k: string]: unknown }; [k: string]: unknown }[]
  /** `"YYYY-MM-DD HH:MM:SS UTC"`. */
  created_at?: string | null
  updated_at?: string | null
  [field: string]: unknown
}

/** A node (composed or managed). */
export const NodeSchema = z.looseObject({
  uuid: z.string(),
  name: optString,
  index: idLike,
  description: optString,
  resource_uri: optString,
  podm_id: optString,
  serial_number: optString,
  power_state: optString,
  host_model: optString,
  host_serial_number: optString,
  mac_address: optString,
  pooled_group_id: idLike,
  created_at: optString,
  updated_at: optString,
})

/**
 * A node: Valence's record merged (on `get`) with the hardware fields of its driver. For
 * ExpEther, `index` is the EESV id and `pooled_group_id` its group.
 * @example const n: EemNode = await eem.nodes.get(uuid); console.log(n.power_state, n.mac_address)
 */
export interface EemNode {
  uuid: string
  name?: string | null
  /** The node's id in its pod manager (ExpEther: the EESV id). */
  index?: string | number | null
  description?: string | null
  resource_uri?: string | null
  podm_id?: string | null
  serial_number?: string | null
  power_state?: string | null
  host_model?: string | null
  host_serial_number?: string | null
  mac_address?: string | null
  pooled_group_id?: string | number | null
  created_at?: string | null
  updated_at?: string | null
  [field: string]: unknown
}

/** A pooled device; `podm_id`, `node_id`, `type` and `pooled_group_id` are null when Valence leaves them out, ids are strings. */
export const DeviceSchema = z
  .looseObject({
    uuid: z.string(),
    podm_id: optString,
    node_id: idLike,
    type: optString,
    pooled_group_id: idLike,
    state: z.string(),
    resource_uri: optString,
    properties: z.looseObject({ device_id: idLike, mac_address: optString, model: optString }).optional(),
    extra: z.looseObject({ vendor_name: optString, device_name: optString }).optional(),
    created_at: optString,
    updated_at: optString,
  })
  .transform((d) => ({
    ...d,
    podm_id: d.podm_id ?? null,
    node_id: d.node_id === undefined || d.node_id === null ? null : String(d.node_id),
    type: d.type ?? null,
    pooled_group_id: d.pooled_group_id === undefined || d.pooled_group_id === null ? null : String(d.pooled_group_id),
  }))

/** Device states Valence uses. */
export type DeviceState = 'free' | 'allocated'

/**
 * A pooled PCIe device (ExpEther: an EEIO board). Lists carry the brief fields only (`uuid`,
 * `podm_id`, `type`, `state`, `node_id`, `resource_uri`, `pooled_group_id`); `get` adds
 * `properties`, `extra` and the timestamps.
 * @example const d: Device = await eem.devices.get(uuid); if (d.state === 'free') await eem.nodes.attach(nodeId, d.uuid)
 */
export interface Device {
  uuid: string
  podm_id: string | null
  /** The node it is attached to, null when free. */
  node_id: string | null
  /** `SSD`, `NIC`, `GPU`, … */
  type: string | null
  /** ExpEther group (as a string): `'4093'` (EXPETHER_FREE_GROUP) when free, the node's group when attached. */
  pooled_group_id: string | null
  state: DeviceState | (string & {})
  resource_uri?: string | null
  properties?: { device_id?: string | number | null; mac_address?: string | null; model?: string | null; [k: string]: unknown }
  extra?: { vendor_name?: string | null; device_name?: string | null; [k: string]: unknown }
  created_at?: string | null
  updated_at?: string | null
  [field: string]: unknown
}

/** A flavor. */
export const FlavorSchema = z.looseObject({
  uuid: z.string(),
  name: optString,
  description: optString,
  properties: z.looseObject({}).nullable().optional(),
  created_at: optString,
  updated_at: optString,
})

/**
 * A flavor: a named set of node properties to compose from.
 * @example const f: Flavor = await eem.flavors.create({ name: 'gpu', properties: { pci_device: { type: ['GPU'] } } })
 */
export interface Flavor {
  uuid: string
  name?: string | null
  description?: string | null
  properties?: NodeProperties | null
  created_at?: string | null
  updated_at?: string | null
  [field: string]: unknown
}

/**
 * What a node is composed with (Valence's names, also a flavor's `properties`). ExpEther uses
 * only `pci_device.type`; Redfish pod managers use memory and processor.
 * @example const p: NodeProperties = { memory: { capacity_mib: 4096 }, pci_device: { type: ['NIC', 'SSD'] } }
 */
export interface NodeProperties {
  memory?: { capacity_mib?: number; type?: string; [k: string]: unknown }
  processor?: { total_cores?: number; model?: string; [k: string]: unknown }
  pci_device?: { type: string[]; [k: string]: unknown }
  [k: string]: unknown
}

/** One pod manager's outcome of `POST /v1/devices/sync`. */
export const SyncResultSchema = z.looseObject({ podm_id: optString, status: z.string() })

/**
 * Outcome of a device sync for one pod manager.
 * @example const [r] = await eem.devices.sync(podmId); r?.status // 'SUCCESS'
 */
export interface SyncResult {
  podm_id?: string | null
  status: 'SUCCESS' | 'FAILED' | (string & {})
  [field: string]: unknown
}

/** A system or rack as the pod manager describes it (shape depends on the driver). */
export const ResourceSchema = z.looseObject({})

/**
 * A system (ExpEther: an EESV with `id`, `type`, `pooled_group_id`, `power_state`, …) or a rack.
 * @example const s: EemResource = await eem.systems.get(podmId, '0x8cdf9d911cb0')
 */
export type EemResource = Record<string, unknown>
