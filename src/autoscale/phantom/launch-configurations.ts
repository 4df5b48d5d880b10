// src/autoscale/phantom/launch-configurations.ts — phantom.launchConfigurations: what to boot on which site, and how to contextualize it.
import type { Paginator } from '../../core/pagination.js'
import { path } from '../../core/path.js'
import type { PhantomCallOptions, PhantomClient } from './client.js'
import { checkResourceId } from './ids.js'
import { launchConfigurationBody, type PhantomLaunchConfigurationInput } from './inputs.js'
import { createOne, deleteOne, getOne, listOf, replaceOne, type Kind } from './rest.js'
import { LaunchConfigurationDecoder, type PhantomLaunchConfiguration } from './schemas.js'

const LC: Kind<PhantomLaunchConfiguration> = { what: 'launch configuration', decoder: LaunchConfigurationDecoder }

/** Options of `launchConfigurations.list`. @example { public: true } */
export interface PhantomLaunchConfigurationListOptions extends PhantomCallOptions {
  /** The public launch configurations every user can start (each with a `description`) instead of the user's own. */
  public?: boolean
}

/**
 * `phantom.launchConfigurations`. Ids are Phantom's (`id`), not names; domains refer to a launch
 * configuration by its name (`lc_name`).
 * @example
 * const lc = await phantom.launchConfigurations.create({
 *   name: 'web', cloud_params: { hotel: { image_id: 'hello-phantom.gz', instance_type: 'm1.small', max_vms: -1, common: true, rank: 1 } },
 * })
 */
export class PhantomLaunchConfigurationsApi {
  readonly #client: PhantomClient
  constructor(client: PhantomClient) {
    this.#client = client
  }

  /**
   * The user's launch configurations (`GET /launchconfigurations`), or the public ones.
   * @example for await (const lc of phantom.launchConfigurations.list({ public: true })) console.log(lc.name, lc.description)
   */
  list(opts: PhantomLaunchConfigurationListOptions = {}): Paginator<PhantomLaunchConfiguration> {
    const { public: pub, ...call } = opts
    return listOf(this.#client, path`/launchconfigurations`, LC, call, pub ? { public: 'true' } : undefined)
  }

  /** One launch configuration by id; NotFoundError when it does not exist or is another user's. @example await phantom.launchConfigurations.get(lc.id) */
  async get(id: string, opts: PhantomCallOptions = {}): Promise<PhantomLaunchConfiguration> {
    checkResourceId(id, 'launch configuration id')
    return getOne(this.#client, path`/launchconfigurations/${id}`, LC, opts)
  }

  /**
   * Creates a launch configuration (201). A name the user already has rejects with
   * PhantomConflictError, whose `existingId` is the existing one's id.
   * @example const { id } = await phantom.launchConfigurations.create({ name: 'web', cloud_params, contextualization_method: 'user_data', user_data: '#!/bin/sh\necho hi' })
   */
  async create(input: PhantomLaunchConfigurationInput, opts: PhantomCallOptions = {}): Promise<PhantomLaunchConfiguration> {
    const json = launchConfigurationBody(input, 'launchConfigurations.create')
    return createOne(this.#client, path`/launchconfigurations`, json, LC, json.name as string, opts)
  }

  /**
   * Replaces a launch configuration's sites and contextualization (`PUT`, 200); its name stays.
   * @example await phantom.launchConfigurations.update(lc.id, { ...input, cloud_params: { ...input.cloud_params, sierra } })
   */
  async update(id: string, input: PhantomLaunchConfigurationInput, opts: PhantomCallOptions = {}): Promise<PhantomLaunchConfiguration> {
    checkResourceId(id, 'launch configuration id')
    const json = launchConfigurationBody(input, 'launchConfigurations.update')
    return replaceOne(this.#client, path`/launchconfigurations/${id}`, json, LC, opts)
  }

  /** Deletes a launch configuration (204). @example await phantom.launchConfigurations.delete(lc.id) */
  async delete(id: string, opts: PhantomCallOptions = {}): Promise<void> {
    checkResourceId(id, 'launch configuration id')
    await deleteOne(this.#client, path`/launchconfigurations/${id}`, opts)
  }
}
