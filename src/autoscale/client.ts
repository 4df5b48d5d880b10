// src/autoscale/client.ts — AutoscaleClient: the AWS Auto Scaling Query API (2011-01-01), SigV4 or Phantom's SigV2.
import { Client } from '../core/client.js'
import { InputError, ResponseError } from '../core/errors.js'
import type { CallOptions, ClientOptions, SignableRequest } from '../core/options.js'
import type { ErrorResponseInfo } from '../core/error-response.js'
import type { RetryContext } from '../core/retry.js'
import type { ClientError } from '../core/errors.js'
import { SecretScrubber } from '../core/redact.js'
import { loadXmlParser, parseXml } from '../core/xml.js'
import { ActivitiesApi } from './activities.js'
import { credentialSource, loadAwsProfile, type AwsCredentialProvider, type AwsCredentials } from './credentials.js'
import { decode, type Decoder } from './decode.js'
import { autoscaleErrorFromResponse, isRetryableCode } from './errors.js'
import { GroupsApi } from './groups.js'
import { InstancesApi } from './instances.js'
import { LaunchConfigurationsApi } from './launch-configurations.js'
import { PoliciesApi } from './policies.js'
import { encodeForm, flattenQuery, type QueryValue } from './query.js'
import { signV2, signV4, type SigV2Method } from './signing.js'
import { TagsApi } from './tags.js'

/** The API version sent as `Version`. Phantom answers it too (in its 2009-05-15 namespace). */
export const AUTOSCALING_API_VERSION = '2011-01-01'

const FORM = 'application/x-www-form-urlencoded; charset=utf-8'

/**
 * Options of an AutoscaleClient: the Client's limits, retries, TLS, proxy and logging, plus where
 * and as whom to sign. Missing values come from the environment (`AWS_REGION`,
 * `AWS_ENDPOINT_URL_AUTO_SCALING`, `AWS_ENDPOINT_URL`, the AWS and `EC2_*` key variables, then
 * `~/.aws` profiles); {@link AutoscaleClient.fromEnv} also reads region and endpoint from the profile.
 * @example new AutoscaleClient({ endpoint: 'http://127.0.0.1:5000', region: 'us-east-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' } })
 */
export interface AutoscaleClientOptions extends Omit<ClientOptions, 'endpoint' | 'session' | 'serviceType' | 'token' | 'tokenHeader' | 'sign'> {
  /** Service URL. Default from the variables above, else `https://autoscaling.<region>.amazonaws.com`. */
  endpoint?: string | URL
  /** Signing region. Default `AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-east-1`. */
  region?: string
  /** Keys, or a provider asked before each signature (and again once its credentials expire). */
  credentials?: AwsCredentials | AwsCredentialProvider
  /**
   * `v4` (default) or `v2`. Use `v2` for Phantom: pyhantom's SigV4 check reads only boto 2's header
   * layout and verifies the Host without its port, so it refuses standard SigV4 on port 8445.
   */
  signatureVersion?: 'v4' | 'v2'
  /** HMAC of SigV2. Default HmacSHA256. */
  sigV2Method?: SigV2Method
  /** `Version` parameter. Default 2011-01-01. */
  apiVersion?: string
  /** Profile for the credentials chain. Default `AWS_PROFILE`, else `default`. */
  profile?: string
  /** Variables to read instead of `process.env` (tests, embedded use). */
  env?: Readonly<Record<string, string | undefined>>
}

/** Options of one Auto Scaling call. @example await autoscale.groups.delete('web', { ForceDelete: true }, { signal }) */
export type AutoscaleCallOptions = Pick<CallOptions, 'signal' | 'timeoutMs' | 'totalTimeoutMs' | 'retry' | 'headers'>

/** What {@link AutoscaleClient.query} resolves to: the decoded `<ActionResult>` and the request id. */
export interface QueryResult<T> {
  result: T
  requestId: string | undefined
}

/**
 * The AWS Auto Scaling Query API, as AWS, moto and Phantom serve it. Resources are namespaces
 * (`launchConfigurations`, `groups`, `instances`, `policies`, `activities`, `tags`); inputs and
 * results use AWS's member names, lists are always arrays and every `Describe*` is a Paginator.
 * Throttling and ResourceContention are retried with backoff although the requests are POSTs.
 * @example
 * const autoscale = new AutoscaleClient({ region: 'us-east-1' })
 * await autoscale.launchConfigurations.create({ LaunchConfigurationName: 'web@hotel', ImageId: 'ami-1', InstanceType: 'm1.small' })
 * await autoscale.groups.create({ AutoScalingGroupName: 'web', LaunchConfigurationName: 'web@hotel', MinSize: 1, MaxSize: 4, AvailabilityZones: ['hotel'] })
 * await autoscale.groups.waitForCapacity('web', { timeoutMs: 600_000 })
 */
export class AutoscaleClient extends Client {
  /** Launch configurations: create, delete, list, get. */
  readonly launchConfigurations: LaunchConfigurationsApi
  /** Groups: create, update, delete, list, get, setDesiredCapacity, waitForCapacity. */
  readonly groups: GroupsApi
  /** Instances of groups: list, terminate. */
  readonly instances: InstancesApi
  /** Scaling policies: put, list, delete, execute. */
  readonly policies: PoliciesApi
  /** Scaling activities: list. */
  readonly activities: ActivitiesApi
  /** Tags on groups: createOrUpdate, list, delete. */
  readonly tags: TagsApi
  /** The signing region. */
  readonly region: string
  readonly #apiVersion: string
  readonly #secrets: SecretScrubber

  constructor(options: AutoscaleClientOptions = {}) {
    const { region: givenRegion, credentials, signatureVersion = 'v4', sigV2Method, apiVersion, profile, env: givenEnv, endpoint: givenEndpoint, retry, ...rest } = options ?? {}
    const env = givenEnv ?? process.env
    if (signatureVersion !== 'v4' && signatureVersion !== 'v2') throw new InputError(`signatureVersion must be 'v4' or 'v2', got ${String(signatureVersion)}`)
    const region = givenRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'
    if (!/^[a-z0-9-]{1,64}$/i.test(region)) throw new InputError(`region must be a region name such as us-east-1, got ${JSON.stringify(region)}`)
    const endpoint = givenEndpoint ?? env.AWS_ENDPOINT_URL_AUTO_SCALING ?? env.AWS_ENDPOINT_URL ?? `https://autoscaling.${region}.amazonaws.com`
    const provider = credentialSource(credentials, { env, ...(profile !== undefined ? { profile } : {}) })
    // AWS echoes the canonical request (session token included) in SignatureDoesNotMatch messages.
    const secrets = new SecretScrubber()
    const keyCache = new Map<string, ArrayBuffer>()
    const sign = async (req: SignableRequest): Promise<{ headers?: Record<string, string>; body?: string; url?: string }> => {
      const creds = await provider(req.signal ? { signal: req.signal } : {})
      secrets.add(creds.secretAccessKey)
      secrets.add(creds.sessionToken)
      const ctx = { credentials: creds, region, keyCache }
      return signatureVersion === 'v2' ? signV2(req, { ...ctx, ...(sigV2Method ? { method: sigV2Method } : {}) }) : signV4(req, ctx)
    }
    super({
      ...rest,
      endpoint,
      sign,
      retry: {
        ...(retry === false ? { limit: 0 } : typeof retry === 'number' ? { limit: retry } : retry),
        // The caller's rule is asked after ours, so Throttling stays retried whatever it says.
        shouldRetry: (e, ctx) => retryCodes(e, ctx) ?? (typeof retry === 'object' ? retry.shouldRetry?.(e, ctx) : undefined),
      },
    })
    this.#secrets = secrets
    this.region = region
    this.#apiVersion = apiVersion ?? AUTOSCALING_API_VERSION
    this.launchConfigurations = new LaunchConfigurationsApi(this)
    this.groups = new GroupsApi(this)
    this.instances = new InstancesApi(this)
    this.policies = new PoliciesApi(this)
    this.activities = new ActivitiesApi(this)
    this.tags = new TagsApi(this)
  }

  /**
   * A client configured from the environment as the AWS CLI would be: variables first, then the
   * profile (`AWS_PROFILE` or `profile`) in ~/.aws/credentials and ~/.aws/config for keys,
   * region and `endpoint_url`. Options given here win.
   * @example const autoscale = await AutoscaleClient.fromEnv({ profile: 'phantom', signatureVersion: 'v2' })
   */
  static async fromEnv(options: AutoscaleClientOptions = {}): Promise<AutoscaleClient> {
    const env = options.env ?? process.env
    const fromProfile = await loadAwsProfile({ env, ...(options.profile !== undefined ? { profile: options.profile } : {}) })
    const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? fromProfile.region
    const endpoint = options.endpoint ?? env.AWS_ENDPOINT_URL_AUTO_SCALING ?? env.AWS_ENDPOINT_URL ?? fromProfile.endpoint
    return new AutoscaleClient({ ...options, ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) })
  }

  /** Removes the secret key and session token too, besides what every Client removes. @example autoscale.redact(e.message) */
  override redact(text: string): string {
    return this.#secrets.scrub(super.redact(text))
  }

  /** Errors classed by their Query code, from whatever the server sent (AWS XML, moto's HTML pages, Phantom's webob text). */
  protected override errorFromResponse(info: ErrorResponseInfo): ClientError {
    return autoscaleErrorFromResponse(info)
  }

  /**
   * Sends one Query action and decodes its `<ActionResult>`. Every operation of this client goes
   * through it; use it for actions strato has no method for (the result then comes back as
   * parsed, with `<member>` lists still wrapped). Read-only actions (`Describe*`) may be retried
   * like GETs; others only on Throttling and ResourceContention.
   * @example const { result } = await autoscale.query('DescribeLifecycleHooks', { AutoScalingGroupName: 'web' })
   */
  async query<T = Record<string, unknown>>(
    action: string,
    params: Readonly<Record<string, QueryValue | undefined>> = {},
    opts: AutoscaleCallOptions & { decoder?: Decoder<T> } = {},
  ): Promise<QueryResult<T>> {
    if (typeof action !== 'string' || !/^[A-Za-z]{1,100}$/.test(action)) throw new InputError(`action must be a Query action name, got ${JSON.stringify(action)}`)
    const { decoder, ...call } = opts
    const body = encodeForm([['Action', action], ['Version', this.#apiVersion], ...flattenQuery(params)])
    const response = await this.request('POST', '', {
      ...call,
      body,
      headers: { ...call.headers, 'content-type': FORM, accept: 'text/xml, application/xml' },
      expect: [200],
      ...(action.startsWith('Describe') ? { idempotent: true } : {}),
    })
    const [text] = await Promise.all([response.text(), loadXmlParser()])
    return parseQueryResponse(action, text, decoder)
  }
}

/**
 * Finds `<ActionResponse>` (any namespace: AWS's 2011-01-01, Phantom's 2009-05-15) and decodes
 * its `<ActionResult>`; an action without output resolves to an empty result. Needs the XML
 * parser loaded (`loadXmlParser()` from strato/core), as the client does before calling it.
 * @example parseQueryResponse('DescribeTags', xml, struct({ Tags: list(TagDecoder) }))
 */
export function parseQueryResponse<T>(action: string, text: string, decoder?: Decoder<T>): QueryResult<T> {
  const doc = parseXml(text)
  const root = doc[`${action}Response`]
  if (root === undefined || root === null || typeof root !== 'object') {
    const got = Object.keys(doc).find((k) => !k.startsWith('?')) ?? 'nothing'
    throw new ResponseError(`unexpected response to ${action}: the document is <${got}>, not <${action}Response>`, { details: [text.slice(0, 2000)] })
  }
  const r = root as Record<string, unknown>
  const meta = r.ResponseMetadata as Record<string, unknown> | undefined
  const requestId = typeof meta?.RequestId === 'string' ? meta.RequestId : undefined
  const rawResult = r[`${action}Result`] ?? {}
  const result = decoder ? decode(decoder, rawResult === '' ? {} : rawResult, `${action}Result`, text) : ((rawResult === '' ? {} : rawResult) as T)
  return { result, requestId }
}

// Throttling and ResourceContention mean AWS did not act on the request: safe to repeat, POST or not.
function retryCodes(error: ClientError, _ctx: RetryContext): boolean | undefined {
  return isRetryableCode(error.code) ? true : undefined
}
