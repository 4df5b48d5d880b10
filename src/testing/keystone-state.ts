// src/testing/keystone-state.ts — the fake Keystone's data: domains, projects, users, roles, application credentials, tokens.
import { randomBytes, randomUUID } from 'node:crypto'
import type { FakeClock } from './clock.js'

/** A user of the fake Keystone. */
export interface FakeUser {
  id: string
  name: string
  domainId: string
  password: string
}

/** A project of the fake Keystone. */
export interface FakeProject {
  id: string
  name: string
  domainId: string
}

/** An application credential; it is scoped to its project. */
export interface FakeApplicationCredential {
  id: string
  name: string
  secret: string
  userId: string
  projectId: string
}

/** A token the fake issued. */
export interface TokenRecord {
  id: string
  userId: string
  projectId?: string
  domainId?: string
  methods: string[]
  issuedAt: number
  expiresAt: number
  revoked: boolean
  auditId: string
}

const newId = (): string => randomUUID().replaceAll('-', '')

/**
 * The state of the fake Keystone, open to tests: add users and projects, revoke or expire
 * tokens, read how many tokens were issued.
 * @example const { id, secret } = cloud.keystone.createApplicationCredential({ userId: demo.id, projectId: demo.projectId, name: 'ci' })
 */
export class FakeKeystone {
  readonly domains = new Map<string, { id: string; name: string }>([['default', { id: 'default', name: 'Default' }]])
  readonly projects = new Map<string, FakeProject>()
  readonly users = new Map<string, FakeUser>()
  readonly applicationCredentials = new Map<string, FakeApplicationCredential>()
  readonly tokens = new Map<string, TokenRecord>()
  /** role names per `${projectId}/${userId}`. */
  readonly assignments = new Map<string, string[]>()
  /** Successful POST /v3/auth/tokens, in total and per method. */
  tokensIssued = 0
  readonly issuedByMethod: Record<string, number> = {}

  constructor(
    private readonly clock: FakeClock,
    readonly tokenTtlMs: number,
  ) {}

  /** Adds a project. @example keystone.addProject({ name: 'ops' }) */
  addProject(p: { name: string; domainId?: string; id?: string }): FakeProject {
    const project = { id: p.id ?? newId(), name: p.name, domainId: p.domainId ?? 'default' }
    this.projects.set(project.id, project)
    return project
  }

  /** Adds a user, optionally with roles on projects. @example keystone.addUser({ name: 'bob', password: 'pw', roles: { [proj.id]: ['member'] } }) */
  addUser(u: { name: string; password: string; domainId?: string; id?: string; roles?: Record<string, string[]> }): FakeUser {
    const user = { id: u.id ?? newId(), name: u.name, password: u.password, domainId: u.domainId ?? 'default' }
    this.users.set(user.id, user)
    for (const [projectId, roles] of Object.entries(u.roles ?? {})) this.assignments.set(`${projectId}/${user.id}`, roles)
    return user
  }

  /** Creates an application credential for a user on a project. @example keystone.createApplicationCredential({ userId, projectId }) */
  createApplicationCredential(c: { userId: string; projectId: string; name?: string }): FakeApplicationCredential {
    const cred = { id: newId(), name: c.name ?? `cred-${this.applicationCredentials.size + 1}`, secret: randomBytes(24).toString('base64url'), userId: c.userId, projectId: c.projectId }
    this.applicationCredentials.set(cred.id, cred)
    return cred
  }

  /** Roles of a user on a project. @example keystone.rolesOf(user.id, project.id) */
  rolesOf(userId: string, projectId: string): string[] {
    return this.assignments.get(`${projectId}/${userId}`) ?? []
  }

  /** Issues a token (what a successful POST /v3/auth/tokens does). */
  issue(t: { userId: string; methods: string[]; projectId?: string | undefined; domainId?: string | undefined }): TokenRecord {
    const now = this.clock.now()
    const token: TokenRecord = {
      id: `gAAAAA${randomBytes(48).toString('base64url')}`,
      userId: t.userId,
      methods: t.methods,
      ...(t.projectId ? { projectId: t.projectId } : {}),
      ...(t.domainId ? { domainId: t.domainId } : {}),
      issuedAt: now,
      expiresAt: now + this.tokenTtlMs,
      revoked: false,
      auditId: randomBytes(16).toString('base64url'),
    }
    this.tokens.set(token.id, token)
    this.tokensIssued++
    for (const m of t.methods) this.issuedByMethod[m] = (this.issuedByMethod[m] ?? 0) + 1
    return token
  }

  /** The token if it is known, not revoked and not expired. @example keystone.valid(id) */
  valid(id: string | null): TokenRecord | undefined {
    const token = id ? this.tokens.get(id) : undefined
    return token && !token.revoked && token.expiresAt > this.clock.now() ? token : undefined
  }

  /** Revokes one token. @example keystone.revoke(tokenId) */
  revoke(id: string): boolean {
    const token = this.tokens.get(id)
    if (token) token.revoked = true
    return token !== undefined
  }

  /** Expires every token issued so far. @example keystone.expireAll() */
  expireAll(): void {
    const now = this.clock.now()
    for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now)
  }

  /** Seeds demo/demo-secret (member of demo) and admin/admin-secret (admin of admin). */
  seed(): void {
    const demo = this.addProject({ name: 'demo', id: 'demo-project-id' })
    const admin = this.addProject({ name: 'admin', id: 'admin-project-id' })
    this.addUser({ name: 'demo', id: 'demo-user-id', password: 'demo-secret', roles: { [demo.id]: ['member', 'reader'] } })
    this.addUser({ name: 'admin', id: 'admin-user-id', password: 'admin-secret', roles: { [admin.id]: ['admin', 'member', 'reader'] } })
  }
}
