// src/compute/server-filters.ts — the filters of GET /servers/detail, checked and turned into its query string.
import { InputError } from '../core/errors.js'
import type { QueryParams } from '../core/options.js'
import type { FeatureGate } from './features.js'
import { checkId, checkKeys, checkObject, checkTag, describe } from './fields.js'
import { SERVER_STATUSES, type ServerStatus } from './schemas.js'

/** Keys `servers.list()` can sort by (`locked` needs 2.73). */
export const SERVER_SORT_KEYS = [
  'access_ip_v4', 'access_ip_v6', 'auto_disk_config', 'availability_zone', 'config_drive', 'created_at', 'display_description', 'display_name',
  'host', 'hostname', 'image_ref', 'instance_type_id', 'kernel_id', 'key_name', 'launch_index', 'launched_at', 'locked', 'locked_by', 'node',
  'power_state', 'progress', 'project_id', 'ramdisk_id', 'root_device_name', 'task_state', 'terminated_at', 'updated_at', 'user_id', 'uuid', 'vm_state',
] as const

/** A key of {@link SERVER_SORT_KEYS}. */
export type ServerSortKey = (typeof SERVER_SORT_KEYS)[number]

/**
 * Filters of `servers.list()`, named as Nova names them. Tag filters take a list (sent
 * comma-separated) and need 2.26; times take a Date or an ISO 8601 string.
 * @example { status: 'ACTIVE', name: '^web', tags: ['prod'], 'changes-since': new Date(Date.now() - 3600_000), sort_key: 'display_name', sort_dir: 'asc' }
 */
export interface ServerListFilters {
  /** A regular expression Nova matches against names. */
  name?: string
  /** One status, or several (the parameter repeats). */
  status?: ServerStatus | readonly ServerStatus[]
  /** Image id. */
  image?: string
  /** Flavor id. */
  flavor?: string
  /** Servers changed since this time, deleted ones included. */
  'changes-since'?: Date | string
  /** Servers changed before this time (2.66). */
  'changes-before'?: Date | string
  /** Servers having all of these tags (2.26). */
  tags?: string | readonly string[]
  /** Servers having any of these tags (2.26). */
  'tags-any'?: string | readonly string[]
  /** Servers not having all of these tags (2.26). */
  'not-tags'?: string | readonly string[]
  /** Servers having none of these tags (2.26). */
  'not-tags-any'?: string | readonly string[]
  /** Admins: the servers of every project. */
  all_tenants?: boolean
  /** A regular expression matched against IPv4 addresses. */
  ip?: string
  /** A regular expression matched against IPv6 addresses. */
  ip6?: string
  /** Admins: servers on this compute host. */
  host?: string
  /** Servers created by one request (see `return_reservation_id`). */
  reservation_id?: string
  key_name?: string
  availability_zone?: string
  /** Locked or not (2.73). */
  locked?: boolean
  /** Page size (Nova caps it at `[api] max_limit`, 1000); the listing is still followed to its end. */
  limit?: number
  /** Start after this server id. */
  marker?: string
  sort_key?: ServerSortKey | readonly ServerSortKey[]
  sort_dir?: 'asc' | 'desc' | readonly ('asc' | 'desc')[]
}

const STRINGS = ['name', 'image', 'flavor', 'ip', 'ip6', 'host', 'reservation_id', 'key_name', 'availability_zone', 'marker'] as const
const TAG_FILTERS = ['tags', 'tags-any', 'not-tags', 'not-tags-any'] as const
const TIMES = ['changes-since', 'changes-before'] as const
const KNOWN: readonly string[] = [...STRINGS, ...TAG_FILTERS, ...TIMES, 'status', 'all_tenants', 'locked', 'limit', 'sort_key', 'sort_dir']

/**
 * The query of the first page of `GET /servers/detail`; InputError names the first bad filter.
 * `require` is called for each filter that needs a microversion (it throws when the client's is too low).
 * @example serverListQuery({ tags: ['a', 'b'] }, requireFeature) // { tags: 'a,b' }
 */
export function serverListQuery(filters: ServerListFilters, require: FeatureGate['requireFeature']): QueryParams {
  checkObject(filters, 'server filters')
  checkKeys(filters as Record<string, unknown>, KNOWN, 'server filters')
  const q: QueryParams = {}
  for (const key of STRINGS) {
    const v = filters[key]
    if (v === undefined) continue
    checkId(v, key)
    q[key] = v
  }
  if (filters.status !== undefined) {
    const list = typeof filters.status === 'string' ? [filters.status] : filters.status
    if (!Array.isArray(list) || list.length === 0) throw new InputError(`status must be a server status or a non-empty list of them, got ${describe(filters.status)}`)
    for (const s of list) {
      if (!(SERVER_STATUSES as readonly string[]).includes(s)) throw new InputError(`status must be one of ${SERVER_STATUSES.join(', ')}, got ${describe(s)}`)
    }
    q.status = list.length === 1 ? list[0]! : [...list]
  }
  for (const key of TIMES) {
    const v = filters[key]
    if (v === undefined) continue
    if (key === 'changes-before') require('changes-before')
    q[key] = isoTime(v, key)
  }
  for (const key of TAG_FILTERS) {
    const v = filters[key]
    if (v === undefined) continue
    require('server.tags')
    const tags = typeof v === 'string' ? [v] : v
    if (!Array.isArray(tags) || tags.length === 0) throw new InputError(`${key} must be a tag or a non-empty list of tags, got ${describe(v)}`)
    tags.forEach((t, i) => checkTag(t, `${key}[${i}]`))
    q[key] = tags.join(',')
  }
  if (filters.all_tenants !== undefined) {
    if (typeof filters.all_tenants !== 'boolean') throw new InputError(`all_tenants must be true or false, got ${describe(filters.all_tenants)}`)
    if (filters.all_tenants) q.all_tenants = 'True'
  }
  if (filters.locked !== undefined) {
    require('filter.locked')
    if (typeof filters.locked !== 'boolean') throw new InputError(`locked must be true or false, got ${describe(filters.locked)}`)
    q.locked = filters.locked
  }
  if (filters.limit !== undefined) {
    if (typeof filters.limit !== 'number' || !Number.isSafeInteger(filters.limit) || filters.limit < 1) throw new InputError(`limit must be a whole number ≥ 1, got ${describe(filters.limit)}`)
    q.limit = filters.limit
  }
  Object.assign(q, sortQuery(filters, require))
  return q
}

function sortQuery(f: ServerListFilters, require: FeatureGate['requireFeature']): QueryParams {
  const out: QueryParams = {}
  if (f.sort_key !== undefined) {
    const keys = typeof f.sort_key === 'string' ? [f.sort_key] : f.sort_key
    if (!Array.isArray(keys) || keys.length === 0) throw new InputError(`sort_key must be a key or a non-empty list of keys, got ${describe(f.sort_key)}`)
    for (const k of keys) {
      if (!(SERVER_SORT_KEYS as readonly string[]).includes(k)) throw new InputError(`sort_key must be one of ${SERVER_SORT_KEYS.join(', ')}, got ${describe(k)}`)
      if (k === 'locked') require('filter.locked')
    }
    out.sort_key = keys.length === 1 ? keys[0]! : [...keys]
  }
  if (f.sort_dir !== undefined) {
    const dirs = typeof f.sort_dir === 'string' ? [f.sort_dir] : f.sort_dir
    if (!Array.isArray(dirs) || dirs.length === 0 || !dirs.every((d) => d === 'asc' || d === 'desc')) {
      throw new InputError(`sort_dir must be asc or desc (or a list of them), got ${describe(f.sort_dir)}`)
    }
    out.sort_dir = dirs.length === 1 ? dirs[0]! : [...dirs]
  }
  return out
}

/**
 * A Date or an ISO 8601 string as Nova's `date-time` query value; InputError for anything else.
 * @example isoTime(new Date(0), 'changes-since') // '1970-01-01T00:00:00.000Z'
 */
export function isoTime(value: unknown, what: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InputError(`${what} is an invalid Date`)
    return value.toISOString()
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value))) {
    return value
  }
  throw new InputError(`${what} must be a Date or an ISO 8601 time such as 2026-01-01T00:00:00Z, got ${describe(value)}`)
}
