// src/autoscale/phantom/sites.ts — phantom.sites: the clouds Phantom can launch on, and SSH keys uploaded to them.
import { InputError } from '../../core/errors.js'
import type { Paginator } from '../../core/pagination.js'
import { path } from '../../core/path.js'
import { needText } from '../checks.js'
import type { PhantomCallOptions, PhantomClient } from './client.js'
import { checkResourceId } from './ids.js'
import { getOne, listOf, type Kind } from './rest.js'
import { SiteDecoder, type PhantomSite } from './schemas.js'

const SITE: Kind<PhantomSite> = { what: 'site', decoder: SiteDecoder }

/** Options of `sites.list` and `sites.get`. @example { details: true } */
export interface PhantomSiteOptions extends PhantomCallOptions {
  /** Ask each site for its type, image generation support and images (slow: Phantom asks every cloud). */
  details?: boolean
}

/**
 * `phantom.sites`: the sites (clouds) configured in Phantom.
 * @example for await (const site of phantom.sites.list()) console.log(site.id, site.instance_types)
 */
export class PhantomSitesApi {
  readonly #client: PhantomClient
  constructor(client: PhantomClient) {
    this.#client = client
  }

  /**
   * Every site (`GET /sites`, `?details=true` with `details`).
   * @example const sites = await phantom.sites.list({ details: true }).toArray()
   */
  list(opts: PhantomSiteOptions = {}): Paginator<PhantomSite> {
    const { details, ...call } = opts
    return listOf(this.#client, path`/sites`, SITE, call, details ? { details: 'true' } : undefined)
  }

  /**
   * One site; NotFoundError when Phantom has no such site.
   * @example (await phantom.sites.get('hotel')).instance_types
   */
  async get(site: string, opts: PhantomSiteOptions = {}): Promise<PhantomSite> {
    checkResourceId(site, 'site')
    const { details, ...call } = opts
    return getOne(this.#client, path`/sites/${site}`, SITE, { ...call, ...(details ? { query: { details: 'true' } } : {}) })
  }

  /**
   * Uploads an SSH public key to the site's IaaS as key pair `name` (`POST /sites/{site}/sshkeys`,
   * 201). A private key is refused before anything is sent.
   * @example await phantom.sites.addSshKey('hotel', 'phantomkey', await readFile(`${homedir()}/.ssh/id_ed25519.pub`, 'utf8'))
   */
  async addSshKey(site: string, name: string, key: string, opts: PhantomCallOptions = {}): Promise<void> {
    const call = 'sites.addSshKey'
    checkResourceId(site, 'site')
    needText({ name }, 'name', call)
    if (typeof key !== 'string' || key.trim() === '') throw new InputError(`${call}: key must be an SSH public key`)
    if (/PRIVATE KEY/.test(key)) throw new InputError(`${call}: key is a private key; upload the public one (the .pub file)`)
    needText({ key: key.trim() }, 'key', call, 100_000)
    const res = await this.#client.post(path`/sites/${site}/sshkeys`, { ...opts, json: { name, key: key.trim() }, expect: [201] })
    await res.discard()
  }
}
