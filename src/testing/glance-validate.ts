// src/testing/glance-validate.ts — Glance's checks of image attributes against its schema, with its messages.
import { imageSchema } from './glance-schemas.js'

/** Attributes a client may never send (POST → 403 read-only). @example DISALLOWED.includes('self') */
export const DISALLOWED = ['direct_url', 'self', 'file', 'schema', 'stores'] as const
/** Attributes PATCH may not touch (403 read-only). @example READONLY.includes('status') */
export const READONLY = ['created_at', 'updated_at', 'status', 'checksum', 'size', 'virtual_size', 'direct_url', 'self', 'file', 'schema', 'id', 'os_hash_algo', 'os_hash_value'] as const
/** Properties nobody may set (403 reserved), besides the `os_glance` namespace. @example RESERVED.includes('location') */
export const RESERVED = ['location', 'deleted', 'deleted_at'] as const
/** Image attributes (not custom properties). @example BASE.includes('min_ram') */
export const BASE = ['checksum', 'created_at', 'container_format', 'disk_format', 'id', 'min_disk', 'min_ram', 'name', 'size', 'virtual_size', 'status', 'tags', 'owner', 'updated_at', 'visibility', 'protected', 'os_hidden'] as const

/**
 * Whether a property name is reserved to Glance.
 * @example isReserved('os_glance_import_task') // true
 */
export const isReserved = (key: string): boolean => (RESERVED as readonly string[]).includes(key) || key.startsWith('os_glance')

/**
 * A value as Python's repr() prints it, as Glance's schema messages quote values.
 * @example pyRepr(['a', null, true]) // "['a', None, True]"
 */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None'
  if (v === true) return 'True'
  if (v === false) return 'False'
  if (typeof v === 'string') return v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`
  return String(v)
}

type PropSchema = { type?: string | readonly string[]; enum?: readonly (string | null)[]; maxLength?: number; pattern?: string; items?: PropSchema }

const typeOk = (t: string, v: unknown): boolean =>
  t === 'null' ? v === null : t === 'string' ? typeof v === 'string' : t === 'boolean' ? typeof v === 'boolean' : t === 'integer' ? Number.isInteger(v) : t === 'array' ? Array.isArray(v) : t === 'object' ? typeof v === 'object' && v !== null && !Array.isArray(v) : false

function check(schema: PropSchema, v: unknown): string | undefined {
  const types = schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : schema.type
  if (types.length && !types.some((t) => typeOk(t, v))) return `${pyRepr(v)} is not of type ${types.map((t) => `'${t}'`).join(', ')}`
  if (schema.enum && !schema.enum.includes(v as string | null)) return `${pyRepr(v)} is not one of ${pyRepr(schema.enum)}`
  if (typeof v === 'string' && schema.maxLength !== undefined && [...v].length > schema.maxLength) return `${pyRepr(v)} is too long`
  if (typeof v === 'string' && schema.pattern && !new RegExp(schema.pattern).test(v)) return `${pyRepr(v)} does not match ${pyRepr(schema.pattern)}`
  if (Array.isArray(v) && schema.items) for (const item of v) {
    const e = check(schema.items, item)
    if (e) return e
  }
  return undefined
}

/**
 * Validates (part of) an image document as Glance's schema does: the message of its 400, or
 * undefined. Glance then prints jsonschema's report (the failing schema, the instance path); the
 * fake gives its first line only.
 * @example validateImage({ disk_format: 'bogus' }) // "Provided object does not match schema 'image': 'bogus' is not one of [None, 'ami', …]"
 */
export function validateImage(doc: Record<string, unknown>): string | undefined {
  const props = imageSchema.properties as unknown as Record<string, PropSchema>
  for (const [key, value] of Object.entries(doc)) {
    const e = check(props[key] ?? { type: 'string' }, value)
    if (e) return `Provided object does not match schema 'image': ${e}`
  }
  return undefined
}

/**
 * The domain checks Glance makes after the schema: min_ram and min_disk are not negative.
 * @example domainCheck({ min_ram: -1 }) // "Invalid value '-1' for parameter 'min_ram': Cannot be a negative value"
 */
export function domainCheck(doc: Record<string, unknown>): string | undefined {
  for (const key of ['min_ram', 'min_disk']) {
    const v = doc[key]
    if (typeof v === 'number' && v < 0) return `Invalid value '${v}' for parameter '${key}': Cannot be a negative value`
  }
  return undefined
}
