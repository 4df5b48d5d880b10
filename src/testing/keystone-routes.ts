// src/testing/keystone-routes.ts — the fake Keystone v3 API: tokens, catalog, projects, users, with Keystone's statuses and bodies.
import type { FakeKeystone, FakeUser, TokenRecord } from './keystone-state.js'

/** A catalog entry as the fake lists it: the endpoint is `${origin}${path}`. */
export interface FakeCatalogService {
  type: string
  name: string
  path: string
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** Keystone's error body. @example keystoneError(404, 'Not Found', 'Could not find token.') */
export function keystoneError(status: number, title: string, message: string): Response {
  return Response.json({ error: { code: status, message, title } }, { status })
}

const unauthorized = (): Response => keystoneError(401, 'Unauthorized', 'The request you have made requires authentication.')

/**
 * The token record for the request's X-Auth-Token, or Keystone's 401 when it is missing, unknown,
 * revoked or expired. Every fake service authenticates its requests with it.
 * @example const auth = authorize(cloud.keystone, request); if (auth instanceof Response) return auth
 */
export function authorize(keystone: FakeKeystone, request: Request): TokenRecord | Response {
  return keystone.valid(request.headers.get('x-auth-token')) ?? unauthorized()
}

/** Routes a request under `/identity`; `rest` is the path after it. */
export async function keystoneRoute(keystone: FakeKeystone, catalog: () => FakeCatalogService[], request: Request, rest: string): Promise<Response> {
  const origin = new URL(request.url).origin
  const method = request.method
  const v3 = `${origin}/identity/v3/`
  const version = { id: 'v3.14', status: 'stable', updated: '2020-04-07T00:00:00Z', links: [{ rel: 'self', href: v3 }], 'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }] }
  if ((rest === '' || rest === '/') && method === 'GET') return Response.json({ versions: { values: [version] } }, { status: 300 })
  if ((rest === '/v3' || rest === '/v3/') && method === 'GET') return Response.json({ version })
  const endpoints = (): Json[] =>
    catalog().map((s, i) => ({
      id: `svc-${i}`,
      type: s.type,
      name: s.name,
      endpoints: ['public', 'internal', 'admin'].map((iface) => ({
        id: `ep-${i}-${iface}`,
        interface: iface,
        region: 'RegionOne',
        region_id: 'RegionOne',
        url: `${origin}${s.path}`,
      })),
    }))
  const tokenBody = (t: TokenRecord, withCatalog: boolean): Json => {
    const user = keystone.users.get(t.userId)!
    const project = t.projectId ? keystone.projects.get(t.projectId) : undefined
    const domainOf = (id: string) => ({ id, name: keystone.domains.get(id)?.name ?? id })
    return {
      token: {
        methods: t.methods,
        user: { id: user.id, name: user.name, domain: domainOf(user.domainId), password_expires_at: null },
        audit_ids: [t.auditId],
        issued_at: new Date(t.issuedAt).toISOString(),
        expires_at: new Date(t.expiresAt).toISOString(),
        ...(project
          ? { project: { id: project.id, name: project.name, domain: domainOf(project.domainId) }, roles: keystone.rolesOf(user.id, project.id).map((name) => ({ id: `role-${name}`, name })), is_domain: false }
          : {}),
        ...(t.domainId ? { domain: domainOf(t.domainId), roles: [{ id: 'role-admin', name: 'admin' }] } : {}),
        ...(withCatalog && (project || t.domainId) ? { catalog: endpoints() } : withCatalog ? { catalog: [] } : {}),
      },
    }
  }

  if (rest === '/v3/auth/tokens') {
    if (method === 'POST') {
      let body: unknown
      try {
        body = await request.json()
      } catch {
        return keystoneError(400, 'Bad Request', 'Expecting to find auth in request body.')
      }
      const result = authenticate(keystone, body)
      if (result instanceof Response) return result
      const noCatalog = new URL(request.url).searchParams.has('nocatalog')
      return Response.json(tokenBody(result, !noCatalog), { status: 201, headers: { 'X-Subject-Token': result.id } })
    }
    const caller = authorize(keystone, request)
    if (caller instanceof Response) return caller
    const subject = request.headers.get('x-subject-token')
    const target = keystone.valid(subject)
    if (method === 'DELETE') {
      if (!target) return keystoneError(404, 'Not Found', `Could not find token: ${subject ?? ''}.`)
      keystone.revoke(target.id)
      return new Response(null, { status: 204 })
    }
    if (!target) return keystoneError(404, 'Not Found', `Could not find token: ${subject ?? ''}.`)
    if (method === 'HEAD') return new Response(null, { status: 200, headers: { 'X-Subject-Token': target.id } })
    if (method === 'GET') return Response.json(tokenBody(target, true), { headers: { 'X-Subject-Token': target.id } })
  }
  const caller = authorize(keystone, request)
  if (caller instanceof Response) return caller
  if (rest === '/v3/auth/catalog' && method === 'GET') return Response.json({ catalog: caller.projectId || caller.domainId ? endpoints() : [] })
  if (rest === '/v3/auth/projects' && method === 'GET') {
    const projects = [...keystone.projects.values()].filter((p) => keystone.rolesOf(caller.userId, p.id).length > 0)
    return Response.json({ projects: projects.map((p) => ({ id: p.id, name: p.name, domain_id: p.domainId, enabled: true, is_domain: false })) })
  }
  const userMatch = /^\/v3\/users\/([^/]+)$/.exec(rest)
  if (userMatch && method === 'GET') {
    const id = decodeURIComponent(userMatch[1]!)
    const user = keystone.users.get(id)
    if (!user) return keystoneError(404, 'Not Found', `Could not find user: ${id}.`)
    return Response.json({ user: { id: user.id, name: user.name, domain_id: user.domainId, enabled: true } })
  }
  return keystoneError(404, 'Not Found', 'The resource could not be found.')
}

function findDomainId(keystone: FakeKeystone, d: unknown): string | undefined {
  if (!isObject(d)) return undefined
  if (str(d.id)) return keystone.domains.has(d.id as string) ? (d.id as string) : undefined
  return [...keystone.domains.values()].find((x) => x.name === d.name)?.id
}

function findUser(keystone: FakeKeystone, u: unknown): FakeUser | undefined {
  if (!isObject(u)) return undefined
  if (str(u.id)) return keystone.users.get(u.id as string)
  const domainId = findDomainId(keystone, u.domain)
  return [...keystone.users.values()].find((x) => x.name === u.name && x.domainId === domainId)
}

function authenticate(keystone: FakeKeystone, body: unknown): TokenRecord | Response {
  const auth = isObject(body) && isObject(body.auth) ? body.auth : undefined
  const identity = auth && isObject(auth.identity) ? auth.identity : undefined
  const methods = identity && Array.isArray(identity.methods) ? identity.methods.filter((m): m is string => typeof m === 'string') : []
  if (!identity || methods.length === 0) return keystoneError(400, 'Bad Request', 'Expecting to find identity in auth.')
  const method = methods[0]!
  let userId: string
  let fixedProject: string | undefined
  let inherited: TokenRecord | undefined
  if (method === 'password') {
    const p = isObject(identity.password) ? identity.password : {}
    const user = findUser(keystone, p.user)
    if (!user || !isObject(p.user) || p.user.password !== user.password) return unauthorized()
    userId = user.id
  } else if (method === 'token') {
    inherited = keystone.valid(isObject(identity.token) ? (str(identity.token.id) ?? null) : null)
    if (!inherited) return unauthorized()
    userId = inherited.userId
  } else if (method === 'application_credential') {
    const c = isObject(identity.application_credential) ? identity.application_credential : {}
    const cred = str(c.id)
      ? keystone.applicationCredentials.get(c.id as string)
      : [...keystone.applicationCredentials.values()].find((x) => x.name === c.name && x.userId === findUser(keystone, c.user)?.id)
    if (!cred || cred.secret !== c.secret) return unauthorized()
    userId = cred.userId
    fixedProject = cred.projectId
  } else {
    return keystoneError(401, 'Unauthorized', `Attempted to authenticate with an unsupported method: ${method}.`)
  }
  const scope = auth && isObject(auth.scope) ? auth.scope : undefined
  if (fixedProject) {
    if (scope) return keystoneError(401, 'Unauthorized', 'Application credentials cannot request a scope.')
    return keystone.issue({ userId, methods: [method], projectId: fixedProject })
  }
  if (scope && isObject(scope.project)) {
    const sp = scope.project
    const project = str(sp.id)
      ? keystone.projects.get(sp.id as string)
      : [...keystone.projects.values()].find((p) => p.name === sp.name && p.domainId === findDomainId(keystone, sp.domain))
    if (!project || keystone.rolesOf(userId, project.id).length === 0) return unauthorized()
    return keystone.issue({ userId, methods: [method], projectId: project.id })
  }
  if (scope && isObject(scope.domain)) {
    const domainId = findDomainId(keystone, scope.domain)
    if (!domainId) return unauthorized()
    return keystone.issue({ userId, methods: [method], domainId })
  }
  if (scope) return keystoneError(400, 'Bad Request', 'Unsupported scope.')
  // Rescoping nothing keeps the original token's scope, as Keystone does for the token method.
  return keystone.issue({ userId, methods: [method], projectId: inherited?.projectId, domainId: inherited?.domainId })
}
