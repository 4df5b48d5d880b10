// src/autoscale/phantom/credentials.ts — phantom.credentials.sites and .chef: IaaS keys per site and Chef server accounts.
import type { Paginator } from '../../core/pagination.js'
import { path } from '../../core/path.js'
import { inputObject } from '../checks.js'
import type { PhantomCallOptions, PhantomClient } from './client.js'
import { checkResourceId } from './ids.js'
import { chefCredentialsBody, siteCredentialsBody, type PhantomChefCredentialsInput, type PhantomSiteCredentialsInput } from './inputs.js'
import { createOne, deleteOne, getOne, listOf, replaceOne, type Kind } from './rest.js'
import {
  CHEF_CREDENTIAL_SECRETS,
  ChefCredentialsDecoder,
  SITE_CREDENTIAL_SECRETS,
  SiteCredentialsDecoder,
  type PhantomChefCredentials,
  type PhantomSiteCredentials,
} from './schemas.js'

const SITE_CREDENTIALS: Kind<PhantomSiteCredentials> = { what: 'site credentials', decoder: SiteCredentialsDecoder, secrets: SITE_CREDENTIAL_SECRETS }
const CHEF_CREDENTIALS: Kind<PhantomChefCredentials> = { what: 'chef credentials', decoder: ChefCredentialsDecoder, secrets: CHEF_CREDENTIAL_SECRETS }

/** Options of `credentials.sites.list` and `get`. @example { details: true } */
export interface PhantomSiteCredentialsOptions extends PhantomCallOptions {
  /** Add `available_keys` (the site's SSH key pairs) and the image-generation fields. */
  details?: boolean
}

/**
 * `phantom.credentials.sites`: the IaaS keys Phantom uses on each site, one set per site (its
 * `id` is the site's). Secret values seen here are scrubbed from this client's errors and logs.
 * @example await phantom.credentials.sites.create({ id: 'hotel', access_key, secret_key, key_name: 'phantomkey' })
 */
export class PhantomSiteCredentialsApi {
  readonly #client: PhantomClient
  constructor(client: PhantomClient) {
    this.#client = client
  }

  /** Credentials of every site the user has set up. @example for await (const c of phantom.credentials.sites.list()) console.log(c.id, c.key_name) */
  list(opts: PhantomSiteCredentialsOptions = {}): Paginator<PhantomSiteCredentials> {
    const { details, ...call } = opts
    return listOf(this.#client, path`/credentials/sites`, SITE_CREDENTIALS, call, details ? { details: 'true' } : undefined)
  }

  /** The credentials for one site; NotFoundError when there are none. @example (await phantom.credentials.sites.get('hotel')).key_name */
  async get(site: string, opts: PhantomSiteCredentialsOptions = {}): Promise<PhantomSiteCredentials> {
    checkResourceId(site, 'site')
    const { details, ...call } = opts
    return getOne(this.#client, path`/credentials/sites/${site}`, SITE_CREDENTIALS, { ...call, ...(details ? { query: { details: 'true' } } : {}) })
  }

  /**
   * Adds credentials for a site Phantom knows (201); an unknown site is a BadRequestError.
   * @example await phantom.credentials.sites.create({ id: 'hotel', access_key: 'AKIA…', secret_key, key_name: 'phantomkey' })
   */
  async create(input: PhantomSiteCredentialsInput & { id: string }, opts: PhantomCallOptions = {}): Promise<PhantomSiteCredentials> {
    const site = checkResourceId(inputObject(input, 'credentials.sites.create').id, 'credentials.sites.create: id')
    const json = siteCredentialsBody(site, input, 'credentials.sites.create')
    return createOne(this.#client, path`/credentials/sites`, json, SITE_CREDENTIALS, site, opts)
  }

  /**
   * Replaces a site's keys (`PUT`, 200); Phantom reads `access_key`, `secret_key` and `key_name`.
   * @example await phantom.credentials.sites.update('hotel', { access_key, secret_key: rotated, key_name: 'phantomkey' })
   */
  async update(site: string, input: PhantomSiteCredentialsInput, opts: PhantomCallOptions = {}): Promise<PhantomSiteCredentials> {
    checkResourceId(site, 'site')
    const json = siteCredentialsBody(site, input, 'credentials.sites.update')
    return replaceOne(this.#client, path`/credentials/sites/${site}`, json, SITE_CREDENTIALS, opts)
  }

  /** Removes a site's credentials (204); Phantom answers a missing one with 400. @example await phantom.credentials.sites.delete('hotel') */
  async delete(site: string, opts: PhantomCallOptions = {}): Promise<void> {
    checkResourceId(site, 'site')
    await deleteOne(this.#client, path`/credentials/sites/${site}`, opts)
  }
}

/**
 * `phantom.credentials.chef`: Chef server accounts launch configurations contextualize with.
 * The private keys are scrubbed from this client's errors and logs.
 * @example await phantom.credentials.chef.create({ id: 'mychef', server_url, client_name: 'admin', client_key, validator_key })
 */
export class PhantomChefCredentialsApi {
  readonly #client: PhantomClient
  constructor(client: PhantomClient) {
    this.#client = client
  }

  /** Every Chef account. @example for await (const c of phantom.credentials.chef.list()) console.log(c.id, c.server_url) */
  list(opts: PhantomCallOptions = {}): Paginator<PhantomChefCredentials> {
    return listOf(this.#client, path`/credentials/chef`, CHEF_CREDENTIALS, opts)
  }

  /** One Chef account; NotFoundError when there is none. @example await phantom.credentials.chef.get('mychef') */
  async get(id: string, opts: PhantomCallOptions = {}): Promise<PhantomChefCredentials> {
    checkResourceId(id, 'chef credentials id')
    return getOne(this.#client, path`/credentials/chef/${id}`, CHEF_CREDENTIALS, opts)
  }

  /**
   * Adds a Chef account (201); a taken id rejects with PhantomConflictError.
   * @example await phantom.credentials.chef.create({ id: 'mychef', server_url: 'https://chef', client_name: 'admin', client_key, validator_key })
   */
  async create(input: PhantomChefCredentialsInput & { id: string }, opts: PhantomCallOptions = {}): Promise<PhantomChefCredentials> {
    const id = checkResourceId(inputObject(input, 'credentials.chef.create').id, 'credentials.chef.create: id')
    const json = chefCredentialsBody(id, input, 'credentials.chef.create')
    return createOne(this.#client, path`/credentials/chef`, json, CHEF_CREDENTIALS, id, opts)
  }

  /** Replaces a Chef account (`PUT`, 200; 400 when it does not exist). @example await phantom.credentials.chef.update('mychef', { server_url, client_name, client_key, validator_key }) */
  async update(id: string, input: PhantomChefCredentialsInput, opts: PhantomCallOptions = {}): Promise<PhantomChefCredentials> {
    checkResourceId(id, 'chef credentials id')
    const json = chefCredentialsBody(id, input, 'credentials.chef.update')
    return replaceOne(this.#client, path`/credentials/chef/${id}`, json, CHEF_CREDENTIALS, opts)
  }

  /** Removes a Chef account (204; 400 when it does not exist). @example await phantom.credentials.chef.delete('mychef') */
  async delete(id: string, opts: PhantomCallOptions = {}): Promise<void> {
    checkResourceId(id, 'chef credentials id')
    await deleteOne(this.#client, path`/credentials/chef/${id}`, opts)
  }
}

/**
 * `phantom.credentials`: `sites` (IaaS keys) and `chef` (Chef server accounts).
 * @example const mine = await phantom.credentials.sites.list().toArray()
 */
export class PhantomCredentialsApi {
  /** IaaS keys per site. */
  readonly sites: PhantomSiteCredentialsApi
  /** Chef server accounts. */
  readonly chef: PhantomChefCredentialsApi
  constructor(client: PhantomClient) {
    this.sites = new PhantomSiteCredentialsApi(client)
    this.chef = new PhantomChefCredentialsApi(client)
  }
}
