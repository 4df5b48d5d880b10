// test/auth/tempauth.test.ts — Swift tempauth: login, storage URL, refresh, errors without the key.
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { TempAuthSession } from '../../src/auth/tempauth.js'
import { Client } from '../../src/core/client.js'
import { InputError, ResponseError, UnauthorizedError } from '../../src/core/errors.js'

const AUTH = 'http://swift.test:8080/auth/v1.0'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

function tempauth(expires = '86400') {
  const state = { logins: 0 }
  server.use(
    http.get(AUTH, ({ request }) => {
      if (request.headers.get('x-auth-user') !== 'test:tester' || request.headers.get('x-auth-key') !== 'testing-key') {
        return new HttpResponse('<html><h1>Unauthorized</h1><p>This server could not verify that you are authorized to access the document you requested.</p></html>', { status: 401 })
      }
      state.logins++
      return new HttpResponse(null, {
        status: 200,
        headers: { 'X-Auth-Token': `AUTH_tk${state.logins}abcdef`, 'X-Storage-Url': 'http://swift.test:8080/v1/AUTH_test', 'X-Auth-Token-Expires': expires },
      })
    }),
  )
  return state
}

describe('TempAuthSession', () => {
  it('logs in and serves object-store only', async () => {
    const state = tempauth()
    const s = await TempAuthSession.login({ authUrl: AUTH, user: 'test:tester', key: 'testing-key' })
    expect(await s.endpointFor('object-store')).toBe('http://swift.test:8080/v1/AUTH_test')
    expect(await s.token()).toBe('AUTH_tk1abcdef')
    await expect(s.endpointFor('compute')).rejects.toBeInstanceOf(InputError)
    expect(state.logins).toBe(1)
  })

  it('a storage client finds its endpoint and token through the session', async () => {
    tempauth()
    let token: string | null = null
    server.use(http.get('http://swift.test:8080/v1/AUTH_test', ({ request }) => ((token = request.headers.get('x-auth-token')), HttpResponse.json([]))))
    const s = await TempAuthSession.login({ authUrl: AUTH, user: 'test:tester', key: 'testing-key' })
    const swift = new Client({ session: s, serviceType: 'object-store' })
    expect((await swift.get('', { query: { format: 'json' } })).status).toBe(200)
    expect(token).toBe('AUTH_tk1abcdef')
  })

  it('refreshes a token close to expiry', async () => {
    const state = tempauth('30')
    const s = await TempAuthSession.login({ authUrl: AUTH, user: 'test:tester', key: 'testing-key' })
    expect(await s.token()).toBe('AUTH_tk2abcdef')
    expect(state.logins).toBe(2)
  })

  it('a wrong key is UnauthorizedError without the key; a bad user name is an InputError', async () => {
    tempauth()
    const err = await TempAuthSession.login({ authUrl: AUTH, user: 'test:tester', key: 'wrong-key-value' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UnauthorizedError)
    expect(JSON.stringify([(err as Error).message, (err as UnauthorizedError).details])).not.toContain('wrong-key-value')
    expect(() => new TempAuthSession({ authUrl: AUTH, user: 'tester', key: 'k' })).toThrow(InputError)
  })

  it('an answer without token headers is a ResponseError', async () => {
    server.use(http.get(AUTH, () => new HttpResponse(null, { status: 200 })))
    await expect(TempAuthSession.login({ authUrl: AUTH, user: 'test:tester', key: 'testing-key' })).rejects.toBeInstanceOf(ResponseError)
  })
})
