// src/compute/flavors.ts — compute.flavors: the flavor listing, one flavor, and its extra specs.
import { z } from 'zod'
import { InputError, ResponseError } from '../core/errors.js'
import type { QueryParams } from '../core/options.js'
import type { Paginator } from '../core/pagination.js'
import { path } from '../core/path.js'
import { parseResponse } from '../core/validation.js'
import type { ComputeClient } from './client.js'
import { checkId, checkKeys, checkObject, describe } from './fields.js'
import { linkedList } from './paging.js'
import { readJson, signalOf, type ComputeCallOptions } from './read.js'
import { ExtraSpecsSchema, FlavorBodySchema, FlavorPageSchema, type Flavor } from './resource-schemas.js'

/** Keys `flavors.list()` can sort by. */
export const FLAVOR_SORT_KEYS = [
  'created_at', 'description', 'disabled', 'ephemeral_gb', 'flavorid', 'id', 'is_public', 'memory_mb', 'name', 'root_gb', 'rxtx_factor', 'swap',
  'updated_at', 'vcpu_weight', 'vcpus',
] as const

/**
 * Filters of `flavors.list()`, named as Nova names them.
 * @example { minRam: 2048, minDisk: 20, sort_key: 'memory_mb', sort_dir: 'asc' }
 */
export interface FlavorListFilters {
  /** Flavors with at least this much disk, in GiB. */
  minDisk?: number
  /** Flavors with at least this much RAM, in MiB. */
  minRam?: number
  /** Admins: public only (true), private only (false), or both (`'none'`). Others always see public ones and their own. */
  is_public?: boolean | 'none'
  sort_key?: (typeof FLAVOR_SORT_KEYS)[number]
  sort_dir?: 'asc' | 'desc'
  /** Page size; the listing is still followed to its end (cap it with toArray({ max })). */
  limit?: number
  /** Start after this flavor id. */
  marker?: string
}

const FILTER_KEYS = ['minDisk', 'minRam', 'is_public', 'sort_key', 'sort_dir', 'limit', 'marker']

/**
 * `compute.flavors`.
 * @example
 * const small = await compute.flavors.list({ minRam: 2048, sort_key: 'memory_mb' }).first()
 * const specs = await compute.flavors.extraSpecs(small!.id)
 */
export class FlavorsApi {
  readonly #client: ComputeClient

  constructor(client: ComputeClient) {
    this.#client = client
  }

  /**
   * Flavors with details (`GET /flavors/detail`), following `flavors_links` page by page.
   * @example for await (const f of compute.flavors.list({ minRam: 1024 })) console.log(f.name, f.vcpus, f.ram)
   */
  list(filters: FlavorListFilters = {}, opts: ComputeCallOptions = {}): Paginator<Flavor> {
    return linkedList(
      this.#client,
      '/flavors/detail',
      () => flavorQuery(filters),
      async (res) => {
        const body = await readJson(res, FlavorPageSchema, 'GET')
        return { items: body.flavors as Flavor[], links: body.flavors_links }
      },
      opts,
    )
  }

  /**
   * One flavor; NotFoundError when there is none with that id.
   * @example const { vcpus, ram, disk } = await compute.flavors.get('2')
   */
  async get(id: string, opts: ComputeCallOptions = {}): Promise<Flavor> {
    checkId(id, 'flavor id')
    const res = await this.#client.get(path`/flavors/${id}`, signalOf(opts))
    return (await readJson(res, FlavorBodySchema, 'GET')).flavor as Flavor
  }

  /**
   * A flavor's extra specs (`GET /flavors/{id}/os-extra_specs`), e.g. `hw:cpu_policy`.
   * @example const specs = await compute.flavors.extraSpecs('3') // { 'hw:cpu_policy': 'shared' }
   */
  async extraSpecs(id: string, opts: ComputeCallOptions = {}): Promise<Record<string, string>> {
    checkId(id, 'flavor id')
    const res = await this.#client.get(path`/flavors/${id}/os-extra_specs`, signalOf(opts))
    return (await readJson(res, ExtraSpecsSchema, 'GET')).extra_specs
  }

  /**
   * One extra spec's value; NotFoundError when the flavor does not have it.
   * @example const policy = await compute.flavors.extraSpec('3', 'hw:cpu_policy') // 'shared'
   */
  async extraSpec(id: string, key: string, opts: ComputeCallOptions = {}): Promise<string> {
    checkId(id, 'flavor id')
    checkId(key, 'extra spec key')
    const res = await this.#client.get(path`/flavors/${id}/os-extra_specs/${key}`, signalOf(opts))
    const body = parseResponse(z.record(z.string(), z.string()), await res.json(), { method: 'GET', url: res.url, status: res.status })
    const value = body[key]
    if (value === undefined) throw new ResponseError(`GET ${res.url}: the answer has no extra spec ${key}`, { status: res.status, url: res.url, details: [JSON.stringify(body).slice(0, 2000)] })
    return value
  }
}

/** The query of the first page; InputError names the first bad filter. */
function flavorQuery(filters: FlavorListFilters): QueryParams {
  checkObject(filters as unknown, 'flavor filters')
  checkKeys(filters as Record<string, unknown>, FILTER_KEYS, 'flavor filters')
  const q: QueryParams = {}
  for (const key of ['minDisk', 'minRam', 'limit'] as const) {
    const v = filters[key]
    if (v === undefined) continue
    const min = key === 'limit' ? 1 : 0
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new InputError(`${key} must be a whole number ≥ ${min}, got ${describe(v)}`)
    q[key] = v
  }
  if (filters.is_public !== undefined) {
    if (typeof filters.is_public !== 'boolean' && filters.is_public !== 'none') throw new InputError(`is_public must be true, false or 'none', got ${describe(filters.is_public)}`)
    q.is_public = String(filters.is_public)
  }
  if (filters.sort_key !== undefined) {
    if (!(FLAVOR_SORT_KEYS as readonly string[]).includes(filters.sort_key)) throw new InputError(`sort_key must be one of ${FLAVOR_SORT_KEYS.join(', ')}, got ${describe(filters.sort_key)}`)
    q.sort_key = filters.sort_key
  }
  if (filters.sort_dir !== undefined) {
    if (filters.sort_dir !== 'asc' && filters.sort_dir !== 'desc') throw new InputError(`sort_dir must be asc or desc, got ${describe(filters.sort_dir)}`)
    q.sort_dir = filters.sort_dir
  }
  const marker: unknown = filters.marker
  if (marker !== undefined) {
    checkId(marker, 'marker')
    q.marker = marker
  }
  return q
}
