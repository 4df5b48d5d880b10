// src/testing/swift-auth.ts — who is asking (tempauth, Keystone, temp URL, nobody) and what Swift lets them do.
import { randomUUID } from 'node:crypto'
import type { FakeClock } from './clock.js'
import type { FakeKeystone, TokenRecord } from './keystone-state.js'
import { emptyResponse, swiftError } from './swift-http.js'

/**
 * A tempauth user, `account:user` with its key.
 * @example cloud.swift.tempauth.users.get('test:tester')?.groups // ['.admin']
 */
export interface TempauthUser {
  account: string
  user: string
  key: string
  /** `.admin` owns the account; `.reseller_admin` owns every account. */
  groups: string[]
}

/**
 * The caller of a request. `groups` are the names a container ACL can grant to; `owns` the
 * accounts it has full control of.
  * @example const p: SwiftPrincipal = { kind: 'tempurl', account: 'AUTH_test', container: 'public' }
 */
export type SwiftPrincipal =
  | { kind: 'anonymous' }
  | { kind: 'user'; name: string; groups: string[]; owns: string[]; resellerAdmin: boolean }
  | { kind: 'tempurl'; account: string; container: string | undefined }

/**
 * The target of an authorization decision.
 * @example decide(principal, { method: 'PUT', account: 'AUTH_test', container: 'c', object: 'o' }, box.writeAcl)
 */
export interface SwiftTarget {
  method: string
  account: string
  container?: string | undefined
  object?: string | undefined
  referer?: string | null
}

/** Roles keystoneauth treats as account owners, as the peer cluster configures it. */
const OPERATOR_ROLES = ['admin', 'member', 'swiftoperator']

/**
 * Tempauth's users and tokens, with Swift's GET /auth/v1.0 handshake.
 * @example cloud.swift.tempauth.addUser({ account: 'ops', user: 'bot', key: 'pw', admin: true })
 */
export class FakeTempauth {
  readonly users = new Map<string, TempauthUser>()
  readonly tokens = new Map<string, { accountUser: string; expiresAt: number }>()

  constructor(
    private readonly clock: FakeClock,
    private readonly ttlSeconds: () => number,
  ) {}

  /**
   * Adds (or replaces) a user; `admin` (default true) makes it the owner of `AUTH_<account>`.
   * @example tempauth.addUser({ account: 'test', user: 'reader', key: 'pw', admin: false })
   */
  addUser(u: { account: string; user: string; key: string; admin?: boolean; resellerAdmin?: boolean }): TempauthUser {
    const groups = [...((u.admin ?? true) ? ['.admin'] : []), ...(u.resellerAdmin ? ['.reseller_admin'] : [])]
    const user = { account: u.account, user: u.user, key: u.key, groups }
    this.users.set(`${u.account}:${u.user}`, user)
    return user
  }

  /** The peer cluster's users: admin:admin, test:tester (admin), test:tester3, test2:tester2 (admin). */
  seed(): void {
    this.addUser({ account: 'admin', user: 'admin', key: 'admin', resellerAdmin: true })
    this.addUser({ account: 'test', user: 'tester', key: 'testing' })
    this.addUser({ account: 'test', user: 'tester3', key: 'testing3', admin: false })
    this.addUser({ account: 'test2', user: 'tester2', key: 'testing2' })
  }

  /**
   * Answers GET /auth/v1.0: a token (reused while it is valid, as tempauth does) and the
   * storage URL on the origin the request came to.
   * @example tempauth.getToken(request, `${origin}/swift/v1`)
   */
  getToken(request: Request, storageBase: string): Response {
    const userHeader = request.headers.get('x-auth-user') ?? request.headers.get('x-storage-user')
    const key = request.headers.get('x-auth-key') ?? request.headers.get('x-storage-pass')
    if (!userHeader?.includes(':')) return swiftError(401, undefined, { 'Www-Authenticate': 'Swift realm="unknown"' })
    const account = userHeader.slice(0, userHeader.indexOf(':'))
    const user = this.users.get(userHeader)
    if (!user || !key || user.key !== key) return swiftError(401, undefined, { 'Www-Authenticate': `Swift realm="${user ? 'unknown' : account}"` })
    const now = this.clock.now()
    let token = [...this.tokens].find(([, t]) => t.accountUser === userHeader && t.expiresAt > now)?.[0]
    if (!token) {
      token = `AUTH_tk${randomUUID().replaceAll('-', '')}`
      this.tokens.set(token, { accountUser: userHeader, expiresAt: now + this.ttlSeconds() * 1000 })
    }
    const expiresIn = Math.floor((this.tokens.get(token)!.expiresAt - now) / 1000)
    return emptyResponse(200, {
      'X-Auth-Token': token,
      'X-Storage-Token': token,
      'X-Auth-Token-Expires': String(expiresIn),
      'X-Storage-Url': `${storageBase}/AUTH_${account}`,
    })
  }

  /** The principal of a tempauth token, or undefined when it is unknown or expired. */
  principal(token: string): SwiftPrincipal | undefined {
    const t = this.tokens.get(token)
    const user = t ? this.users.get(t.accountUser) : undefined
    if (!t || !user || t.expiresAt <= this.clock.now()) return undefined
    const admin = user.groups.includes('.admin')
    const groups = [user.account, t.accountUser, ...user.groups.filter((g) => g !== '.admin'), ...(admin ? [`AUTH_${user.account}`] : [])]
    return { kind: 'user', name: t.accountUser, groups, owns: admin ? [`AUTH_${user.account}`] : [], resellerAdmin: user.groups.includes('.reseller_admin') }
  }

  /** Expires every tempauth token (the next request re-authenticates). */
  expireAll(): void {
    for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, this.clock.now())
  }
}

/**
 * A Keystone token as keystoneauth sees it: operator roles own `AUTH_<project id>`, and ACLs
 * match `project:user` by id or (default domain) by name, with `*` wildcards, or a role name.
 * @example const p = keystonePrincipal(cloud.keystone, token)
 */
export function keystonePrincipal(keystone: FakeKeystone, token: TokenRecord): SwiftPrincipal {
  const user = keystone.users.get(token.userId)
  const project = token.projectId ? keystone.projects.get(token.projectId) : undefined
  const roles = project ? keystone.rolesOf(token.userId, project.id).map((r) => r.toLowerCase()) : []
  const tenants = project ? [project.id, project.name, '*'] : ['*']
  const users = [token.userId, ...(user ? [user.name] : []), '*']
  const groups = [...tenants.flatMap((t) => users.map((u) => `${t}:${u}`)), ...roles]
  const owner = project && roles.some((r) => OPERATOR_ROLES.includes(r))
  return { kind: 'user', name: user?.name ?? token.userId, groups, owns: owner ? [`AUTH_${project.id}`] : [], resellerAdmin: roles.includes('reselleradmin') }
}

/**
 * Splits a container ACL into referrer rules (`.r:`) and group names (`.rlistings` included).
 * @example parseAcl('.r:*,.rlistings,test:tester3') // { referrers: ['*'], groups: ['.rlistings', 'test:tester3'] }
 */
export function parseAcl(acl: string | undefined): { referrers: string[]; groups: string[] } {
  const referrers: string[] = []
  const groups: string[] = []
  for (const raw of (acl ?? '').split(',')) {
    const item = raw.trim()
    if (!item) continue
    const m = /^\.(?:r|ref|referer|referrer):(.*)$/.exec(item)
    if (m) referrers.push(m[1]!.trim())
    else groups.push(item)
  }
  return { referrers, groups }
}

function referrerAllowed(referer: string | null | undefined, rules: readonly string[]): boolean {
  let host = 'unknown'
  try {
    host = referer ? new URL(referer).hostname || 'unknown' : 'unknown'
  } catch {
    host = 'unknown'
  }
  const matches = (rule: string): boolean => rule === host || (rule.startsWith('.') && host.endsWith(rule))
  let allow = false
  for (const rule of rules) {
    if (rule.startsWith('-')) {
      if (matches(rule.slice(1)) || rule === '-*') allow = false
    } else if (rule === '*' || matches(rule)) allow = true
  }
  return allow
}

/**
 * Swift's decision for one request: `owner` (may also see and set ACLs and keys), `allowed`
 * (through an ACL or a temp URL), or the status to refuse with: 401 for nobody, 403 for a
 * known user. `acl` is the container's read ACL for GET/HEAD, its write ACL for object writes.
 * @example const d = decide(principal, { method: 'GET', account, container, object }, container.readAcl)
 */
export function decide(p: SwiftPrincipal, t: SwiftTarget, acl: string | undefined): 'owner' | 'allowed' | 401 | 403 {
  if (p.kind === 'tempurl') return p.account === t.account && (p.container === undefined || p.container === t.container) ? 'allowed' : 401
  if (p.kind === 'user' && (p.resellerAdmin || p.owns.includes(t.account))) {
    // Only a reseller admin may create or delete whole accounts.
    if (!t.container && (t.method === 'PUT' || t.method === 'DELETE') && !p.resellerAdmin) return 403
    return 'owner'
  }
  if (t.container) {
    const { referrers, groups } = parseAcl(acl)
    if (referrerAllowed(t.referer, referrers) && (t.object || groups.includes('.rlistings'))) return 'allowed'
    if (p.kind === 'user' && p.groups.some((g) => groups.includes(g))) return 'allowed'
  }
  return p.kind === 'anonymous' ? 401 : 403
}
