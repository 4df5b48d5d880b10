// src/image/fields.ts — what a caller may write on an image: base attributes, custom properties, and what is refused.
import { InputError } from '../core/errors.js'
import { CONTAINER_FORMATS, DISK_FORMATS, VISIBILITIES, type ContainerFormat, type DiskFormat, type Visibility } from './schemas.js'

/** A value of a writable field: custom properties are strings; null clears or removes. */
export type ImageFieldValue = string | number | boolean | readonly string[] | null | undefined

/**
 * Fields of `images.create()`. Anything beyond the named ones is a custom property, sent at the
 * top level as Glance expects; its value must be a string.
 * @example { name: 'debian-12', disk_format: 'qcow2', container_format: 'bare', visibility: 'private', hw_disk_bus: 'scsi' }
 */
export interface ImageCreate extends ImageChanges {
  /** Your own id (a UUID); Glance makes one when omitted. */
  id?: string
}

/**
 * Changes for `images.update()`: the new value of each field; `null` removes a custom property
 * (or clears a nullable attribute such as `name`); keys left out are untouched.
 * @example { name: 'debian-12-hardened', min_disk: 10, hw_disk_bus: 'virtio', old_note: null }
 */
export interface ImageChanges {
  name?: string | null
  disk_format?: DiskFormat | null
  container_format?: ContainerFormat | null
  visibility?: Visibility
  protected?: boolean
  os_hidden?: boolean
  min_disk?: number
  min_ram?: number
  owner?: string | null
  tags?: readonly string[]
  [property: string]: ImageFieldValue
}

type Check = (value: unknown, key: string) => void

const oneOf =
  (values: readonly string[], nullable: boolean): Check =>
  (v, key) => {
    if (v === null && nullable) return
    if (typeof v !== 'string' || !values.includes(v)) {
      throw new InputError(`${key} must be one of ${values.join(', ')}${nullable ? ' or null' : ''}, got ${JSON.stringify(v)}`)
    }
  }
const string =
  (nullable: boolean): Check =>
  (v, key) => {
    if (v === null && nullable) return
    if (typeof v !== 'string') throw new InputError(`${key} must be a string${nullable ? ' or null' : ''}, got ${describe(v)}`)
    if (v.length > 255) throw new InputError(`${key} must be at most 255 characters`)
  }
const boolean: Check = (v, key) => {
  if (typeof v !== 'boolean') throw new InputError(`${key} must be true or false, got ${describe(v)}`)
}
const count: Check = (v, key) => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new InputError(`${key} must be a whole number ≥ 0, got ${describe(v)}`)
}
const tags: Check = (v, key) => {
  if (!Array.isArray(v)) throw new InputError(`${key} must be an array of strings, got ${describe(v)}`)
  for (const t of v) {
    if (typeof t !== 'string' || t === '' || t.length > 255) throw new InputError(`${key}: each tag must be a non-empty string of at most 255 characters`)
  }
}

/** The writable base attributes of the image schema, each with its check; always present on an image. */
export const BASE_FIELDS: Readonly<Record<string, Check>> = {
  name: string(true),
  disk_format: oneOf(DISK_FORMATS, true),
  container_format: oneOf(CONTAINER_FORMATS, true),
  visibility: oneOf(VISIBILITIES, false),
  protected: boolean,
  os_hidden: boolean,
  min_disk: count,
  min_ram: count,
  owner: string(true),
  tags,
}

// Glance answers 403 for these: computed by the server, or kept for its own bookkeeping.
const READ_ONLY = new Set([
  'status', 'size', 'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'created_at', 'updated_at',
  'deleted', 'deleted_at', 'direct_url', 'self', 'file', 'schema', 'locations', 'location', 'stores',
])

/** Why `key` cannot be written, or undefined when it can. */
function refusal(key: string, creating: boolean): string | undefined {
  if (key === '') return 'an empty property name is not allowed'
  if (key === 'id') return creating ? undefined : 'id cannot be changed'
  if (READ_ONLY.has(key)) return `${key} is read-only: Glance sets it`
  // os_glance_* is Glance's namespace for import state; it refuses them as reserved.
  if (key.startsWith('os_glance')) return `${key} is reserved by Glance (os_glance_* properties)`
  if (key.length > 255) return `property name ${key.slice(0, 40)}… is longer than 255 characters`
  return undefined
}

/** True for a base attribute of the image schema (not a custom property). */
export function isBaseField(key: string): boolean {
  return Object.hasOwn(BASE_FIELDS, key)
}

/**
 * Checks the fields of a new image; InputError names the first bad field. Undefined values are
 * dropped; custom properties must be strings (Glance's schema says so).
 */
export function checkCreate(fields: unknown): Record<string, unknown> {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw new InputError('image fields must be an object')
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    const why = refusal(key, true)
    if (why) throw new InputError(`cannot create an image with ${why}`)
    if (key === 'id') string(false)(value, key)
    else if (isBaseField(key)) BASE_FIELDS[key]!(value, key)
    else if (typeof value !== 'string') throw new InputError(`custom property ${key} must be a string, got ${describe(value)}`)
    out[key] = value
  }
  return out
}

/**
 * Checks changes for an update: the same rules as create, plus `null` only for custom properties
 * (removal) and the nullable attributes (`name`, `owner`, `disk_format`, `container_format`).
 */
export function checkChanges(changes: unknown): Record<string, unknown> {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) throw new InputError('image changes must be an object')
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue
    const why = refusal(key, false)
    if (why) throw new InputError(`cannot update: ${why}`)
    if (isBaseField(key)) BASE_FIELDS[key]!(value, key)
    else if (value !== null && typeof value !== 'string') throw new InputError(`custom property ${key} must be a string or null, got ${describe(value)}`)
    out[key] = value
  }
  return out
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`
}
