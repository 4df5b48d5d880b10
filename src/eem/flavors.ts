// src/eem/flavors.ts — eem.flavors: named node properties to compose from.
import { z } from 'zod'
import type { Paginator } from '../core/pagination.js'
import { path } from '../core/path.js'
import { call } from './call-options.js'
import type { EemCallOptions, EemCalls } from './client.js'
import { checkId, flavorBody, flavorPatch, type FlavorCreate, type FlavorUpdate } from './inputs.js'
import { onePage, unwrapList } from './lists.js'
import { FlavorSchema, type Flavor } from './schemas.js'

/**
 * `eem.flavors`.
 * @example
 * const f = await eem.flavors.create({ name: 'two-ssd', properties: { pci_device: { type: ['SSD', 'SSD'] } } })
 * await eem.nodes.compose({ name: 'db1', podmId, flavorId: f.uuid })
 */
export class FlavorsApi {
  readonly #calls: EemCalls
  constructor(calls: EemCalls) {
    this.#calls = calls
  }

  /** Every flavor; one page. @example const all = await eem.flavors.list().toArray() */
  list(opts: EemCallOptions = {}): Paginator<Flavor> {
    return onePage(
      async (signal) => (await this.#calls.json('GET', '/flavors', z.array(FlavorSchema), call(signal, opts.timeoutMs), (b) => unwrapList(b, 'flavors'))) as Flavor[],
      opts.signal,
    )
  }

  /** One flavor. @example const f = await eem.flavors.get(uuid) */
  async get(uuid: string, opts: EemCallOptions = {}): Promise<Flavor> {
    checkId(uuid, 'flavorId')
    return (await this.#calls.json('GET', path`/flavors/${uuid}`, FlavorSchema, call(opts.signal, opts.timeoutMs))) as Flavor
  }

  /** Creates a flavor. @example await eem.flavors.create({ name: 'gpu', description: 'one GPU', properties: { pci_device: { type: ['GPU'] } } }) */
  async create(input: FlavorCreate, opts: EemCallOptions = {}): Promise<Flavor> {
    const body = flavorBody(input)
    return (await this.#calls.json('POST', '/flavors', FlavorSchema, { json: body, expect: [200, 201], ...call(opts.signal, opts.timeoutMs) })) as Flavor
  }

  /** Changes a flavor (PATCH with the given fields). @example await eem.flavors.update(uuid, { description: 'bigger' }) */
  async update(uuid: string, changes: FlavorUpdate, opts: EemCallOptions = {}): Promise<Flavor> {
    checkId(uuid, 'flavorId')
    const body = flavorPatch(changes)
    return (await this.#calls.json('PATCH', path`/flavors/${uuid}`, FlavorSchema, { json: body, expect: [200], ...call(opts.signal, opts.timeoutMs) })) as Flavor
  }

  /** Deletes a flavor; done on 200 (Valence's `code: "DELETED"` body) or 204. @example await eem.flavors.delete(uuid) */
  async delete(uuid: string, opts: EemCallOptions = {}): Promise<void> {
    checkId(uuid, 'flavorId')
    await this.#calls.none('DELETE', path`/flavors/${uuid}`, { expect: [200, 202, 204], ...call(opts.signal, opts.timeoutMs) })
  }
}
