// test/testing/fake-keystone.test.ts — the fake Keystone through msw and over real HTTP, driven by strato's own session.
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeystoneSession } from '../../src/auth/keystone.js'
import { Client } from '../../src/core/client.js'
import { InputError, NotFoundError, UnauthorizedError } from '../../src/core/errors.js'
import { createFakeCloud, type FakeCloud } from '../../src/testing/index.js'

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const password = (name: string, pw: string, scope?: unknown) => ({
  auth: { identity: { methods: ['password'], password: { user: { name, domain: { id: 'default' }, password: pw } } }, ...(scope ? { scope } : {}) },
})

describe('fake Keystone through msw', () => {
  let cloud: FakeCloud
  const msw = setupServer()
  beforeAll(async () => {
    cloud = await createFakeCloud()
    msw.use(...cloud.handlers)
    msw.listen({ onUnhandledFrame: 'error' })
  })
  afterAll(() => msw.close())
  const ks = () => `${cloud.baseUrl}/identity/v3`

  it('password, scoped: Keystone status, header and body; catalog on the msw origin', async () => {
    const r = await post(`${ks()}/auth/tokens`, password('demo', 'demo-secret', { project: { name: 'demo', domain: { name: 'Default' } } }))
    expect(r.status).toBe(201)
    expect(r.headers.get('x-subject-token')).toMatch(/^gAAAAA/)
    const { token } = (await r.json()) as { token: { project: { name: string }; roles: { name: string }[]; catalog: { endpoints: { url: string }[] }[] } }
    expect(token.project.name).toBe('demo')
    expect(token.roles.map((x) => x.name)).toContain('member')
    expect(token.catalog[0]!.endpoints[0]!.url).toBe('http://cloud.strato.test/identity/v3')
  })

  it('token and application credential methods, unscoped and domain scope', async () => {
    const s = await KeystoneSession.password({ authUrl: ks(), username: 'demo', password: 'demo-secret' })
    expect(s.tokenInfo!.project).toBeUndefined()
    const rescoped = await KeystoneSession.token({ authUrl: ks(), token: await s.token(), projectName: 'demo' })
    expect(rescoped.tokenInfo!.project?.name).toBe('demo')
    const cred = cloud.keystone.createApplicationCredential({ userId: 'demo-user-id', projectId: 'demo-project-id', name: 'ci' })
    const byId = await KeystoneSession.applicationCredential({ authUrl: ks(), id: cred.id, secret: cred.secret })
    expect(byId.tokenInfo!.methods).toEqual(['application_credential'])
    const byName = await KeystoneSession.applicationCredential({ authUrl: ks(), name: 'ci', username: 'demo', secret: cred.secret })
    expect(byName.tokenInfo!.project?.id).toBe('demo-project-id')
    const domainScoped = await KeystoneSession.password({ authUrl: ks(), username: 'admin', password: 'admin-secret', domainName: 'Default' })
    expect(domainScoped.tokenInfo!.domain?.id).toBe('default')
  })

  it('refuses bad credentials, unknown scopes and malformed bodies as Keystone does', async () => {
    await expect(KeystoneSession.password({ authUrl: ks(), username: 'demo', password: 'nope-nope' })).rejects.toBeInstanceOf(UnauthorizedError)
    await expect(KeystoneSession.password({ authUrl: ks(), username: 'demo', password: 'demo-secret', projectName: 'admin' })).rejects.toBeInstanceOf(UnauthorizedError)
    const bad = await fetch(`${ks()}/auth/tokens`, { method: 'POST', body: 'not json', headers: { 'content-type': 'application/json' } })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ error: { code: 400, message: 'Expecting to find auth in request body.', title: 'Bad Request' } })
  })

  it('tokens expire with the clock, and a session re-authenticates once', async () => {
    const s = await KeystoneSession.password({ authUrl: ks(), username: 'demo', password: 'demo-secret', projectName: 'demo', refreshBeforeMs: 0 })
    const identity = new Client({ session: s, serviceType: 'identity' })
    expect((await identity.get('/auth/projects')).status).toBe(200)
    const issued = cloud.keystone.tokensIssued
    cloud.clock.advance(2 * 3_600_000) // the fake's clock, not the session's: the server now says 401
    const rs = await Promise.all(Array.from({ length: 5 }, () => identity.get('/auth/projects')))
    expect(rs.every((r) => r.status === 200)).toBe(true)
    expect(cloud.keystone.tokensIssued).toBe(issued + 1)
    expect(s.authentications).toBe(2)
  })

  it('validates, revokes and reports tokens; records requests with secrets masked', async () => {
    cloud.clearRequests()
    const s = await KeystoneSession.password({ authUrl: ks(), username: 'admin', password: 'admin-secret', projectName: 'admin' })
    const t = await s.token()
    const identity = new Client({ session: s, serviceType: 'identity' })
    const v = await identity.get('/auth/tokens', { headers: { 'X-Subject-Token': t } })
    expect(((await v.json()) as { token: { user: { name: string } } }).token.user.name).toBe('admin')
    await expect(identity.get('/users/nobody')).rejects.toBeInstanceOf(NotFoundError)
    const other = await post(`${ks()}/auth/tokens`, password('demo', 'demo-secret'))
    const otherToken = other.headers.get('x-subject-token')!
    await identity.delete('/auth/tokens', { headers: { 'X-Subject-Token': otherToken }, expect: [204] })
    await expect(identity.head('/auth/tokens', { headers: { 'X-Subject-Token': otherToken } })).rejects.toBeInstanceOf(NotFoundError)
    const recorded = JSON.stringify(cloud.requests)
    expect(recorded).not.toContain(t)
    expect(recorded).not.toContain('admin-secret')
    expect(cloud.requests.map((r) => `${r.method} ${r.path}`)).toContain('POST /identity/v3/auth/tokens')
  })
})

describe('fake cloud over real HTTP', () => {
  it('serves the same state on 127.0.0.1, catalog on that origin, and frees the port on close', async () => {
    const cloud = await createFakeCloud()
    const server = await cloud.listen()
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const s = await KeystoneSession.password({ authUrl: `${server.url}/identity`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
    expect(await s.endpointFor('identity')).toBe(`${server.url}/identity/v3`)
    expect(cloud.keystone.tokensIssued).toBe(1)
    const versions = await fetch(`${server.url}/identity`)
    expect(versions.status).toBe(300)
    const missing = await fetch(`${server.url}/nothing-here`)
    expect(missing.status).toBe(404)
    await s.close()
    await server.close()
    await expect(fetch(`${server.url}/identity/v3`)).rejects.toThrow()
  })

  it('refuses a second service on the same prefix', async () => {
    const cloud = await createFakeCloud({ seed: false })
    expect(cloud.keystone.users.size).toBe(0)
    expect(() => cloud.addService({ type: 'x', name: 'x', prefix: '/identity', catalogPath: '/identity', route: async () => new Response() })).toThrow(InputError)
  })
})
