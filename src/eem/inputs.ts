// src/eem/inputs.ts — the caller's arguments checked with zod (InputError naming the field) and turned into Valence's bodies and queries.
import { z } from 'zod'
import { InputError } from '../core/errors.js'
import type { QueryParams } from '../core/options.js'
import { redactUrl } from '../core/redact.js'
import { parseInput } from '../core/validation.js'
import { POD_MANAGER_DRIVERS, type NodeProperties, type PodManagerDriver } from './schemas.js'

/**
 * Throws InputError unless `value` is a non-empty string; call it inside async methods so it rejects.
 * @example checkId(nodeId, 'nodeId')
 */
export function checkId(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') throw new InputError(`${what} must be a non-empty string`)
}

const name = z.string().trim().min(1, 'must be a non-empty string')
const podManagerUrl = z.string().superRefine((u, ctx) => {
  let parsed: URL
  try {
    parsed = new URL(u)
  } catch {
    ctx.addIssue({ code: 'custom', message: `must be an absolute URL, got ${JSON.stringify(redactUrl(u))}` })
    return
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: `must be http or https, not ${parsed.protocol}` })
  if (parsed.username || parsed.password) ctx.addIssue({ code: 'custom', message: 'must not carry credentials: give them in `authentication`' })
  // Valence joins `url + '/' + route`: a trailing slash would make every EEM call `…//devices`.
  if (u.endsWith('/')) ctx.addIssue({ code: 'custom', message: `must not end with '/' (Valence appends '/<route>'), got ${JSON.stringify(redactUrl(u))}` })
})

/** Basic credentials Valence uses against the pod manager, in the simple or in Valence's own form. */
const BasicAuth = z.union([
  z.strictObject({ type: z.literal('basic').optional(), username: name, password: z.string().min(1, 'must be a non-empty string') }),
  z
    .array(z.strictObject({ type: z.literal('basic'), auth_items: z.strictObject({ username: name, password: z.string().min(1, 'must be a non-empty string') }) }))
    .length(1, 'must hold exactly one basic entry'),
])

/**
 * Pod manager credentials: `{ username, password }` (basic), or Valence's own
 * `[{ type: 'basic', auth_items: { username, password } }]`.
 * @example const auth: PodManagerAuth = { username: 'admin', password: process.env.EEM_PASSWORD! }
 */
export type PodManagerAuth =
  | { type?: 'basic'; username: string; password: string }
  | [{ type: 'basic'; auth_items: { username: string; password: string } }]

/**
 * A pod manager to register.
 * @example { name: 'eem1', url: 'http://10.0.0.5:30500/eem', driver: 'expether', authentication: { username: 'admin', password } }
 */
export interface PodManagerCreate {
  name: string
  /** Base URL of the pod manager's REST API, without a trailing slash (e.g. `http://host:30500/eem`). */
  url: string
  /** Default: Valence's (`redfishv1`). */
  driver?: PodManagerDriver
  authentication: PodManagerAuth
}

/** Fields of a pod manager to change; at least one. @example { name: 'eem-rack2' } */
export type PodManagerUpdate = Partial<PodManagerCreate>

const PodManagerFields = {
  name,
  url: podManagerUrl,
  driver: z.enum(POD_MANAGER_DRIVERS),
  authentication: BasicAuth,
}
const PodManagerCreateSchema = z.strictObject({ ...PodManagerFields, driver: PodManagerFields.driver.optional() })
const PodManagerUpdateSchema = z
  .strictObject({
    name: name.optional(),
    url: podManagerUrl.optional(),
    driver: PodManagerFields.driver.optional(),
    authentication: BasicAuth.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'give at least one field to change')

type Auth = z.output<typeof BasicAuth>
const valenceAuth = (a: Auth): [{ type: 'basic'; auth_items: { username: string; password: string } }] =>
  Array.isArray(a) ? [{ type: 'basic', auth_items: { ...a[0]!.auth_items } }] : [{ type: 'basic', auth_items: { username: a.username, password: a.password } }]

/** The POST body of a pod manager. @example podManagerBody(input) // { name, url, driver, authentication: [{ type: 'basic', auth_items }] } */
export function podManagerBody(input: unknown): Record<string, unknown> {
  const v = parseInput(PodManagerCreateSchema, input, 'pod manager')
  return { name: v.name, url: v.url, ...(v.driver ? { driver: v.driver } : {}), authentication: valenceAuth(v.authentication) }
}

/** The PATCH body of a pod manager. @example podManagerPatch({ name: 'x' }) // { name: 'x' } */
export function podManagerPatch(input: unknown): Record<string, unknown> {
  const v = parseInput(PodManagerUpdateSchema, input, 'pod manager changes')
  return {
    ...(v.name !== undefined ? { name: v.name } : {}),
    ...(v.url !== undefined ? { url: v.url } : {}),
    ...(v.driver !== undefined ? { driver: v.driver } : {}),
    ...(v.authentication !== undefined ? { authentication: valenceAuth(v.authentication) } : {}),
  }
}

const positiveInt = z.number().int().positive()
const PropertiesSchema = z.strictObject({
  memory: z.looseObject({ capacity_mib: positiveInt.optional(), type: z.string().optional() }).optional(),
  processor: z.looseObject({ total_cores: positiveInt.optional(), model: z.string().optional() }).optional(),
  pci_device: z.looseObject({ type: z.array(name).min(1, 'must list at least one device type') }).optional(),
})

/**
 * What to compose a node from: a flavor, or properties (exactly one of the two).
 * @example { name: 'gpu-node', podmId, properties: { pci_device: { type: ['GPU'] } } }
 */
export interface NodeCompose {
  name: string
  description?: string
  /** The pod manager to compose on (Valence's `podm_id`). */
  podmId?: string
  /** A flavor's uuid (Valence's `flavor_id`); exclusive with `properties`. */
  flavorId?: string
  properties?: NodeProperties
}

const ComposeSchema = z
  .strictObject({ name, description: z.string().optional(), podmId: name.optional(), flavorId: name.optional(), properties: PropertiesSchema.optional() })
  .refine((v) => (v.flavorId === undefined) !== (v.properties === undefined), { message: 'give exactly one of flavorId and properties', path: ['flavorId'] })

/** The POST body of a node compose. @example composeBody({ name: 'n', flavorId: 'f' }) // { name: 'n', flavor_id: 'f' } */
export function composeBody(input: unknown): Record<string, unknown> {
  const v = parseInput(ComposeSchema, input, 'compose')
  return {
    name: v.name,
    ...(v.description !== undefined ? { description: v.description } : {}),
    ...(v.podmId !== undefined ? { podm_id: v.podmId } : {}),
    ...(v.flavorId !== undefined ? { flavor_id: v.flavorId } : { properties: v.properties }),
  }
}

/** A node the pod manager already has, to be managed by Valence. @example { podmId, nodeIndex: '0x8cdf9d911cb0' } */
export interface NodeManage {
  podmId: string
  /** The node's id in the pod manager (ExpEther: the EESV id). */
  nodeIndex: string | number
}

const ManageSchema = z.strictObject({ podmId: name, nodeIndex: z.union([name, z.number().int().nonnegative()]) })

/** The POST body of `nodes/manage`. @example manageBody({ podmId: 'p', nodeIndex: 'x' }) // { node_index: 'x', podm_id: 'p' } */
export function manageBody(input: unknown): Record<string, unknown> {
  const v = parseInput(ManageSchema, input, 'manage')
  return { node_index: String(v.nodeIndex), podm_id: v.podmId }
}

/** Boot override of a node. @example { enabled: 'Once', target: 'Pxe' } */
export interface BootOptions {
  enabled: 'Once' | 'Continuous'
  target: 'Pxe' | 'Hdd' | 'None'
}
const BootSchema = z.strictObject({ enabled: z.enum(['Once', 'Continuous']), target: z.enum(['Pxe', 'Hdd', 'None']) })

/** `Boot` action body. @example bootAction({ enabled: 'Once', target: 'Pxe' }) // { Boot: { Enabled: 'Once', Target: 'Pxe' } } */
export function bootAction(input: unknown): Record<string, unknown> {
  const v = parseInput(BootSchema, input, 'boot')
  return { Boot: { Enabled: v.enabled, Target: v.target } }
}

/** Reset types Valence accepts. */
export const RESET_TYPES = ['On', 'ForceOn', 'ForceOff', 'GracefulRestart'] as const
/** A reset type. */
export type ResetType = (typeof RESET_TYPES)[number]

/** `Reset` action body. @example resetAction('ForceOff') // { Reset: { Type: 'ForceOff' } } */
export function resetAction(type: unknown): Record<string, unknown> {
  return { Reset: { Type: parseInput(z.enum(RESET_TYPES), type, 'reset type') } }
}

/** Filters of `devices.list()`. @example { podmId, type: 'GPU', state: 'free' } */
export interface DeviceFilters {
  type?: string
  state?: 'free' | 'allocated' | (string & {})
  podmId?: string
  nodeId?: string
  pooledGroupId?: string
}
const DeviceFiltersSchema = z.strictObject({ type: name.optional(), state: name.optional(), podmId: name.optional(), nodeId: name.optional(), pooledGroupId: name.optional() })

/** Query of `GET /v1/devices`. @example deviceQuery({ podmId: 'p' }) // { podm_id: 'p' } */
export function deviceQuery(input: unknown): QueryParams {
  const v = parseInput(DeviceFiltersSchema, input ?? {}, 'device filters')
  return { type: v.type, state: v.state, podm_id: v.podmId, node_id: v.nodeId, pooled_group_id: v.pooledGroupId }
}

/** Filters of `nodes.list()`. @example { podmId } */
export interface NodeFilters {
  name?: string
  podmId?: string
  index?: string
}
const NodeFiltersSchema = z.strictObject({ name: name.optional(), podmId: name.optional(), index: name.optional() })

/** Query of `GET /v1/nodes`. @example nodeQuery({ podmId: 'p' }) // { podm_id: 'p' } */
export function nodeQuery(input: unknown): QueryParams {
  const v = parseInput(NodeFiltersSchema, input ?? {}, 'node filters')
  return { name: v.name, podm_id: v.podmId, index: v.index }
}

/** A flavor to create. @example { name: 'ssd-node', properties: { pci_device: { type: ['SSD'] } } } */
export interface FlavorCreate {
  name: string
  description?: string
  properties: NodeProperties
}
/** Flavor fields to change; at least one. @example { description: 'two SSDs' } */
export type FlavorUpdate = Partial<FlavorCreate>

const FlavorCreateSchema = z.strictObject({ name, description: z.string().optional(), properties: PropertiesSchema })
const FlavorUpdateSchema = FlavorCreateSchema.partial().refine((v) => Object.values(v).some((x) => x !== undefined), 'give at least one field to change')

/** The POST body of a flavor. @example flavorBody({ name: 'f', properties: {} }) */
export function flavorBody(input: unknown): Record<string, unknown> {
  return dropUndefined(parseInput(FlavorCreateSchema, input, 'flavor'))
}

/** The PATCH body of a flavor. @example flavorPatch({ name: 'g' }) */
export function flavorPatch(input: unknown): Record<string, unknown> {
  return dropUndefined(parseInput(FlavorUpdateSchema, input, 'flavor changes'))
}

function dropUndefined(v: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined))
}
