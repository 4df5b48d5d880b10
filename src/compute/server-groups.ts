// src/compute/server-groups.ts — compute.serverGroups: affinity groups, `policies` before 2.64 and `policy` + `rules` from it.
import { InputError } from '../core/errors.js'
import type { QueryParams } from '../core/options.js'
import { Paginator } from '../core/pagination.js'
import { path } from '../core/path.js'
import type { ComputeClient } from './client.js'
import { checkId, checkKeys, checkName, checkObject, describe } from './fields.js'
import { readJson, signalOf, type ComputeCallOptions } from './read.js'
import { ServerGroupBodySchema, ServerGroupListSchema, type ServerGroup, type ServerGroupPolicy } from './resource-schemas.js'

const POLICIES: readonly string[] = ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity']

/**
 * What `serverGroups.create()` takes. Give `policy` at any microversion (sent as `policies:
 * [policy]` before 2.64), or `policies` (a list of one) before 2.64; `rules` need 2.64.
 * @example { name: 'web', policy: 'anti-affinity', rules: { max_server_per_host: 2 } }
 */
export interface ServerGroupCreate {
  name: string
  policy?: ServerGroupPolicy
  policies?: ServerGroupPolicy[]
  /** Only `max_server_per_host`, only with `anti-affinity` (2.64). */
  rules?: { max_server_per_host?: number }
}

/**
 * Options of `serverGroups.list()`.
 * @example { all_projects: true } // admins
 */
export interface ServerGroupListOptions extends ComputeCallOptions {
  /** Admins: the groups of every project. */
  all_projects?: boolean
  /** Page size; the listing is still followed (by offset) to its end. */
  limit?: number
  /** Skip this many groups. */
  offset?: number
}

/**
 * `compute.serverGroups`.
 * @example
 * const group = await compute.serverGroups.create({ name: 'web', policy: 'anti-affinity' })
 * await compute.servers.create({ name: 'web1', imageRef, flavorRef: '1', networks: 'auto', 'os:scheduler_hints': { group: group.id } })
 */
export class ServerGroupsApi {
  readonly #client: ComputeClient

  constructor(client: ComputeClient) {
    this.#client = client
  }

  /**
   * The project's server groups (`GET /os-server-groups`), paged by limit and offset (Nova gives
   * no next link here: a full page means another may follow).
   * @example for await (const g of compute.serverGroups.list()) console.log(g.name, g.members.length)
   */
  list(opts: ServerGroupListOptions = {}): Paginator<ServerGroup> {
    return Paginator.from<ServerGroup, number>(
      async (cursor, signal) => {
        const offset = cursor ?? opts.offset ?? 0
        const query = listQuery(opts, offset)
        const res = await this.#client.get('/os-server-groups', { query, ...(signal ? { signal } : {}) })
        const groups = (await readJson(res, ServerGroupListSchema, 'GET')).server_groups as ServerGroup[]
        // A short page is not the end: a cloud's max_limit may be below the limit asked for (or
        // below Nova's default of 1000), so only an empty page ends the listing.
        return { items: groups, next: groups.length > 0 ? offset + groups.length : undefined }
      },
      opts.signal ? { signal: opts.signal } : {},
    )
  }

  /**
   * One server group; NotFoundError when unknown.
   * @example const { members } = await compute.serverGroups.get(id)
   */
  async get(id: string, opts: ComputeCallOptions = {}): Promise<ServerGroup> {
    checkId(id, 'server group id')
    const res = await this.#client.get(path`/os-server-groups/${id}`, signalOf(opts))
    return (await readJson(res, ServerGroupBodySchema, 'GET')).server_group as ServerGroup
  }

  /**
   * Creates a server group. Soft policies need 2.15; `rules` need 2.64.
   * @example const g = await compute.serverGroups.create({ name: 'db', policy: 'anti-affinity' })
   */
  async create(input: ServerGroupCreate, opts: ComputeCallOptions = {}): Promise<ServerGroup> {
    checkObject(input, 'server group')
    checkKeys(input as unknown as Record<string, unknown>, ['name', 'policy', 'policies', 'rules'], 'server group')
    checkName(input.name, 'name')
    if ((input.policy === undefined) === (input.policies === undefined)) throw new InputError('a server group needs policy, or policies before 2.64 (not both)')
    let policy: unknown = input.policy
    if (input.policies !== undefined) {
      this.#client.requireFeature('serverGroup.policies')
      if (!Array.isArray(input.policies) || input.policies.length !== 1) throw new InputError(`policies must be a list of exactly one policy, got ${describe(input.policies)}`)
      policy = input.policies[0]
    }
    if (typeof policy !== 'string' || !POLICIES.includes(policy)) throw new InputError(`policy must be one of ${POLICIES.join(', ')}, got ${describe(policy)}`)
    if (policy.startsWith('soft-')) this.#client.requireFeature('serverGroup.softPolicies')
    const body: Record<string, unknown> = { name: input.name }
    if (this.#client.supports('serverGroup.rules')) body.policy = policy
    else body.policies = [policy]
    if (input.rules !== undefined) {
      this.#client.requireFeature('serverGroup.rules')
      checkObject(input.rules, 'rules')
      checkKeys(input.rules, ['max_server_per_host'], 'rules')
      const max = input.rules.max_server_per_host
      if (max !== undefined && (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 1)) throw new InputError(`rules.max_server_per_host must be a whole number ≥ 1, got ${describe(max)}`)
      if (Object.keys(input.rules).length > 0 && policy !== 'anti-affinity') throw new InputError('rules apply only to the anti-affinity policy')
      body.rules = { ...input.rules }
    }
    const res = await this.#client.post('/os-server-groups', { json: { server_group: body }, ...signalOf(opts) })
    return (await readJson(res, ServerGroupBodySchema, 'POST')).server_group as ServerGroup
  }

  /**
   * Deletes a server group (its servers stay). NotFoundError when unknown.
   * @example await compute.serverGroups.delete(id)
   */
  async delete(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    checkId(id, 'server group id')
    const res = await this.#client.delete(path`/os-server-groups/${id}`, signalOf(opts))
    await res.discard()
  }
}

function listQuery(opts: ServerGroupListOptions, offset: number): QueryParams {
  const q: QueryParams = {}
  if (opts.all_projects !== undefined) {
    if (typeof opts.all_projects !== 'boolean') throw new InputError(`all_projects must be true or false, got ${describe(opts.all_projects)}`)
    if (opts.all_projects) q.all_projects = 'True'
  }
  for (const [key, value, min] of [['limit', opts.limit, 1], ['offset', opts.offset, 0]] as const) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)) throw new InputError(`${key} must be a whole number ≥ ${min}, got ${describe(value)}`)
  }
  if (opts.limit !== undefined) q.limit = opts.limit
  if (offset > 0) q.offset = offset
  return q
}
