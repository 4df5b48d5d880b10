// src/compute/server-meta.ts — servers.metadata and servers.tags: a server's key/value metadata and its tags (2.26).
import { NotFoundError } from '../core/errors.js'
import { path } from '../core/path.js'
import type { ComputeClient } from './client.js'
import { checkId, checkMetadata, checkTag, checkTags } from './fields.js'
import { readJson, signalOf, type ComputeCallOptions } from './read.js'
import { MetadataSchema, MetaItemSchema, TagsSchema } from './schemas.js'
import { ResponseError } from '../core/errors.js'

/**
 * `compute.servers.metadata`: free-form string pairs on a server (keys 1–255 characters, values
 * at most 255; the project's `maxServerMeta` limit applies).
 * @example
 * await compute.servers.metadata.update(id, { role: 'web' })
 * const role = await compute.servers.metadata.getItem(id, 'role')
 */
export class ServerMetadataApi {
  readonly #client: ComputeClient

  constructor(client: ComputeClient) {
    this.#client = client
  }

  /**
   * All of a server's metadata (`GET /servers/{id}/metadata`).
   * @example const meta = await compute.servers.metadata.get(id) // { role: 'web' }
   */
  async get(id: string, opts: ComputeCallOptions = {}): Promise<Record<string, string>> {
    checkId(id, 'server id')
    const res = await this.#client.get(path`/servers/${id}/metadata`, signalOf(opts))
    return (await readJson(res, MetadataSchema, 'GET')).metadata
  }

  /**
   * Replaces all metadata with `metadata` (`PUT`); keys not given are removed. Returns the result.
   * @example await compute.servers.metadata.set(id, { role: 'db' })
   */
  async set(id: string, metadata: Record<string, string>, opts: ComputeCallOptions = {}): Promise<Record<string, string>> {
    return this.#write('PUT', id, metadata, opts)
  }

  /**
   * Merges `metadata` into the server's (`POST`): given keys are set, others kept. Returns the result.
   * @example await compute.servers.metadata.update(id, { owner: 'team-a' })
   */
  async update(id: string, metadata: Record<string, string>, opts: ComputeCallOptions = {}): Promise<Record<string, string>> {
    return this.#write('POST', id, metadata, opts)
  }

  /**
   * One value; NotFoundError when the key is not set.
   * @example const role = await compute.servers.metadata.getItem(id, 'role')
   */
  async getItem(id: string, key: string, opts: ComputeCallOptions = {}): Promise<string> {
    checkId(id, 'server id')
    checkId(key, 'metadata key')
    const res = await this.#client.get(path`/servers/${id}/metadata/${key}`, signalOf(opts))
    return itemOf(await readJson(res, MetaItemSchema, 'GET'), key, res.url)
  }

  /**
   * Sets one key (`PUT /servers/{id}/metadata/{key}` with `{"meta": {key: value}}`).
   * @example await compute.servers.metadata.setItem(id, 'role', 'web')
   */
  async setItem(id: string, key: string, value: string, opts: ComputeCallOptions = {}): Promise<string> {
    checkId(id, 'server id')
    checkMetadata({ [key]: value }, 'metadata')
    const res = await this.#client.put(path`/servers/${id}/metadata/${key}`, { json: { meta: { [key]: value } }, ...signalOf(opts) })
    return itemOf(await readJson(res, MetaItemSchema, 'PUT'), key, res.url)
  }

  /**
   * Removes one key; NotFoundError when it is not set.
   * @example await compute.servers.metadata.delete(id, 'role')
   */
  async delete(id: string, key: string, opts: ComputeCallOptions = {}): Promise<void> {
    checkId(id, 'server id')
    checkId(key, 'metadata key')
    const res = await this.#client.delete(path`/servers/${id}/metadata/${key}`, signalOf(opts))
    await res.discard()
  }

  async #write(method: 'PUT' | 'POST', id: string, metadata: Record<string, string>, opts: ComputeCallOptions): Promise<Record<string, string>> {
    checkId(id, 'server id')
    checkMetadata(metadata, 'metadata')
    // The merge (POST) gives the same result when repeated, so it may be retried like the PUT.
    const res = await this.#client.request(method, path`/servers/${id}/metadata`, { json: { metadata }, idempotent: true, ...signalOf(opts) })
    return (await readJson(res, MetadataSchema, method)).metadata
  }
}

/**
 * `compute.servers.tags` (2.26 and later): labels on a server (1–60 characters, no `/` or `,`,
 * at most 50), usable as list filters.
 * @example
 * await compute.servers.tags.add(id, 'prod')
 * if (await compute.servers.tags.check(id, 'prod')) console.log('tagged')
 */
export class ServerTagsApi {
  readonly #client: ComputeClient

  constructor(client: ComputeClient) {
    this.#client = client
  }

  /**
   * A server's tags.
   * @example const tags = await compute.servers.tags.list(id) // ['prod', 'web']
   */
  async list(id: string, opts: ComputeCallOptions = {}): Promise<string[]> {
    this.#check(id)
    const res = await this.#client.get(path`/servers/${id}/tags`, signalOf(opts))
    return (await readJson(res, TagsSchema, 'GET')).tags
  }

  /**
   * Adds a tag (adding one already there is fine).
   * @example await compute.servers.tags.add(id, 'prod')
   */
  async add(id: string, tag: string, opts: ComputeCallOptions = {}): Promise<void> {
    this.#check(id)
    checkTag(tag, 'tag')
    const res = await this.#client.put(path`/servers/${id}/tags/${tag}`, { expect: [201, 204], ...signalOf(opts) })
    await res.discard()
  }

  /**
   * Removes a tag; NotFoundError when the server does not have it.
   * @example await compute.servers.tags.remove(id, 'prod')
   */
  async remove(id: string, tag: string, opts: ComputeCallOptions = {}): Promise<void> {
    this.#check(id)
    checkTag(tag, 'tag')
    const res = await this.#client.delete(path`/servers/${id}/tags/${tag}`, { expect: [204], ...signalOf(opts) })
    await res.discard()
  }

  /**
   * Replaces all tags with `tags` (an empty list removes them all). Returns the server's tags.
   * @example await compute.servers.tags.replace(id, ['prod', 'db'])
   */
  async replace(id: string, tags: string[], opts: ComputeCallOptions = {}): Promise<string[]> {
    this.#check(id)
    checkTags(tags, 'tags')
    const res = await this.#client.put(path`/servers/${id}/tags`, { json: { tags }, ...signalOf(opts) })
    return (await readJson(res, TagsSchema, 'PUT')).tags
  }

  /**
   * Removes every tag (`DELETE /servers/{id}/tags`).
   * @example await compute.servers.tags.clear(id)
   */
  async clear(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    this.#check(id)
    const res = await this.#client.delete(path`/servers/${id}/tags`, { expect: [204], ...signalOf(opts) })
    await res.discard()
  }

  /**
   * Whether the server has the tag: 204 → true, 404 → false. Nova answers a missing server with
   * 404 too, so this is also false for a server that does not exist.
   * @example if (!(await compute.servers.tags.check(id, 'prod'))) await compute.servers.tags.add(id, 'prod')
   */
  async check(id: string, tag: string, opts: ComputeCallOptions = {}): Promise<boolean> {
    this.#check(id)
    checkTag(tag, 'tag')
    try {
      const res = await this.#client.get(path`/servers/${id}/tags/${tag}`, { expect: [204], ...signalOf(opts) })
      await res.discard()
      return true
    } catch (e) {
      if (e instanceof NotFoundError) return false
      throw e
    }
  }

  #check(id: string): void {
    checkId(id, 'server id')
    this.#client.requireFeature('server.tags')
  }
}

function itemOf(body: { meta: Record<string, string> }, key: string, url: string): string {
  const value = body.meta[key]
  if (value === undefined) throw new ResponseError(`${url}: the answer has no metadata item ${key}`, { url, details: [JSON.stringify(body).slice(0, 2000)] })
  return value
}
