// src/autoscale/phantom/instances.ts — phantom.instances: the VMs of a domain, and terminating one.
import { InputError } from '../../core/errors.js'
import type { Paginator } from '../../core/pagination.js'
import { path } from '../../core/path.js'
import type { PhantomCallOptions, PhantomClient } from './client.js'
import { checkDomainId } from './ids.js'
import { deleteOne, getOne, listOf, type Kind } from './rest.js'
import { InstanceDecoder, type PhantomInstance } from './schemas.js'

const INSTANCE: Kind<PhantomInstance> = { what: 'instance', decoder: InstanceDecoder }

/** Options of `instances.terminate`. @example { adjustPolicy: true } */
export interface PhantomTerminateOptions extends PhantomCallOptions {
  /**
   * Also lower the domain's size by one (`vm_count`, or a sensor domain's minimum, with its
   * maximum set to the new minimum), so Phantom does not start a replacement. Default false.
   * Such a request is not repeated after a network error: a second one would lower it again.
   */
  adjustPolicy?: boolean
}

/**
 * `phantom.instances`: VMs Phantom started for a domain.
 * @example for await (const i of phantom.instances.list(domain.id)) if (isEpuFailed(i.lifecycle_state)) await phantom.instances.terminate(domain.id, i.id)
 */
export class PhantomInstancesApi {
  readonly #client: PhantomClient
  constructor(client: PhantomClient) {
    this.#client = client
  }

  /**
   * The domain's instances (`GET /domains/{id}/instances`); NotFoundError for an unknown domain.
   * @example const running = (await phantom.instances.list(domainId).toArray()).filter((i) => isEpuRunning(i.lifecycle_state))
   */
  list(domainId: string, opts: PhantomCallOptions = {}): Paginator<PhantomInstance> {
    return listOf(this.#client, () => path`/domains/${checkDomainId(domainId, 'domain id')}/instances`, INSTANCE, opts)
  }

  /** One instance of a domain. @example (await phantom.instances.get(domainId, instanceId)).lifecycle_state */
  async get(domainId: string, instanceId: string, opts: PhantomCallOptions = {}): Promise<PhantomInstance> {
    checkDomainId(domainId, 'domain id')
    checkDomainId(instanceId, 'instance id')
    return getOne(this.#client, path`/domains/${domainId}/instances/${instanceId}`, INSTANCE, opts)
  }

  /**
   * Terminates an instance (`DELETE …/instances/{iid}`, 204). Without `adjustPolicy` the domain
   * keeps its size and Phantom starts a replacement.
   * @example await phantom.instances.terminate(domainId, instanceId, { adjustPolicy: true })
   */
  async terminate(domainId: string, instanceId: string, opts: PhantomTerminateOptions = {}): Promise<void> {
    checkDomainId(domainId, 'domain id')
    checkDomainId(instanceId, 'instance id')
    const { adjustPolicy, ...call } = opts
    if (adjustPolicy !== undefined && typeof adjustPolicy !== 'boolean') throw new InputError(`instances.terminate: adjustPolicy must be true or false, got ${typeof adjustPolicy}`)
    await deleteOne(this.#client, path`/domains/${domainId}/instances/${instanceId}`, adjustPolicy ? { ...call, query: { adjust_policy: 'true' }, idempotent: false } : call)
  }
}
