// src/autoscale/phantom/client.ts — PhantomClient: the REST API of Nimbus Phantom's web app (`/api/dev`), user id + token over HTTP Basic.
import { Client } from '../../core/client.js'
import type { ErrorResponseInfo } from '../../core/error-response.js'
import { InputError, type ClientError } from '../../core/errors.js'
import type { CallOptions, ClientOptions } from '../../core/options.js'
import { SecretScrubber } from '../../core/redact.js'
import { PhantomCredentialsApi } from './credentials.js'
import { PhantomDomainsApi } from './domains.js'
import { phantomErrorFromResponse } from './errors.js'
import { PhantomInstancesApi } from './instances.js'
import { PhantomLaunchConfigurationsApi } from './launch-configurations.js'
import { phantomLogin } from './login.js'
import { PhantomSensorsApi } from './sensors.js'
import { PhantomSitesApi } from './sites.js'

/**
 * The Client options that make sense for Phantom (limits, retries, TLS, proxy, logging, fetch).
 * @example const opts: PhantomConnectOptions = { timeoutMs: 30_000, logger }
 */
export type PhantomConnectOptions = Omit<ClientOptions, 'endpoint' | 'session' | 'serviceType' | 'region' | 'interface' | 'token' | 'tokenHeader' | 'sign'>

/**
 * Options of a PhantomClient: the REST base, the numeric user id and the token from `POST /token`.
 * @example new PhantomClient({ url: 'http://phantom:8080/api/dev', userId: 3, token: process.env.TOKEN! })
 */
export interface PhantomClientOptions extends PhantomConnectOptions {
  /** The REST base, ending in `/api/dev`. */
  url: string | URL
  /** The user's numeric id (`user` in the login answer; `USER_ID` in Phantom's scripts). */
  userId: string | number
  token: string
}

/** Options of one Phantom call. @example await phantom.domains.get(id, { signal: AbortSignal.timeout(5000) }) */
export type PhantomCallOptions = Pick<CallOptions, 'signal' | 'timeoutMs' | 'totalTimeoutMs' | 'retry' | 'headers'>

/**
 * Nimbus Phantom's REST API (the `PhantomWebApp` Django app), independent of the AWS Query API:
 * `sites`, `credentials.sites` / `credentials.chef`, `launchConfigurations`, `domains`,
 * `instances` and `sensors`. Results keep Phantom's snake_case fields; every list is a
 * Paginator. Each request carries HTTP Basic `<userId>:<token>`; the token, and every secret
 * the client sends or receives, is scrubbed from errors, events and logs.
 * @example
 * const phantom = await PhantomClient.login('http://phantom:8080/api/dev', 'alice', password)
 * const lc = await phantom.launchConfigurations.create({ name: 'web', cloud_params: { hotel: { image_id: 'img', instance_type: 'm1.small', max_vms: -1, common: true, rank: 1 } } })
 * const domain = await phantom.domains.create({ name: 'web', de_name: 'multicloud', lc_name: 'web', vm_count: 2 })
 */
export class PhantomClient extends Client {
  /** Sites (clouds): list, get, addSshKey. */
  readonly sites: PhantomSitesApi
  /** Credentials: `sites` (IaaS keys per site) and `chef`, each list, get, create, update, delete. */
  readonly credentials: PhantomCredentialsApi
  /** Launch configurations: list, get, create, update, delete. */
  readonly launchConfigurations: PhantomLaunchConfigurationsApi
  /** Domains: list, get, create, update, delete, resize. */
  readonly domains: PhantomDomainsApi
  /** Instances of a domain: list, get, terminate. */
  readonly instances: PhantomInstancesApi
  /** Sensors (OpenTSDB metrics): list, get. */
  readonly sensors: PhantomSensorsApi
  /** The user id the client authenticates as. */
  readonly userId: string
  readonly #secrets: SecretScrubber

  constructor(options: PhantomClientOptions) {
    if (typeof options !== 'object' || options === null) throw new InputError('PhantomClient needs { url, userId, token }')
    const { url, userId, token, ...rest } = options
    if (url === undefined || url === '') throw new InputError('PhantomClient: url (the REST base, e.g. http://host:8080/api/dev) is required')
    const user = typeof userId === 'number' && Number.isSafeInteger(userId) && userId >= 0 ? String(userId) : userId
    if (typeof user !== 'string' || !/^\d+$/.test(user)) {
      throw new InputError(`PhantomClient: userId must be the numeric user id, got ${typeof userId === 'string' ? JSON.stringify(userId.slice(0, 40)) : typeof userId}`)
    }
    // Never echo the token, even a malformed one.
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) throw new InputError('PhantomClient: token must be a non-empty string of printable ASCII without spaces')
    const credential = Buffer.from(`${user}:${token}`, 'utf8').toString('base64')
    super({ ...stripAuth(rest), endpoint: url, token: `Basic ${credential}`, tokenHeader: 'authorization' })
    this.userId = user
    this.#secrets = new SecretScrubber()
    this.#secrets.add(token)
    this.#secrets.add(credential)
    this.sites = new PhantomSitesApi(this)
    this.credentials = new PhantomCredentialsApi(this)
    this.launchConfigurations = new PhantomLaunchConfigurationsApi(this)
    this.domains = new PhantomDomainsApi(this)
    this.instances = new PhantomInstancesApi(this)
    this.sensors = new PhantomSensorsApi(this)
  }

  /**
   * Logs in with a username and password (`POST {url}/token`) and returns a client for the
   * token Phantom issued. A refusal rejects with UnauthorizedError (ForbiddenError for a
   * disabled account); the password appears in no message, event or log line.
   * @example const phantom = await PhantomClient.login('https://phantom.example.org/api/dev', 'alice', password, { timeoutMs: 30_000 })
   */
  static async login(url: string | URL, username: string, password: string, opts: PhantomConnectOptions = {}): Promise<PhantomClient> {
    const { userId, token } = await phantomLogin(url, username, password, stripAuth(opts))
    return new PhantomClient({ ...opts, url, userId, token })
  }

  /**
   * A client from the variables Phantom's example scripts read: `PHANTOM_URL` (the REST base),
   * `USER_ID` and `TOKEN`. There is no default URL (the scripts' phantom.nimbusproject.org is
   * gone, and a token must not go to whoever holds that name now). Missing ones are an InputError.
   * @example const phantom = await PhantomClient.fromEnv()
   */
  static async fromEnv(opts: PhantomConnectOptions & { env?: Readonly<Record<string, string | undefined>> } = {}): Promise<PhantomClient> {
    const { env = process.env, ...rest } = opts
    const url = env.PHANTOM_URL
    const userId = env.USER_ID
    const token = env.TOKEN
    const missing = [['PHANTOM_URL', url], ['USER_ID', userId], ['TOKEN', token]].filter(([, v]) => !v).map(([k]) => k)
    if (missing.length > 0) throw new InputError(`PhantomClient.fromEnv: set ${missing.join(', ')} (PHANTOM_URL is the REST base, e.g. http://host:8080/api/dev)`)
    return new PhantomClient({ ...rest, url: url!, userId: userId!, token: token! })
  }

  /**
   * Adds a value (a key, a password) that this client must scrub from every error message and
   * log line from now on; values shorter than 6 characters are ignored. Credentials the client
   * sends or receives are added by themselves.
   * @example phantom.rememberSecret(process.env.HOTEL_SECRET_KEY!)
   */
  rememberSecret(value: string): void {
    this.#secrets.add(value)
  }

  /** Removes the token and every remembered secret from a text. @example phantom.redact(message) */
  override redact(text: string): string {
    return this.#secrets.scrub(super.redact(text))
  }

  /** Phantom's plain-text errors, 403 `Authorization Required` as UnauthorizedError, 302 handled by the creates. */
  protected override errorFromResponse(info: ErrorResponseInfo): ClientError {
    return phantomErrorFromResponse(info)
  }
}

// Options that would change how a Phantom client authenticates are not taken from callers.
function stripAuth<T extends object>(opts: T): T {
  const { session: _s, serviceType: _t, token: _k, tokenHeader: _h, sign: _g, endpoint: _e, ...rest } = opts as T & Partial<ClientOptions>
  return rest as T
}
