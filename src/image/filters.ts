// src/image/filters.ts — the filters of GET /v2/images, checked and turned into its query string.
import { InputError } from '../core/errors.js'
import type { QueryParams } from '../core/options.js'
import { CONTAINER_FORMATS, DISK_FORMATS, IMAGE_STATUSES, type ContainerFormat, type DiskFormat, type ImageStatus } from './schemas.js'

/** One sort key of a listing. @example { key: 'created_at', dir: 'desc' } */
export interface ImageSort {
  key: string
  dir?: 'asc' | 'desc'
}

/**
 * Filters of `images.list()`, named as Glance names them.
 * @example { visibility: 'public', tag: ['ubuntu', 'lts'], created_at: 'gte:2024-01-01T00:00:00Z', sort: [{ key: 'name', dir: 'asc' }] }
 */
export interface ImageListFilters {
  name?: string
  status?: ImageStatus
  /** `all` lists every image the project can see. Default (Glance): all but community images. */
  visibility?: 'public' | 'private' | 'shared' | 'community' | 'all'
  /** Shared images whose membership has this status. */
  member_status?: 'accepted' | 'pending' | 'rejected' | 'all'
  owner?: string
  /** Images carrying every tag given (the parameter repeats). */
  tag?: string | readonly string[]
  size_min?: number
  size_max?: number
  disk_format?: DiskFormat
  container_format?: ContainerFormat
  os_hidden?: boolean
  protected?: boolean
  /** `in:id1,id2` lists exactly those images. */
  id?: string
  /** An operator and a time: `gt:`, `gte:`, `eq:`, `neq:`, `lt:` or `lte:` then ISO 8601, e.g. `gte:2024-01-01T00:00:00Z`. */
  created_at?: string
  updated_at?: string
  /** Sort keys in order. Exclusive with `sort_key`/`sort_dir`. */
  sort?: readonly ImageSort[]
  /** The older sort syntax: keys and directions as parallel lists. */
  sort_key?: string | readonly string[]
  sort_dir?: 'asc' | 'desc' | readonly ('asc' | 'desc')[]
  /** Images per page (Glance caps it, 1000 by default). The whole listing is still followed: cap it with toArray({ max }). */
  limit?: number
  /** Start after this image id. */
  marker?: string
  /** Custom-property filters, e.g. `{ os_distro: 'debian' }`. */
  properties?: Record<string, string>
}

const KNOWN = new Set([
  'name', 'status', 'visibility', 'member_status', 'owner', 'tag', 'size_min', 'size_max', 'disk_format', 'container_format',
  'os_hidden', 'protected', 'id', 'created_at', 'updated_at', 'sort', 'sort_key', 'sort_dir', 'limit', 'marker', 'properties',
])
const TIME = /^(gt|gte|eq|neq|lt|lte):\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/
const DIRS = ['asc', 'desc']

/**
 * The query of the first page; InputError names the first bad filter.
 * @example listQuery({ tag: ['a', 'b'], sort: [{ key: 'name' }] }) // { tag: ['a', 'b'], sort: 'name:asc' }
 */
export function listQuery(filters: ImageListFilters): QueryParams {
  if (typeof filters !== 'object' || filters === null || Array.isArray(filters)) throw new InputError('filters must be an object')
  for (const key of Object.keys(filters)) {
    if (!KNOWN.has(key)) throw new InputError(`unknown filter ${key}: put custom properties under properties`)
  }
  const f = filters
  const q: QueryParams = {}
  const str = (key: 'name' | 'owner' | 'id' | 'marker'): void => {
    const v = f[key]
    if (v === undefined) return
    if (typeof v !== 'string' || v === '') throw new InputError(`${key} must be a non-empty string`)
    q[key] = v
  }
  const oneOf = (key: keyof ImageListFilters, values: readonly string[]): void => {
    const v = f[key]
    if (v === undefined) return
    if (typeof v !== 'string' || !values.includes(v)) throw new InputError(`${key} must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`)
    q[key] = v
  }
  const bool = (key: 'os_hidden' | 'protected'): void => {
    const v = f[key]
    if (v === undefined) return
    if (typeof v !== 'boolean') throw new InputError(`${key} must be true or false`)
    q[key] = v
  }
  const int = (key: 'size_min' | 'size_max' | 'limit', min: number): void => {
    const v = f[key]
    if (v === undefined) return
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new InputError(`${key} must be a whole number ≥ ${min}, got ${String(v)}`)
    q[key] = v
  }
  str('name')
  str('owner')
  str('id')
  str('marker')
  oneOf('status', IMAGE_STATUSES)
  oneOf('visibility', ['public', 'private', 'shared', 'community', 'all'])
  oneOf('member_status', ['accepted', 'pending', 'rejected', 'all'])
  oneOf('disk_format', DISK_FORMATS)
  oneOf('container_format', CONTAINER_FORMATS)
  bool('os_hidden')
  bool('protected')
  int('size_min', 0)
  int('size_max', 0)
  int('limit', 1)
  if (f.size_min !== undefined && f.size_max !== undefined && f.size_min > f.size_max) throw new InputError('size_min must not exceed size_max')
  for (const key of ['created_at', 'updated_at'] as const) {
    const v = f[key]
    if (v === undefined) continue
    if (typeof v !== 'string' || !TIME.test(v)) throw new InputError(`${key} must be an operator and a time, e.g. gte:2024-01-01T00:00:00Z, got ${JSON.stringify(v)}`)
    q[key] = v
  }
  if (f.tag !== undefined) {
    const tags = typeof f.tag === 'string' ? [f.tag] : f.tag
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string' && t !== '')) throw new InputError('tag must be a string or an array of strings')
    q.tag = [...tags]
  }
  Object.assign(q, sortQuery(f))
  if (f.properties !== undefined) {
    if (typeof f.properties !== 'object' || f.properties === null) throw new InputError('properties must be an object of strings')
    for (const [k, v] of Object.entries(f.properties)) {
      if (KNOWN.has(k)) throw new InputError(`properties.${k}: ${k} is a filter of its own`)
      if (typeof v !== 'string') throw new InputError(`properties.${k} must be a string`)
      q[k] = v
    }
  }
  return q
}

function sortQuery(f: ImageListFilters): QueryParams {
  if (f.sort !== undefined && (f.sort_key !== undefined || f.sort_dir !== undefined)) throw new InputError('give sort, or sort_key/sort_dir, not both')
  if (f.sort !== undefined) {
    if (!Array.isArray(f.sort) || f.sort.length === 0) throw new InputError('sort must be a non-empty array of { key, dir }')
    const parts = f.sort.map((s: ImageSort, i: number) => {
      if (typeof s?.key !== 'string' || !/^[\w.-]+$/.test(s.key)) throw new InputError(`sort[${i}].key must be a field name`)
      if (s.dir !== undefined && !DIRS.includes(s.dir)) throw new InputError(`sort[${i}].dir must be asc or desc`)
      return `${s.key}:${s.dir ?? 'asc'}`
    })
    return { sort: parts.join(',') }
  }
  const out: QueryParams = {}
  if (f.sort_key !== undefined) {
    const keys = typeof f.sort_key === 'string' ? [f.sort_key] : f.sort_key
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string' && k !== '')) throw new InputError('sort_key must be a string or an array of strings')
    out.sort_key = [...keys]
  }
  if (f.sort_dir !== undefined) {
    const dirs = typeof f.sort_dir === 'string' ? [f.sort_dir] : f.sort_dir
    if (!Array.isArray(dirs) || !dirs.every((d) => DIRS.includes(d))) throw new InputError('sort_dir must be asc or desc (or an array of them)')
    out.sort_dir = [...dirs]
  }
  return out
}
