// src/testing/phantom-service.ts — createFakePhantom(): the fake Phantom REST API (PhantomWebApp /api/dev) as a service of the fake cloud, with its test knobs.
import { InputError } from '../core/errors.js'
import type { FakeService } from './cloud.js'
import type { FakeClock } from './clock.js'
import { authenticate, checkToken, newToken } from './phantom-auth.js'
import type { PhantomContext } from './phantom-context.js'
import { FakePhantomFaults } from './phantom-faults.js'
import { djangoNotFound, methodNotAllowed, pyJson } from './phantom-http.js'
import { matchRoute } from './phantom-routes.js'
import { PhantomState } from './phantom-store.js'
import type { PhantomDomain, PhantomInstance, PhantomLaunchConfiguration, PhantomSite, PhantomUser } from './phantom-types.js'

/**
 * Options of {@link createFakePhantom}.
 * @example createFakePhantom({ clock: cloud.clock, launchDelayMs: 1000 })
 */
export interface FakePhantomOptions {
  clock: FakeClock
  /** Path prefix on the cloud; the API is at `${prefix}/api/dev`. Default `/phantom`. */
  prefix?: string
  /** Fake time from 100-REQUESTING to 600-RUNNING. Default 200 ms. */
  launchDelayMs?: number
  /** Fake time an instance spends in 700-TERMINATING and 800-TERMINATED before it vanishes. Default 100 ms. */
  terminateDelayMs?: number
  /** Days a token is valid (Django's PASSWORD_RESET_TIMEOUT_DAYS). Default 3. */
  tokenTtlDays?: number
  /** Seed user demo / demo-secret (pk 1) and sites hotel, sierra (nimbus) and ec2 (ec2). Default true. */
  seed?: boolean
}

/**
 * A stateful fake of Phantom's REST API: token login, HTTP Basic `<pk>:<token>`, sites,
 * credentials, launch configurations, domains whose instances move through EPU states on the fake
 * clock (computed when read: `cloud.clock.advance(ms)` moves them; no timer runs).
 * @example
 * const cloud = await createFakeCloud()
 * const { pk, token } = cloud.phantom.login('demo')
 * await fetch(`${cloud.baseUrl}/phantom/api/dev/sites`, { headers: { authorization: `Basic ${btoa(`${pk}:${token}`)}` } })
 */
export interface FakePhantom {
  /** Catalog type `phantom`, endpoint `${prefix}/api/dev`. */
  readonly service: FakeService
  readonly users: ReadonlyMap<number, PhantomUser>
  /** Sites by id; add or change entries freely. @example phantom.sites.get('hotel')!.publicImages.push('centos-7') */
  readonly sites: Map<string, PhantomSite>
  readonly launchConfigurations: ReadonlyMap<number, PhantomLaunchConfiguration>
  readonly domains: ReadonlyMap<string, PhantomDomain>
  /** Instances of all domains, terminated ones gone. @example [...phantom.instances.values()].length */
  readonly instances: ReadonlyMap<string, PhantomInstance>
  readonly faults: FakePhantomFaults
  /** Adds a user; answers its pk. @example const pk = phantom.addUser('alice', 'alice-secret') */
  addUser(username: string, password: string): number
  /** Adds a site (nimbus, m1.small/m1.large/m1.xlarge by default). @example phantom.addSite({ id: 'alamo' }) */
  addSite(site: Partial<PhantomSite> & { id: string }): PhantomSite
  /** The pk and a current token of a user, as POST /token would answer. @example const { pk, token } = phantom.login('demo') */
  login(username: string): { pk: number; token: string }
  /** Lists a launch configuration to every user asking `?public=true`. @example phantom.publishLaunchConfiguration(1) */
  publishLaunchConfiguration(id: number): void
}

const API = '/api/dev'

/**
 * Creates a fake Phantom REST API. `createFakeCloud()` registers one as `cloud.phantom`.
 * @example
 * const phantom = createFakePhantom({ clock: cloud.clock, prefix: '/phantom2' })
 * cloud.addService(phantom.service)
 */
export function createFakePhantom(opts: FakePhantomOptions): FakePhantom {
  const prefix = opts.prefix ?? '/phantom'
  const state = new PhantomState(opts.clock, { launchDelayMs: opts.launchDelayMs ?? 200, terminateDelayMs: opts.terminateDelayMs ?? 100, tokenTtlDays: opts.tokenTtlDays ?? 3 })
  const faults = new FakePhantomFaults()
  const addSite = (s: Partial<PhantomSite> & { id: string }): PhantomSite => {
    const site: PhantomSite = { type: 'nimbus', instanceTypes: ['m1.small', 'm1.large', 'm1.xlarge'], imageGeneration: (s.type ?? 'nimbus') !== 'ec2', publicImages: [], userImages: [], ...s }
    state.sites.set(site.id, site)
    return site
  }
  if (opts.seed ?? true) {
    state.addUser('demo', 'demo-secret')
    addSite({ id: 'hotel', publicImages: ['ubuntu-14.04', 'centos-6'] })
    addSite({ id: 'sierra', publicImages: ['ubuntu-14.04'] })
    addSite({ id: 'ec2', type: 'ec2', instanceTypes: ['t1.micro', 'm1.small', 'm1.large'] })
  }

  const route = async (request: Request, rest: string): Promise<Response> => {
    const url = new URL(request.url)
    if (!rest.startsWith(API)) return djangoNotFound(url.pathname)
    const path = rest.slice(API.length) || '/'
    if (/^\/token(\/new\.json)?\/?$/.test(path)) return newToken(state, request)
    const check = /^\/token\/([^/]+)\/(\d+)\.json$/.exec(path)
    if (check) return checkToken(state, check[1]!, check[2]!)
    const hit = matchRoute(path)
    if (!hit) return djangoNotFound(url.pathname)
    const user = authenticate(state, request, url)
    if (user instanceof Response) return user
    const handler = hit.methods[request.method]
    if (!handler) return methodNotAllowed(Object.keys(hit.methods))
    const fault = faults.take(request.method, `${path}${url.search}`)
    if (fault) return fault
    state.settle()
    const ctx: PhantomContext = { state, user, request, url, uri: (r) => `${prefix}${API}${r}`, absolute: (r) => `${url.origin}${prefix}${API}${r}` }
    const response = await handler(ctx, ...hit.args)
    const pretty = ['true', '1', 'yes'].includes((url.searchParams.get('pretty') ?? '').toLowerCase())
    if (!pretty || response.status !== 200) return response
    return new Response(pyJson(JSON.parse(await response.text()), 4), { status: 200, headers: response.headers })
  }

  const settled = <T>(value: T): T => {
    state.settle()
    return value
  }
  return {
    service: { type: 'phantom', name: 'phantom', prefix, catalogPath: `${prefix}${API}`, route },
    users: state.users,
    sites: state.sites,
    launchConfigurations: state.launchConfigurations,
    domains: state.domains,
    get instances() {
      return settled(state.instances)
    },
    faults,
    addUser: (username, password) => state.addUser(username, password).pk,
    addSite,
    login: (username) => {
      const user = [...state.users.values()].find((u) => u.username === username)
      if (!user) throw new InputError(`no user ${username} in the fake Phantom`)
      return { pk: user.pk, token: state.token(user) }
    },
    publishLaunchConfiguration: (id) => {
      const lc = state.launchConfigurations.get(id)
      if (!lc) throw new InputError(`no launch configuration ${id} in the fake Phantom`)
      lc.public = true
    },
  }
}
