// src/compute/servers.ts — compute.servers: list, get, create, update, delete, waiting, addresses, and (inherited) the actions.
import { InputError } from '../core/errors.js'
import type { Paginator } from '../core/pagination.js'
import { path } from '../core/path.js'
import type { ComputeClient } from './client.js'
import { checkHostname, createBody, type ServerCreate } from './server-create.js'
import { checkId, checkKeys, checkName, checkObject, checkOptionalString, describe } from './fields.js'
import { linkedList } from './paging.js'
import { readJson, signalOf, type ComputeCallOptions } from './read.js'
import { ServerActions } from './server-actions.js'
import { serverListQuery, type ServerListFilters } from './server-filters.js'
import { ServerMetadataApi, ServerTagsApi } from './server-meta.js'
import { waitForServer, waitForServerDelete, type WaitForServerOptions } from './server-wait.js'
import {
  AddressesSchema,
  CreatedServerSchema,
  NetworkAddressesSchema,
  ReservationSchema,
  ServerBodySchema,
  ServerPageSchema,
  type CreatedServer,
  type Server,
  type ServerAddress,
  type ServerAddresses,
  type ServerReservation,
  type ServerStatus,
} from './schemas.js'
import { parseResponse } from '../core/validation.js'

/**
 * What `servers.update()` changes, with Nova's field names; `description` needs 2.19,
 * `hostname` 2.90.
 * @example { name: 'web1-renamed', description: 'front end' }
 */
export interface ServerUpdate {
  name?: string
  description?: string | null
  accessIPv4?: string
  accessIPv6?: string
  'OS-DCF:diskConfig'?: 'AUTO' | 'MANUAL'
  hostname?: string
}

/**
 * `compute.servers`: the server resource, its actions (see ServerActions), `metadata` and `tags`.
 * @example
 * const { id } = await compute.servers.create({ name: 'web1', imageRef, flavorRef: '1', networks: 'auto' })
 * await compute.servers.waitFor(id, 'ACTIVE', { timeoutMs: 600_000 })
 * for await (const s of compute.servers.list({ status: 'ACTIVE' })) console.log(s.name)
 */
export class ServersApi extends ServerActions {
  /** A server's metadata: get, set (replace), update (merge), getItem, setItem, delete. */
  readonly metadata: ServerMetadataApi
  /** A server's tags (2.26): list, add, remove, replace, clear, check. */
  readonly tags: ServerTagsApi

  constructor(compute: ComputeClient) {
    super(compute)
    this.metadata = new ServerMetadataApi(compute)
    this.tags = new ServerTagsApi(compute)
  }

  /**
   * Servers with details (`GET /servers/detail`), following `servers_links` page by page. A bad
   * filter rejects the iteration with InputError before any request.
   * @example const web = await compute.servers.list({ name: '^web', status: 'ACTIVE', sort_key: 'display_name', sort_dir: 'asc' }).toArray({ max: 100 })
   */
  list(filters: ServerListFilters = {}, opts: ComputeCallOptions = {}): Paginator<Server> {
    return linkedList(
      this.compute,
      '/servers/detail',
      () => serverListQuery(filters, (f) => this.compute.requireFeature(f)),
      async (res) => {
        const body = await readJson(res, ServerPageSchema, 'GET')
        return { items: body.servers as Server[], links: body.servers_links }
      },
      opts,
    )
  }

  /**
   * One server; NotFoundError when there is none with that id (or it was deleted).
   * @example const { status, addresses } = await compute.servers.get(id)
   */
  async get(id: string, opts: ComputeCallOptions = {}): Promise<Server> {
    checkId(id, 'server id')
    const res = await this.compute.get(path`/servers/${id}`, signalOf(opts))
    return (await readJson(res, ServerBodySchema, 'GET')).server as Server
  }

  /**
   * Boots a server (`POST /servers`, 202): Nova answers with its id, links and `adminPass` while it
   * builds; follow it with `waitFor(id, 'ACTIVE')`. With `return_reservation_id: true` the answer
   * is the reservation id instead (useful with `min_count`/`max_count`).
   * @example
   * const srv = await compute.servers.create({
   *   name: 'web1', imageRef: imageId, flavorRef: '1', networks: 'auto', key_name: 'ci',
   *   user_data: '#cloud-config\npackages: [nginx]\n', metadata: { role: 'web' }, 'os:scheduler_hints': { group: groupId },
   * })
   */
  create(input: ServerCreate & { return_reservation_id: true }, opts?: ComputeCallOptions): Promise<ServerReservation>
  /** Boots a server and answers with its id, links and adminPass. @example const { id } = await compute.servers.create({ name: 'a', imageRef, flavorRef: '1', networks: 'auto' }) */
  create(input: ServerCreate, opts?: ComputeCallOptions): Promise<CreatedServer>
  async create(input: ServerCreate, opts: ComputeCallOptions = {}): Promise<CreatedServer | ServerReservation> {
    const body = createBody(input, this.compute)
    const res = await this.compute.post('/servers', { json: body, expect: [202], ...signalOf(opts) })
    if (input.return_reservation_id === true) return readJson(res, ReservationSchema, 'POST') as Promise<ServerReservation>
    return (await readJson(res, CreatedServerSchema, 'POST')).server as CreatedServer
  }

  /**
   * Changes a server's name, description (2.19), access IPs, disk config or hostname (2.90);
   * returns the server. Nothing to change is an InputError.
   * @example await compute.servers.update(id, { name: 'web1-old', description: 'to be retired' })
   */
  async update(id: string, changes: ServerUpdate, opts: ComputeCallOptions = {}): Promise<Server> {
    checkId(id, 'server id')
    checkObject(changes, 'server changes')
    checkKeys(changes as Record<string, unknown>, ['name', 'description', 'accessIPv4', 'accessIPv6', 'OS-DCF:diskConfig', 'hostname'], 'server changes')
    const server: Record<string, unknown> = {}
    if (changes.name !== undefined) {
      checkName(changes.name, 'name')
      server.name = changes.name
    }
    if (changes.description !== undefined) {
      this.compute.requireFeature('server.description')
      checkOptionalString(changes.description, 'description', 255, true)
      server.description = changes.description
    }
    for (const key of ['accessIPv4', 'accessIPv6'] as const) {
      if (changes[key] === undefined) continue
      checkOptionalString(changes[key], key)
      server[key] = changes[key]
    }
    const disk = changes['OS-DCF:diskConfig']
    if (disk !== undefined) {
      if (disk !== 'AUTO' && disk !== 'MANUAL') throw new InputError(`OS-DCF:diskConfig must be AUTO or MANUAL, got ${describe(disk)}`)
      server['OS-DCF:diskConfig'] = disk
    }
    if (changes.hostname !== undefined) {
      this.compute.requireFeature('hostname')
      checkHostname(changes.hostname)
      server.hostname = changes.hostname
    }
    if (Object.keys(server).length === 0) throw new InputError('server changes name nothing to change')
    const res = await this.compute.put(path`/servers/${id}`, { json: { server }, ...signalOf(opts) })
    return (await readJson(res, ServerBodySchema, 'PUT')).server as Server
  }

  /**
   * Deletes a server (204; it goes on in the background: `waitForDelete(id)`). ConflictError when locked.
   * @example await compute.servers.delete(id); await compute.servers.waitForDelete(id)
   */
  async delete(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    checkId(id, 'server id')
    const res = await this.compute.delete(path`/servers/${id}`, { expect: [204], ...signalOf(opts) })
    await res.discard()
  }

  /**
   * Polls until the server shows `status` with no task running (`ignoreTaskState` to accept a
   * running task). Rejects with ServerFaultError (carrying the server's `fault`) as soon as it is
   * in ERROR, TimeoutError after `timeoutMs`, AbortError when `signal` fires.
   * @example const s = await compute.servers.waitFor(id, 'ACTIVE', { timeoutMs: 600_000, onProgress: (s) => console.log(s?.status) })
   */
  waitFor(id: string, status: ServerStatus, opts: WaitForServerOptions = {}): Promise<Server> {
    return waitForServer(this.compute, id, status, opts)
  }

  /**
   * Polls until the server is gone (404 or DELETED).
   * @example await compute.servers.delete(id); await compute.servers.waitForDelete(id, { timeoutMs: 300_000 })
   */
  waitForDelete(id: string, opts: WaitForServerOptions = {}): Promise<void> {
    return waitForServerDelete(this.compute, id, opts)
  }

  /**
   * The server's addresses by network (`GET /servers/{id}/ips`).
   * @example const addrs = await compute.servers.addresses(id); addrs['private']?.[0]?.addr
   */
  async addresses(id: string, opts: ComputeCallOptions = {}): Promise<ServerAddresses> {
    checkId(id, 'server id')
    const res = await this.compute.get(path`/servers/${id}/ips`, signalOf(opts))
    return (await readJson(res, AddressesSchema, 'GET')).addresses as ServerAddresses
  }

  /**
   * The server's addresses on one network (`GET /servers/{id}/ips/{network}`); NotFoundError when
   * it is not on that network.
   * @example const [first] = await compute.servers.ips(id, 'private')
   */
  async ips(id: string, network: string, opts: ComputeCallOptions = {}): Promise<ServerAddress[]> {
    checkId(id, 'server id')
    checkId(network, 'network name')
    const res = await this.compute.get(path`/servers/${id}/ips/${network}`, signalOf(opts))
    const body = parseResponse(NetworkAddressesSchema, await res.json(), { method: 'GET', url: res.url, status: res.status })
    return (body[network] ?? []) as ServerAddress[]
  }
}
