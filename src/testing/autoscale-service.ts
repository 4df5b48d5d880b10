// src/testing/autoscale-service.ts — createFakeAutoscale(): the fake Auto Scaling Query service (AWS 2011-01-01 or Phantom 2009-05-15), signed requests, test knobs.
import { randomUUID } from 'node:crypto'
import type { FakeService } from './cloud.js'
import type { FakeClock } from './clock.js'
import { PHANTOM_ACTIONS, QUERY_ACTIONS } from './autoscale-actions.js'
import { errorAnswer, unknownPhantomAction } from './autoscale-answers.js'
import { queryContext } from './autoscale-context.js'
import { FakeAutoscaleFaults, type FakeAutoscaleFault, type FakeAutoscaleFaultHandle } from './autoscale-faults.js'
import { PageTokens } from './autoscale-paging.js'
import { QueryError, QueryParams } from './autoscale-params.js'
import { CredentialStore, SEED_CREDENTIAL, AUTH_MESSAGES, type SignatureCheck, type SignedRequest } from './autoscale-signing.js'
import { checkSigV2, isSigV2 } from './autoscale-sigv2.js'
import { checkSigV4, isSigV4 } from './autoscale-sigv4.js'
import { AutoscaleState } from './autoscale-store.js'
import type { AsActivity, AsGroup, AsInstance, AsLaunchConfiguration, AsPolicy } from './autoscale-types.js'
import { NAMESPACES, queryResponse, type AutoscaleDialect } from './autoscale-xml.js'

/**
 * Options of {@link createFakeAutoscale}.
 * @example createFakeAutoscale({ clock: cloud.clock, dialect: 'phantom', prefix: '/phantom-query' })
 */
export interface FakeAutoscaleOptions {
  clock: FakeClock
  /** `aws` (default): AWS's 2011-01-01 answers and errors. `phantom`: pyhantom's 2009-05-15 dialect. */
  dialect?: AutoscaleDialect
  /** Path prefix on the cloud. Default `/autoscaling` (`/phantom-autoscaling` for the Phantom dialect). */
  prefix?: string
  /** Fake time an instance is Pending before InService. Default 200 ms; 0 is at once. */
  launchDelayMs?: number
  /** Fake time an instance is Terminating before it is gone. Default 100 ms. */
  terminateDelayMs?: number
  /** Region in ARNs and the zone of VPC-only groups. Default `us-east-1`. */
  region?: string
  /** Account in ARNs. Default `123456789012`. */
  accountId?: string
  /** Seed the access key AKIDSTRATO / strato-secret. Default true. */
  seed?: boolean
}

/**
 * A stateful fake of the Auto Scaling Query API. Every request must be signed (SigV4 with service
 * `autoscaling`, any region, or SigV2) with a key the fake knows; signatures are verified for real.
 * Instances move Pending → InService and Terminating → gone on the fake clock, computed whenever
 * state is read: `cloud.clock.advance(ms)` moves them; no timer runs.
 * @example
 * const cloud = await createFakeCloud()
 * cloud.autoscale.addCredentials('AKIDOTHER', 'other-secret')
 * cloud.autoscale.failNext('DescribeAutoScalingGroups', { code: 'Throttling' })
 * cloud.clock.advance(200) // Pending instances are now InService
 */
export interface FakeAutoscale {
  /** Catalog type `autoscaling`; POST form bodies (or GET queries) to `${origin}${prefix}/`. */
  readonly service: FakeService
  readonly dialect: AutoscaleDialect
  /** @example autoscale.launchConfigurations.get('web-lc')?.imageId */
  readonly launchConfigurations: ReadonlyMap<string, AsLaunchConfiguration>
  /** @example autoscale.groups.get('web')?.desiredCapacity */
  readonly groups: ReadonlyMap<string, AsGroup>
  /** Instances by id, transitions applied. @example [...autoscale.instances.values()].filter((i) => i.state === 'InService') */
  readonly instances: ReadonlyMap<string, AsInstance>
  /** Policies by `${group}/${name}`. @example autoscale.policies.get('web/up')?.arn */
  readonly policies: ReadonlyMap<string, AsPolicy>
  /** Scaling activities, oldest first. @example autoscale.activities.at(-1)?.status */
  readonly activities: readonly AsActivity[]
  /** Injected failures. @example autoscale.faults.add({ action: /^Describe/, status: 503, code: 'ServiceUnavailable' }) */
  readonly faults: FakeAutoscaleFaults
  /** Adds (or replaces) an access key; a session token makes it temporary. @example autoscale.addCredentials('ASIATEMP', 'temp-secret', 'token') */
  addCredentials(accessKeyId: string, secretAccessKey: string, sessionToken?: string): void
  /** Forgets an access key. @example autoscale.removeCredentials('AKIDSTRATO') */
  removeCredentials(accessKeyId: string): void
  /**
   * Makes the next request with this Action (`times` requests) fail: the dialect's error with
   * `code` (default Throttling, status 400), or moto's 500 HTML page with `html: true`.
   * @example autoscale.failNext('SetDesiredCapacity', { status: 500, html: true })
   */
  failNext(action: string, fault?: Omit<FakeAutoscaleFault, 'action'>): FakeAutoscaleFaultHandle
}

/**
 * Creates a fake Auto Scaling Query service. `createFakeCloud()` registers one (AWS dialect) as
 * `cloud.autoscale`; add a Phantom-dialect one with `cloud.addService(fake.service)`.
 * @example
 * const phantom = createFakeAutoscale({ clock: cloud.clock, dialect: 'phantom' })
 * cloud.addService(phantom.service) // at /phantom-autoscaling
 */
export function createFakeAutoscale(opts: FakeAutoscaleOptions): FakeAutoscale {
  const dialect = opts.dialect ?? 'aws'
  const prefix = opts.prefix ?? (dialect === 'aws' ? '/autoscaling' : '/phantom-autoscaling')
  const state = new AutoscaleState(opts.clock, {
    region: opts.region ?? 'us-east-1',
    accountId: opts.accountId ?? '123456789012',
    launchDelayMs: opts.launchDelayMs ?? 200,
    terminateDelayMs: opts.terminateDelayMs ?? 100,
  })
  const keys = new CredentialStore()
  if (opts.seed ?? true) keys.add(SEED_CREDENTIAL.accessKeyId, SEED_CREDENTIAL.secretAccessKey)
  const faults = new FakeAutoscaleFaults()
  const tokens = new PageTokens()

  const route = async (request: Request): Promise<Response> => {
    const requestId = randomUUID()
    const accept = request.headers.get('accept')
    const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}): Response => errorAnswer(dialect, status, code, message, requestId, accept, headers)
    const url = new URL(request.url)
    const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text()
    const params = new QueryParams(url.searchParams, new URLSearchParams(body))
    const action = params.str('Action')
    if (dialect === 'phantom' && !action) return fail(400, 'InvalidParameterValue', '')
    if (dialect === 'phantom' && !PHANTOM_ACTIONS.has(action!)) return unknownPhantomAction(action!, accept)
    const signed: SignedRequest = { method: request.method, host: url.host, path: url.pathname, query: url.searchParams, headers: request.headers, body }
    const all = new Map(params.entries())
    const check: SignatureCheck = isSigV4(signed)
      ? checkSigV4(signed, keys, opts.clock.now(), 'autoscaling')
      : isSigV2(all)
        ? checkSigV2(signed, all, keys, opts.clock.now())
        : { ok: false, status: 403, code: 'MissingAuthenticationToken', message: AUTH_MESSAGES.missing }
    if (!check.ok) return fail(check.status, check.code, check.message)
    if (!action) return fail(400, 'MissingAction', 'The request is missing an action or a required parameter.')
    const handler = QUERY_ACTIONS[action]
    if (!handler) return fail(400, 'InvalidAction', `The action ${action} is not valid for this web service.`)
    const effect = faults.take(request.method, action)
    if (effect?.kind === 'raw') return new Response(effect.body, { status: effect.status, headers: { 'Content-Type': effect.contentType, ...effect.headers } })
    if (effect) return fail(effect.status, effect.code, effect.message, effect.headers)
    try {
      state.settle()
      const result = handler(queryContext(state, params, dialect, tokens))
      return queryResponse(action, NAMESPACES[dialect], result, requestId)
    } catch (e) {
      if (e instanceof QueryError) return fail(e.status, e.code, e.message)
      return fail(500, 'InternalFailure', e instanceof Error ? e.message : String(e))
    }
  }

  const settled = <T>(value: T): T => {
    state.settle()
    return value
  }
  return {
    service: { type: 'autoscaling', name: dialect === 'aws' ? 'autoscaling' : 'phantom-autoscaling', prefix, catalogPath: `${prefix}/`, route: (request) => route(request) },
    dialect,
    launchConfigurations: state.launchConfigurations,
    get groups() {
      return settled(state.groups)
    },
    get instances() {
      return settled(state.instances)
    },
    policies: state.policies,
    get activities() {
      return settled(state.activities)
    },
    faults,
    addCredentials: (id, secret, token) => void keys.add(id, secret, token),
    removeCredentials: (id) => void keys.remove(id),
    failNext: (action, fault = {}) => faults.add({ ...fault, action }),
  }
}
