// src/testing/phantom-store.ts — the fake Phantom's state: users and their tokens, sites, credentials, launch configurations, domains kept at their size on the fake clock.
import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import type { FakeClock } from './clock.js'
import type { PhantomChefCredentials, PhantomDomain, PhantomInstance, PhantomLaunchConfiguration, PhantomSite, PhantomSiteCredentials, PhantomUser } from './phantom-types.js'

const DAY_MS = 86_400_000
const EPOCH_2001 = Date.UTC(2001, 0, 1)

/**
 * Settings of the fake Phantom.
 * @example const config: PhantomConfig = { launchDelayMs: 200, terminateDelayMs: 100, tokenTtlDays: 3 }
 */
export interface PhantomConfig {
  launchDelayMs: number
  terminateDelayMs: number
  tokenTtlDays: number
}

/**
 * How many instances a domain keeps: `vm_count` (multicloud) or `sensor_minimum_vms` (sensor).
 * @example domainTarget({ de_name: 'multicloud', vm_count: 2 }) // 2
 */
export function domainTarget(params: Record<string, unknown>): number {
  const n = Number(params.de_name === 'sensor' ? params.sensor_minimum_vms : params.vm_count)
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0
}

/**
 * Everything the fake Phantom holds. Instance transitions are due times, applied by `settle()`
 * whenever state is read.
 * @example const state = new PhantomState(clock, config); state.addUser('demo', 'demo-secret')
 */
export class PhantomState {
  readonly users = new Map<number, PhantomUser>()
  readonly sites = new Map<string, PhantomSite>()
  /** By username, then site. */
  readonly siteCredentials = new Map<string, Map<string, PhantomSiteCredentials>>()
  /** SSH keys uploaded, by username, then site. */
  readonly sshKeys = new Map<string, Map<string, string[]>>()
  /** By username, then id. */
  readonly chefCredentials = new Map<string, Map<string, PhantomChefCredentials>>()
  readonly launchConfigurations = new Map<number, PhantomLaunchConfiguration>()
  readonly domains = new Map<string, PhantomDomain>()
  readonly instances = new Map<string, PhantomInstance>()
  readonly #secret = randomBytes(16).toString('hex')
  #lcSeq = 0
  #vmSeq = 0

  constructor(
    readonly clock: FakeClock,
    readonly config: PhantomConfig,
  ) {}

  /** Adds a user with the next pk. @example const pk = state.addUser('alice', 'alice-secret').pk */
  addUser(username: string, password: string): PhantomUser {
    const user = { pk: this.users.size + 1, username, password }
    this.users.set(user.pk, user)
    return user
  }

  /** The user with this name and password. @example state.login('demo', 'demo-secret')?.pk */
  login(username: string, password: string): PhantomUser | undefined {
    return [...this.users.values()].find((u) => u.username === username && u.password === password)
  }

  /**
   * A django-tokenapi token for today: base 36 days since 2001-01-01, `-`, 20 hex of an HMAC over
   * the user's pk, password and that day (so a password change revokes it).
   * @example state.token(user) // 'abc-0123456789abcdef0123' (24 characters)
   */
  token(user: PhantomUser, day = this.#today()): string {
    const hash = createHmac('sha1', this.#secret).update(`${user.pk}${user.password}${day}`).digest('hex')
    return `${day.toString(36)}-${[...hash].filter((_, n) => n % 2 === 0).join('')}`
  }

  /** Whether a token is the user's and at most tokenTtlDays old. @example state.checkToken(user, token) */
  checkToken(user: PhantomUser, token: string): boolean {
    const [ts, hash] = token.split('-')
    if (!ts || !hash || !/^[0-9a-z]+$/.test(ts)) return false
    const day = Number.parseInt(ts, 36)
    return this.token(user, day) === token && this.#today() - day <= this.config.tokenTtlDays
  }

  #today(): number {
    return Math.floor((this.clock.now() - EPOCH_2001) / DAY_MS)
  }

  /** The next launch configuration id (Django's autoincrement). @example lc.id = state.nextLcId() */
  nextLcId(): number {
    return ++this.#lcSeq
  }

  /** A map of a user's, created on first use. @example state.of(state.chefCredentials, 'demo').get('chef1') */
  of<V>(maps: Map<string, Map<string, V>>, username: string): Map<string, V> {
    let m = maps.get(username)
    if (!m) maps.set(username, (m = new Map()))
    return m
  }

  /** A domain's instances, terminating ones included, oldest first. @example state.instancesOf(id).length */
  instancesOf(domainId: string): PhantomInstance[] {
    return [...this.instances.values()].filter((i) => i.domainId === domainId).sort((a, b) => a.n - b.n)
  }

  /** Drops instances whose termination has passed. @example state.settle() */
  settle(): void {
    const now = this.clock.now()
    for (const i of this.instances.values()) if (i.goneAt !== undefined && i.goneAt <= now) this.instances.delete(i.id)
  }

  /** Starts an instance's termination (700-TERMINATING, then 800-TERMINATED, then gone). @example state.terminate(instance) */
  terminate(i: PhantomInstance): void {
    if (i.terminatingAt !== undefined) return
    const now = this.clock.now()
    Object.assign(i, { terminatingAt: now, goneAt: now + this.config.terminateDelayMs })
  }

  /**
   * Launches or terminates a domain's instances until the live ones match its target, placing new
   * ones on the sites of its launch configuration by rank, each up to its `max_vms` (-1: no limit),
   * as the multi-site overflow engine does; the newest go first when shrinking.
   * @example state.reconcile(domain)
   */
  reconcile(d: PhantomDomain): void {
    this.settle()
    const live = this.instancesOf(d.id).filter((i) => i.terminatingAt === undefined)
    const target = domainTarget(d.params)
    for (const i of live.slice(target).reverse()) this.terminate(i)
    const lc = [...this.launchConfigurations.values()].find((l) => l.owner === d.owner && l.name === d.params.lc_name)
    if (!lc || live.length >= target) return
    const sites = Object.entries(lc.cloud_params).sort(([, a], [, b]) => Number(a.rank) - Number(b.rank))
    const now = this.clock.now()
    for (let k = live.length; k < target; k++) {
      const counts = (site: string): number => this.instancesOf(d.id).filter((i) => i.site === site && i.terminatingAt === undefined).length
      const place = sites.find(([site, p]) => Number(p.max_vms) < 0 || counts(site) < Number(p.max_vms))
      if (!place) return
      const [site, p] = place
      const n = ++this.#vmSeq
      const keyname = this.siteCredentials.get(d.owner)?.get(site)?.key_name ?? ''
      const i: PhantomInstance = { id: randomUUID(), domainId: d.id, iaasInstanceId: `i-${randomBytes(4).toString('hex')}`, site, imageId: p.image_id, instanceType: p.instance_type, keyname, n, launchedAt: now, readyAt: now + this.config.launchDelayMs }
      this.instances.set(i.id, i)
    }
  }
}
