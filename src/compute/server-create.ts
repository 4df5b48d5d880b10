// src/compute/server-create.ts — the body of POST /servers: fields checked against Nova's rules and the microversion.
import { Buffer } from 'node:buffer'
import { InputError } from '../core/errors.js'
import type { FeatureGate } from './features.js'
import { checkId, checkKeys, checkMetadata, checkName, checkObject, checkOptionalString, checkRef, checkTags, describe } from './fields.js'

/**
 * One network of a new server: a network (`uuid`), a port, optionally a fixed IP; `tag` (a device
 * tag the guest sees in its metadata) needs 2.32–2.36 or 2.42+.
 * @example { uuid: netId, fixed_ip: '10.0.0.5' }
 */
export interface NetworkRequest {
  uuid?: string
  port?: string
  fixed_ip?: string
  tag?: string
}

/**
 * One block device of a new server (`block_device_mapping_v2`), as Nova names its fields. Boot
 * from a new volume made from an image: `{ boot_index: 0, uuid: imageId, source_type: 'image',
 * destination_type: 'volume', volume_size: 20, delete_on_termination: true }`.
 * @example { boot_index: 0, uuid: imageId, source_type: 'image', destination_type: 'volume', volume_size: 20 }
 */
export interface BlockDeviceMapping {
  source_type: 'image' | 'volume' | 'snapshot' | 'blank'
  destination_type?: 'local' | 'volume'
  uuid?: string
  boot_index?: number | null
  volume_size?: number
  delete_on_termination?: boolean
  device_name?: string
  device_type?: string
  disk_bus?: string
  guest_format?: string
  no_device?: boolean
  /** Device tag: 2.32, or 2.42 and later. */
  tag?: string
  /** Cinder volume type: 2.67 and later. */
  volume_type?: string
  [field: string]: unknown
}

/**
 * Scheduler hints, sent as `os:scheduler_hints` beside `server`.
 * @example { group: serverGroupId } // or { different_host: [otherServerId] }
 */
export interface SchedulerHints {
  group?: string
  same_host?: string | string[]
  different_host?: string | string[]
  query?: string
  target_cell?: string
  different_cell?: string | string[]
  build_near_host_ip?: string
  cidr?: string
  [hint: string]: unknown
}

/**
 * What `servers.create()` takes, with Nova's field names. `user_data` is your plain script (a
 * string or bytes): the client base64-encodes it (at most 65535 bytes encoded). `networks` is
 * required from 2.37 (`'auto'`, `'none'` or a list).
 * @example { name: 'web1', imageRef: cirrosId, flavorRef: '1', networks: 'auto', key_name: 'ci', user_data: '#!/bin/sh\necho hi\n', metadata: { role: 'web' } }
 */
export interface ServerCreate {
  name: string
  /** Image id or URL; may be left out when booting from a volume (`block_device_mapping_v2`). */
  imageRef?: string
  flavorRef: string | number
  networks?: 'auto' | 'none' | NetworkRequest[]
  key_name?: string
  user_data?: string | Uint8Array
  metadata?: Record<string, string>
  /** Security group names. */
  security_groups?: string[]
  availability_zone?: string
  block_device_mapping_v2?: BlockDeviceMapping[]
  /** 2.52 and later. */
  tags?: string[]
  min_count?: number
  max_count?: number
  config_drive?: boolean
  'os:scheduler_hints'?: SchedulerHints
  /** 2.19 and later. */
  description?: string | null
  adminPass?: string
  accessIPv4?: string
  accessIPv6?: string
  'OS-DCF:diskConfig'?: 'AUTO' | 'MANUAL'
  /** 2.63 and later. */
  trusted_image_certificates?: string[]
  /** 2.90 and later. */
  hostname?: string
  /** Admins, 2.74 and later. */
  host?: string
  /** Admins, 2.74 and later. */
  hypervisor_hostname?: string
  /** Answer with the reservation id instead of the first server. */
  return_reservation_id?: boolean
}

/** Nova's limit on `user_data`, base64-encoded. */
export const MAX_USER_DATA = 65535

const KEYS = [
  'name', 'imageRef', 'flavorRef', 'networks', 'key_name', 'user_data', 'metadata', 'security_groups', 'availability_zone', 'block_device_mapping_v2',
  'tags', 'min_count', 'max_count', 'config_drive', 'os:scheduler_hints', 'description', 'adminPass', 'accessIPv4', 'accessIPv6', 'OS-DCF:diskConfig',
  'trusted_image_certificates', 'hostname', 'host', 'hypervisor_hostname', 'return_reservation_id',
]

/**
 * The JSON body of `POST /servers` for `input`; InputError (before any request) for a bad field
 * or one the client's microversion lacks.
 * @example const body = createBody(input, compute)
 */
export function createBody(input: ServerCreate, gate: FeatureGate): Record<string, unknown> {
  const require: FeatureGate['requireFeature'] = (f) => gate.requireFeature(f)
  checkObject(input, 'server')
  checkKeys(input as unknown as Record<string, unknown>, KEYS, 'server')
  checkName(input.name, 'name')
  const server: Record<string, unknown> = { name: input.name }
  if (input.imageRef !== undefined) server.imageRef = checkRef(input.imageRef, 'imageRef')
  else if (!Array.isArray(input.block_device_mapping_v2) || input.block_device_mapping_v2.length === 0) {
    throw new InputError('imageRef is required unless the server boots from block_device_mapping_v2')
  }
  server.flavorRef = checkRef(input.flavorRef, 'flavorRef')
  const networks = networksOf(input.networks, gate)
  if (networks !== undefined) server.networks = networks
  for (const key of ['key_name', 'availability_zone', 'adminPass', 'accessIPv4', 'accessIPv6'] as const) {
    if (input[key] === undefined) continue
    checkId(input[key], key)
    server[key] = input[key]
  }
  if (input.user_data !== undefined) server.user_data = encodeUserData(input.user_data)
  if (input.metadata !== undefined) {
    checkMetadata(input.metadata, 'metadata')
    server.metadata = { ...input.metadata }
  }
  if (input.security_groups !== undefined) {
    if (!Array.isArray(input.security_groups)) throw new InputError(`security_groups must be a list of names, got ${describe(input.security_groups)}`)
    input.security_groups.forEach((g, i) => checkId(g, `security_groups[${i}]`))
    server.security_groups = input.security_groups.map((name) => ({ name }))
  }
  if (input.block_device_mapping_v2 !== undefined) server.block_device_mapping_v2 = bdmsOf(input.block_device_mapping_v2, require)
  if (input.tags !== undefined) {
    require('create.tags')
    checkTags(input.tags, 'tags')
    server.tags = [...input.tags]
  }
  counts(input, server)
  if (input.config_drive !== undefined) {
    if (typeof input.config_drive !== 'boolean') throw new InputError(`config_drive must be true or false, got ${describe(input.config_drive)}`)
    server.config_drive = input.config_drive
  }
  if (input.description !== undefined) {
    require('server.description')
    checkOptionalString(input.description, 'description', 255, true)
    server.description = input.description
  }
  if (input['OS-DCF:diskConfig'] !== undefined) {
    if (input['OS-DCF:diskConfig'] !== 'AUTO' && input['OS-DCF:diskConfig'] !== 'MANUAL') throw new InputError(`OS-DCF:diskConfig must be AUTO or MANUAL, got ${describe(input['OS-DCF:diskConfig'])}`)
    server['OS-DCF:diskConfig'] = input['OS-DCF:diskConfig']
  }
  if (input.trusted_image_certificates !== undefined) server.trusted_image_certificates = certificates(input.trusted_image_certificates, require)
  if (input.hostname !== undefined) {
    require('hostname')
    checkHostname(input.hostname)
    server.hostname = input.hostname
  }
  for (const key of ['host', 'hypervisor_hostname'] as const) {
    if (input[key] === undefined) continue
    require('create.host')
    checkId(input[key], key)
    server[key] = input[key]
  }
  if (input.return_reservation_id !== undefined) {
    if (typeof input.return_reservation_id !== 'boolean') throw new InputError(`return_reservation_id must be true or false, got ${describe(input.return_reservation_id)}`)
    server.return_reservation_id = input.return_reservation_id
  }
  const body: Record<string, unknown> = { server }
  const hints = input['os:scheduler_hints']
  if (hints !== undefined) {
    checkObject(hints, 'os:scheduler_hints')
    if (hints.group !== undefined) checkId(hints.group, 'os:scheduler_hints.group')
    body['os:scheduler_hints'] = { ...hints }
  }
  return body
}

/**
 * A caller's user data, base64-encoded as Nova wants it; InputError past 65535 encoded bytes.
 * @example encodeUserData('#!/bin/sh\n') // 'IyEvYmluL3NoCg=='
 */
export function encodeUserData(value: unknown, what = 'user_data'): string {
  let encoded: string
  if (typeof value === 'string') encoded = Buffer.from(value, 'utf8').toString('base64')
  else if (value instanceof Uint8Array) encoded = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
  else throw new InputError(`${what} must be a string or bytes (the client base64-encodes it), got ${describe(value)}`)
  if (encoded.length > MAX_USER_DATA) {
    throw new InputError(`${what} is ${encoded.length} bytes base64-encoded; Nova takes at most ${MAX_USER_DATA} (about 49 KiB before encoding)`)
  }
  return encoded
}

/**
 * A hostname of 1–63 characters (letters, digits, `-`, `.`), as Nova's `hostname` takes.
 * @example checkHostname('web-1')
 */
export function checkHostname(value: unknown): void {
  if (typeof value !== 'string' || !/^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,252}[a-zA-Z0-9])?$/.test(value)) {
    throw new InputError(`hostname must be letters, digits, '-' and '.', starting and ending with a letter or digit, got ${describe(value)}`)
  }
}

function networksOf(value: ServerCreate['networks'], gate: FeatureGate): unknown {
  const require: FeatureGate['requireFeature'] = (f) => gate.requireFeature(f)
  if (value === undefined) {
    if (gate.supports('networks.auto')) throw new InputError("networks is required from microversion 2.37: pass 'auto', 'none' or a list of networks")
    return undefined
  }
  if (value === 'auto' || value === 'none') {
    require('networks.auto')
    return value
  }
  if (!Array.isArray(value)) throw new InputError(`networks must be 'auto', 'none' or a list of { uuid, port, fixed_ip, tag }, got ${describe(value)}`)
  return value.map((n: NetworkRequest, i) => {
    const what = `networks[${i}]`
    checkObject(n, what)
    checkKeys(n as unknown as Record<string, unknown>, ['uuid', 'port', 'fixed_ip', 'tag'], what)
    if (n.uuid === undefined && n.port === undefined) throw new InputError(`${what} needs a uuid or a port`)
    for (const key of ['uuid', 'port', 'fixed_ip', 'tag'] as const) if (n[key] !== undefined) checkId(n[key], `${what}.${key}`)
    if (n.tag !== undefined) require('networks.tag')
    return { ...n }
  })
}

function bdmsOf(value: unknown, require: FeatureGate['requireFeature']): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new InputError(`block_device_mapping_v2 must be a list, got ${describe(value)}`)
  return value.map((b: BlockDeviceMapping, i) => {
    const what = `block_device_mapping_v2[${i}]`
    checkObject(b, what)
    if (!['image', 'volume', 'snapshot', 'blank'].includes(b.source_type)) throw new InputError(`${what}.source_type must be image, volume, snapshot or blank, got ${describe(b.source_type)}`)
    if (b.destination_type !== undefined && b.destination_type !== 'local' && b.destination_type !== 'volume') throw new InputError(`${what}.destination_type must be local or volume`)
    if (b.volume_size !== undefined && (typeof b.volume_size !== 'number' || !Number.isSafeInteger(b.volume_size) || b.volume_size < 1)) throw new InputError(`${what}.volume_size must be a whole number of GiB ≥ 1`)
    if (b.tag !== undefined) require('bdm.tag')
    if (b.volume_type !== undefined) require('bdm.volume_type')
    return { ...b }
  })
}

function counts(input: ServerCreate, server: Record<string, unknown>): void {
  for (const key of ['min_count', 'max_count'] as const) {
    const v = input[key]
    if (v === undefined) continue
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new InputError(`${key} must be a whole number ≥ 1, got ${describe(v)}`)
    server[key] = v
  }
  if (input.min_count !== undefined && input.max_count !== undefined && input.min_count > input.max_count) throw new InputError('min_count must not exceed max_count')
}

function certificates(value: unknown, require: FeatureGate['requireFeature']): string[] {
  require('trusted_image_certificates')
  if (!Array.isArray(value) || value.length === 0 || value.length > 50) throw new InputError('trusted_image_certificates must be a list of 1 to 50 certificate ids')
  value.forEach((c, i) => checkId(c, `trusted_image_certificates[${i}]`))
  if (new Set(value).size !== value.length) throw new InputError('trusted_image_certificates must not repeat an id')
  return [...(value as string[])]
}
