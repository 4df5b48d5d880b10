// src/compute/client.ts — ComputeClient: OpenStack Compute (Nova) API v2.1 with microversions.
import { Client } from '../core/client.js'
import type { CallOptions, ClientOptions } from '../core/options.js'
import type { ClientResponse } from '../core/response.js'
import type { HttpMethod } from '../core/retry.js'
import { computeError } from './errors.js'
import { requireFeature, supports, type ComputeFeature } from './features.js'
import { FlavorsApi } from './flavors.js'
import { KeypairsApi } from './keypairs.js'
import { BASE_MICROVERSION, checkMicroversion, chooseMicroversion, rangeFromDocument, type MicroversionRange } from './microversion.js'
import { availabilityZones, limits, type AvailabilityZoneOptions } from './misc.js'
import { signalOf, type ComputeCallOptions } from './read.js'
import type { AvailabilityZone, ComputeLimits } from './resource-schemas.js'
import { ServerGroupsApi } from './server-groups.js'
import { ServersApi } from './servers.js'
import { MicroversionError } from './errors.js'

/**
 * Options of a ComputeClient: those of every Client, plus the microversion to speak. With a
 * `session` and no `endpoint`, the endpoint is the catalog's `compute` entry.
 * @example new ComputeClient({ session: await KeystoneSession.fromEnv(), microversion: '2.79' })
 */
export interface ComputeClientOptions extends ClientOptions {
  /**
   * The Compute API microversion sent with every request (`OpenStack-API-Version: compute X.Y`
   * and `X-OpenStack-Nova-API-Version: X.Y`). Default: none sent, which Nova treats as 2.1.
   * Calls and fields that need a later one are refused with an InputError before any request.
   */
  microversion?: string
}

/**
 * Options of `negotiateMicroversion()`.
 * @example await compute.negotiateMicroversion({ max: '2.79', min: '2.26' })
 */
export interface NegotiateOptions extends ComputeCallOptions {
  /** Highest version wanted. Default SDK_MAX_MICROVERSION (2.96), the newest this SDK knows. */
  max?: string
  /** Lowest version the caller needs: MicroversionError when the server cannot reach it. */
  min?: string
}

/**
 * OpenStack Nova (Compute API v2.1). Resources are namespaces of verbs (`servers`, `flavors`,
 * `keypairs`, `serverGroups`); `limits()` and `availabilityZones()` sit on the client. Inputs and
 * results keep Nova's field names (`imageRef`, `flavorRef`, `key_name`, `OS-EXT-STS:task_state`).
 * @example
 * const compute = new ComputeClient({ session })
 * await compute.negotiateMicroversion({ max: '2.90' })
 * const { id } = await compute.servers.create({ name: 'web1', imageRef, flavorRef: '1', networks: 'auto' })
 * await compute.servers.waitFor(id, 'ACTIVE', { timeoutMs: 600_000 })
 */
export class ComputeClient extends Client {
  /** Servers: list, get, create, update, delete, waitFor, waitForDelete, the server actions, addresses, metadata, tags. */
  readonly servers: ServersApi
  /** Flavors: list, get, extraSpecs, extraSpec. */
  readonly flavors: FlavorsApi
  /** Keypairs: list, get, create, import, delete. */
  readonly keypairs: KeypairsApi
  /** Server groups: list, get, create, delete. */
  readonly serverGroups: ServerGroupsApi
  #microversion: string | undefined

  constructor(options: ComputeClientOptions) {
    const { microversion, ...rest } = options ?? {}
    super({ ...rest, serviceType: rest.serviceType ?? 'compute' })
    if (microversion !== undefined) this.#microversion = checkMicroversion(microversion, 'microversion')
    this.servers = new ServersApi(this)
    this.flavors = new FlavorsApi(this)
    this.keypairs = new KeypairsApi(this)
    this.serverGroups = new ServerGroupsApi(this)
  }

  /** The microversion sent with each request, or undefined when none is (Nova then uses 2.1). @example compute.microversion // '2.79' */
  get microversion(): string | undefined {
    return this.#microversion
  }

  /** The microversion requests are served at: the one set, else 2.1. @example if (compute.effectiveMicroversion === '2.1') await compute.negotiateMicroversion() */
  get effectiveMicroversion(): string {
    return this.#microversion ?? BASE_MICROVERSION
  }

  /**
   * Sets the microversion for the calls made from now on (undefined: send none). InputError for
   * anything but `X.Y` at or above 2.1.
   * @example compute.useMicroversion('2.26')
   */
  useMicroversion(version: string | undefined): void {
    this.#microversion = version === undefined ? undefined : checkMicroversion(version, 'microversion')
  }

  /** Whether the client's microversion has a feature of the table in features.ts. @example if (compute.supports('server.tags')) await compute.servers.tags.add(id, 'web') */
  supports(feature: ComputeFeature): boolean {
    return supports(this.effectiveMicroversion, feature)
  }

  /** InputError unless the client's microversion has the feature (used by every gated call). @example compute.requireFeature('remoteConsole') */
  requireFeature(feature: ComputeFeature): void {
    requireFeature(this.effectiveMicroversion, feature)
  }

  /**
   * The microversions the server supports, from its version document (`GET …/v2.1/`, no token
   * needed). ResponseError when the answer is not a version document.
   * @example const { min, max } = await compute.versionRange() // { min: '2.1', max: '2.96' }
   */
  async versionRange(opts: ComputeCallOptions = {}): Promise<MicroversionRange> {
    const url = versionDocumentUrl(await this.endpoint(opts.signal))
    const res = await this.get(url, { auth: false, expect: [200, 300], ...signalOf(opts) })
    const range = rangeFromDocument(await res.json())
    if (!range) throw new MicroversionError(`GET ${url}: not a Compute version document`, { code: 'NoVersionDocument', status: res.status })
    return range
  }

  /**
   * Reads the server's version document and switches the client to the highest microversion both
   * sides support (at most `max`, default the SDK's 2.96), returning it. MicroversionError when
   * there is none, or none at or above `min`.
   * @example const mv = await compute.negotiateMicroversion({ max: '2.79' }) // '2.79' on a recent Nova
   */
  async negotiateMicroversion(opts: NegotiateOptions = {}): Promise<string> {
    const wanted = {
      ...(opts.max !== undefined ? { max: checkMicroversion(opts.max, 'max') } : {}),
      ...(opts.min !== undefined ? { min: checkMicroversion(opts.min, 'min') } : {}),
    }
    const chosen = chooseMicroversion(await this.versionRange(opts), wanted)
    this.#microversion = chosen
    return chosen
  }

  /**
   * The project's limits and usage (`GET /limits`).
   * @example const { absolute } = await compute.limits(); absolute.maxTotalInstances
   */
  limits(opts: ComputeCallOptions & { tenant_id?: string } = {}): Promise<ComputeLimits> {
    return limits(this, opts)
  }

  /**
   * Availability zones (`GET /os-availability-zone`, or `/detail` with hosts for admins).
   * @example const names = (await compute.availabilityZones()).map((z) => z.zoneName)
   */
  availabilityZones(opts: AvailabilityZoneOptions = {}): Promise<AvailabilityZone[]> {
    return availabilityZones(this, opts)
  }

  /**
   * A request with the microversion headers (unless the call sets its own) and Nova's 406 as a
   * MicroversionError; everything else as for any Client.
   * @example const r = await compute.request('GET', '/os-hypervisors/detail')
   */
  override async request(method: HttpMethod, p: string, opts: CallOptions = {}): Promise<ClientResponse> {
    const mv = this.#microversion
    const own = Object.keys(opts.headers ?? {}).some((k) => /^(openstack-api-version|x-openstack-nova-api-version)$/i.test(k))
    const headers = mv === undefined || own ? opts.headers : { 'OpenStack-API-Version': `compute ${mv}`, 'X-OpenStack-Nova-API-Version': mv, ...opts.headers }
    try {
      return await super.request(method, p, headers === undefined ? opts : { ...opts, headers })
    } catch (e) {
      throw computeError(e)
    }
  }
}

/**
 * The URL of the v2.1 version document for a catalog URL: the path up to its `/v2.1` (or `/v2`)
 * segment, with a trailing slash (Nova redirects the bare form); the URL itself when it has none.
 * @example versionDocumentUrl('http://h:8774/v2.1/6f70656e') // 'http://h:8774/v2.1/'
 */
export function versionDocumentUrl(endpoint: string): string {
  const u = new URL(endpoint)
  const m = /^(.*?\/v2(?:\.\d+)?)(?:\/.*)?$/.exec(u.pathname)
  const base = m ? m[1]! : u.pathname.replace(/\/+$/, '')
  return `${u.origin}${base}/`
}
