// src/autoscale/phantom/domains.ts — phantom.domains: groups of VMs kept by a decision engine (multicloud or sensor), and resizing them.
import { InputError } from '../../core/errors.js'
import type { Paginator } from '../../core/pagination.js'
import { path } from '../../core/path.js'
import type { PhantomCallOptions, PhantomClient } from './client.js'
import { domainBody, type PhantomDomainInput } from './domain-inputs.js'
import { DomainDecoder, type PhantomDomain } from './domain-schemas.js'
import { checkDomainId } from './ids.js'
import { createOne, deleteOne, getOne, listOf, replaceOne, type Kind } from './rest.js'

const DOMAIN: Kind<PhantomDomain> = { what: 'domain', decoder: DomainDecoder }

// Fields of a fetched domain that Phantom computes; everything else goes back on a resize.
const READ_ONLY = new Set(['id', 'owner', 'uri', 'sensor_data'])

/**
 * `phantom.domains`: Phantom's auto-scaling groups. A domain's `id` is a uuid Phantom assigns;
 * its `name` is the user's.
 * @example
 * const d = await phantom.domains.create({ name: 'web', de_name: 'multicloud', lc_name: 'web-lc', vm_count: 2 })
 * await phantom.domains.resize(d.id, 4)
 */
export class PhantomDomainsApi {
  readonly #client: PhantomClient
  constructor(client: PhantomClient) {
    this.#client = client
  }

  /**
   * Every domain of the user (`GET /domains`), including those made through the Query API
   * (`de_name` null).
   * @example const web = (await phantom.domains.list().toArray()).find((d) => d.name === 'web')
   */
  list(opts: PhantomCallOptions = {}): Paginator<PhantomDomain> {
    return listOf(this.#client, path`/domains`, DOMAIN, opts)
  }

  /** One domain by id; NotFoundError when it does not exist. @example const d = await phantom.domains.get(id); if (d.de_name === 'multicloud') console.log(d.vm_count) */
  async get(id: string, opts: PhantomCallOptions = {}): Promise<PhantomDomain> {
    checkDomainId(id, 'domain id')
    return getOne(this.#client, path`/domains/${id}`, DOMAIN, opts)
  }

  /**
   * Creates a domain (201) and starts its VMs. A `de_name` other than `multicloud` or `sensor`
   * is an InputError before any request; a name the user already has rejects with
   * PhantomConflictError.
   * @example await phantom.domains.create({ name: 'web', de_name: 'multicloud', lc_name: 'web-lc', vm_count: 2 })
   */
  async create(input: PhantomDomainInput, opts: PhantomCallOptions = {}): Promise<PhantomDomain> {
    const json = domainBody(input, 'domains.create')
    return createOne(this.#client, path`/domains`, json, DOMAIN, json.name as string, opts)
  }

  /**
   * Reconfigures a domain with a whole new definition (`PUT`, 200).
   * @example await phantom.domains.update(id, { name: 'web', de_name: 'multicloud', lc_name: 'web-lc-v2', vm_count: 2 })
   */
  async update(id: string, input: PhantomDomainInput, opts: PhantomCallOptions = {}): Promise<PhantomDomain> {
    checkDomainId(id, 'domain id')
    const json = domainBody(input, 'domains.update')
    return replaceOne(this.#client, path`/domains/${id}`, json, DOMAIN, opts)
  }

  /**
   * Sets how many VMs a domain keeps: GETs the domain and PUTs it back whole with the new size,
   * as Phantom's `domain_alter.py` does. A multicloud domain gets `vm_count`; a sensor domain
   * gets `sensor_minimum_vms` and `sensor_maximum_vms` both set to `vmCount`, which pins it at
   * that size like the Query API's SetDesiredCapacity and `adjust_policy` do (use `update` to
   * give it a range again). A domain made through the Query API (`de_name` null) is refused
   * with InputError: resize it with the AutoscaleClient.
   * @example await phantom.domains.resize(domainId, 3)
   */
  async resize(id: string, vmCount: number, opts: PhantomCallOptions = {}): Promise<PhantomDomain> {
    checkDomainId(id, 'domain id')
    if (typeof vmCount !== 'number' || !Number.isSafeInteger(vmCount) || vmCount < 0) {
      throw new InputError(`domains.resize: vmCount must be a whole number of VMs, 0 or more, got ${typeof vmCount === 'number' ? vmCount : typeof vmCount}`)
    }
    const current = await this.get(id, opts)
    if (current.de_name === null) {
      throw new InputError(`domains.resize: domain ${id} has no de_name (it was made through the Query API); use AutoscaleClient groups.setDesiredCapacity`)
    }
    const json: Record<string, unknown> = Object.fromEntries(Object.entries(current).filter(([k, v]) => !READ_ONLY.has(k) && v !== undefined && v !== null))
    if (current.de_name === 'multicloud') json.vm_count = vmCount
    else Object.assign(json, { sensor_minimum_vms: vmCount, sensor_maximum_vms: vmCount })
    return replaceOne(this.#client, path`/domains/${id}`, json, DOMAIN, opts)
  }

  /** Deletes a domain and terminates its VMs (204). @example await phantom.domains.delete(id) */
  async delete(id: string, opts: PhantomCallOptions = {}): Promise<void> {
    checkDomainId(id, 'domain id')
    await deleteOne(this.#client, path`/domains/${id}`, opts)
  }
}
