// test/auth/keystone-session.test.ts — KeystoneSession against msw handlers that assert what is sent.
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { authRequestBody } from '../../src/auth/keystone-body.js'
import { KeystoneSession, identityV3Url } from '../../src/auth/keystone.js'
import { Client } from '../../src/core/client.js'
import { InputError, ResponseError, UnauthorizedError } from '../../src/core/errors.js'

const KS = 'http://keystone.test:5000/v3'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const catalog = [
  { type: 'identity', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: KS }] },
  {
    type: 'object-store',
    endpoints: [
      { interface: 'public', region_id: 'RegionOne', url: 'http://swift.test/v1/AUTH_%(project_id)s' },
      { interface: 'public', region_id: 'RegionTwo', url: 'http://swift2.test/v1/AUTH_p1' },
      { interface: 'internal', region_id: 'RegionOne', url: 'http://swift-int.test/v1/AUTH_p1' },
    ],
  },
]

function keystone(ttlMs = 3_600_000) {
  const state = { issued: 0, bodies: [] as unknown[] }
  server.use(
    http.post(`${KS}/auth/tokens`, async ({ request }) => {
      const body = (await request.json()) as { auth: { identity: { password?: { user: { password: string } } } } }
      state.bodies.push(body)
      if (body.auth.identity.password?.user.password === 'bad-password') {
        return HttpResponse.json({ error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } }, { status: 401 })
      }
      state.issued++
      const now = Date.now()
      return HttpResponse.json(
        {
          token: {
            methods: ['password'],
            user: { id: 'u1', name: 'demo', domain: { id: 'default', name: 'Default' } },
            project: { id: 'p1', name: 'demo', domain: { id: 'default', name: 'Default' } },
            roles: [{ id: 'r1', name: 'member' }],
            catalog,
            issued_at: new Date(now).toISOString(),
            expires_at: new Date(now + ttlMs).toISOString(),
          },
        },
        { status: 201, headers: { 'X-Subject-Token': `token-number-${state.issued}` } },
      )
    }),
  )
  return state
}

describe('authRequestBody', () => {
  it('builds each method and scope as Keystone v3 expects', () => {
    expect(authRequestBody({ method: 'password', username: 'demo', password: 'pw' }, { project: { name: 'demo', domain: { name: 'Default' } } })).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'demo', domain: { id: 'default' }, password: 'pw' } } },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    })
    expect(authRequestBody({ method: 'token', token: 't' }, { domain: { id: 'd1' } })).toEqual({
      auth: { identity: { methods: ['token'], token: { id: 't' } }, scope: { domain: { id: 'd1' } } },
    })
    expect(authRequestBody({ method: 'applicationCredential', name: 'ci', secret: 's', username: 'demo', userDomain: { name: 'Default' } })).toEqual({
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { name: 'ci', secret: 's', user: { name: 'demo', domain: { name: 'Default' } } },
        },
      },
    })
    expect(authRequestBody({ method: 'password', userId: 'u1', password: 'pw' }, { system: 'all' })).toMatchObject({ auth: { scope: { system: { all: true } } } })
  })

  it('refuses incomplete credentials and a scope on an application credential', () => {
    expect(() => authRequestBody({ method: 'password', password: 'pw' })).toThrow(InputError)
    expect(() => authRequestBody({ method: 'applicationCredential', secret: 's' })).toThrow(InputError)
    expect(() => authRequestBody({ method: 'applicationCredential', id: 'a', secret: 's' }, { project: { id: 'p' } })).toThrow(/already scoped/)
    expect(() => authRequestBody({ method: 'password', username: 'u', password: 'pw' }, { project: {} })).toThrow(InputError)
  })

  it('normalises the auth URL to /v3 and refuses v2.0', () => {
    expect(identityV3Url('http://h:5000')).toBe('http://h:5000/v3')
    expect(identityV3Url('http://h:5000/v3/')).toBe('http://h:5000/v3')
    expect(identityV3Url('https://h/identity')).toBe('https://h/identity/v3')
    expect(() => identityV3Url('http://h:5000/v2.0')).toThrow(InputError)
    expect(() => identityV3Url('h:5000')).toThrow(InputError)
  })
})

describe('KeystoneSession', () => {
  it('authenticates once on creation and answers from the catalog', async () => {
    const ks = keystone()
    const s = await KeystoneSession.password({ authUrl: 'http://keystone.test:5000', username: 'demo', password: 'pw', projectName: 'demo' })
    expect(ks.issued).toBe(1)
    expect(s.tokenInfo).toMatchObject({ user: { name: 'demo' }, project: { id: 'p1' }, roles: ['member'] })
    expect(await s.endpointFor('object-store')).toBe('http://swift.test/v1/AUTH_p1')
    expect(await s.endpointFor('object-store', { region: 'RegionTwo' })).toBe('http://swift2.test/v1/AUTH_p1')
    expect(await s.endpointFor('object-store', { interface: 'internal' })).toBe('http://swift-int.test/v1/AUTH_p1')
    const missing = await s.endpointFor('compute').catch((e: unknown) => e)
    expect(missing).toMatchObject({ code: 'EndpointNotFound' })
    expect((missing as Error & { details: string[] }).details[0]).toContain('object-store public RegionTwo')
    expect(ks.issued).toBe(1)
    await s.close()
  })

  it('a refused password is UnauthorizedError without the password in it', async () => {
    keystone()
    const err = await KeystoneSession.password({ authUrl: KS, username: 'demo', password: 'bad-password' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UnauthorizedError)
    const e = err as UnauthorizedError
    expect(e.message).toBe('401 Unauthorized: POST /v3/auth/tokens: Unauthorized (The request you have made requires authentication.)')
    expect(JSON.stringify([e.message, e.details, e.url])).not.toContain('bad-password')
  })

  it('refreshes a token that expires within refreshBeforeMs', async () => {
    const ks = keystone(60_000)
    const s = await KeystoneSession.password({ authUrl: KS, username: 'demo', password: 'pw', refreshBeforeMs: 120_000 })
    expect(await s.token()).toBe('token-number-2')
    expect(ks.issued).toBe(2)
  })

  it('a missing X-Subject-Token is a ResponseError', async () => {
    server.use(http.post(`${KS}/auth/tokens`, () => HttpResponse.json({ token: {} }, { status: 201 })))
    await expect(KeystoneSession.password({ authUrl: KS, username: 'demo', password: 'pw' })).rejects.toBeInstanceOf(ResponseError)
  })

  it('a broken token body is a ResponseError naming the field', async () => {
    server.use(http.post(`${KS}/auth/tokens`, () => HttpResponse.json({ token: { methods: [] } }, { status: 201, headers: { 'X-Subject-Token': 'abcdefgh' } })))
    const err = await KeystoneSession.password({ authUrl: KS, username: 'demo', password: 'pw' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ResponseError)
    expect((err as ResponseError).details.join('\n')).toMatch(/body\.expires_at/)
  })

  it('many requests meeting 401 together cause one re-authentication, each retried once', async () => {
    const ks = keystone()
    const s = await KeystoneSession.password({ authUrl: KS, username: 'demo', password: 'pw', projectName: 'demo' })
    let revoked = 'token-number-1'
    const seen: string[] = []
    server.use(
      http.get('http://swift.test/v1/AUTH_p1', ({ request }) => {
        const token = request.headers.get('x-auth-token') ?? ''
        seen.push(token)
        if (token === revoked) return new HttpResponse('<html><h1>Unauthorized</h1></html>', { status: 401 })
        return HttpResponse.json([])
      }),
    )
    const swift = new Client({ session: s, serviceType: 'object-store' })
    const results = await Promise.all(Array.from({ length: 10 }, () => swift.get('')))
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(ks.issued).toBe(2)
    expect(s.authentications).toBe(2)
    expect(seen.filter((t) => t === 'token-number-2')).toHaveLength(10)
    // The credentials stop working: the one re-authentication per call fails cleanly, no loop.
    revoked = 'token-number-2'
    server.use(http.post(`${KS}/auth/tokens`, () => HttpResponse.json({ error: { code: 401, message: 'no', title: 'Unauthorized' } }, { status: 401 })))
    await expect(swift.get('')).rejects.toBeInstanceOf(UnauthorizedError)
    await swift.close()
  })

  it('revoke() deletes the token on the server and forgets it', async () => {
    keystone()
    let deleted: string | null = null
    server.use(
      http.delete(`${KS}/auth/tokens`, ({ request }) => {
        deleted = request.headers.get('x-subject-token')
        return new HttpResponse(null, { status: 204 })
      }),
    )
    const s = await KeystoneSession.password({ authUrl: KS, username: 'demo', password: 'pw' })
    await s.revoke()
    expect(deleted).toBe('token-number-1')
    expect(s.tokenInfo).toBeUndefined()
  })
})
