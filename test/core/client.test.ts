// test/core/client.test.ts — the Client against msw: requests, expected statuses, error mapping, events, closing.
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Client, path } from '../../src/core/client.js'
import { InputError, NotFoundError, ResponseError, ServerError } from '../../src/core/errors.js'
import type { ClientEvents } from '../../src/core/events.js'

const API = 'http://api.test/v2.1'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

describe('Client requests', () => {
  it('joins the path to the endpoint, encodes segments, sends token, user agent and query', async () => {
    let seen: Request | undefined
    server.use(
      http.get(`${API}/servers/:id`, ({ request }) => {
        seen = request
        return HttpResponse.json({ server: { id: 'x' } })
      }),
    )
    const client = new Client({ endpoint: `${API}/`, token: 'tok-123456', userAgent: 'mytool/1.0' })
    const r = await client.get(path`/servers/${'a/b?c'}`, { query: { limit: 2, tags: ['x', 'y'], skip: undefined } })
    expect(await r.json()).toEqual({ server: { id: 'x' } })
    const url = new URL(seen!.url)
    expect(url.pathname).toBe('/v2.1/servers/a%2Fb%3Fc')
    expect(url.search).toBe('?limit=2&tags=x&tags=y')
    expect(seen!.headers.get('x-auth-token')).toBe('tok-123456')
    expect(seen!.headers.get('user-agent')).toMatch(/^mytool\/1\.0 strato\/\d+\.\d+\.\d+ node\/\d+/)
  })

  it('sends JSON bodies and per-call headers without leaking them into the next call', async () => {
    const bodies: unknown[] = []
    const headers: (string | null)[] = []
    server.use(
      http.post(`${API}/servers`, async ({ request }) => {
        bodies.push(await request.json())
        headers.push(request.headers.get('x-extra'))
        return HttpResponse.json({ ok: true }, { status: 202 })
      }),
    )
    const client = new Client({ endpoint: API, headers: { 'X-Extra': 'client' } })
    await client.post('/servers', { json: { server: { name: 'a' } }, headers: { 'X-Extra': 'call' }, expect: [202] })
    await client.post('/servers', { json: { server: { name: 'b' } }, expect: [202] })
    expect(bodies).toEqual([{ server: { name: 'a' } }, { server: { name: 'b' } }])
    expect(headers).toEqual(['call', 'client'])
  })

  it('maps an error body to the right class with a useful message', async () => {
    server.use(
      http.get(`${API}/servers/abc`, () =>
        HttpResponse.json({ itemNotFound: { message: 'Instance abc could not be found.', code: 404 } }, { status: 404, headers: { 'x-openstack-request-id': 'req-1' } }),
      ),
    )
    const err = await new Client({ endpoint: API }).get('/servers/abc').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NotFoundError)
    const e = err as NotFoundError
    expect(e.name).toBe('NotFoundError')
    expect(e.message).toBe('404 Not Found: GET /v2.1/servers/abc: itemNotFound (Instance abc could not be found.)')
    expect(e).toMatchObject({ status: 404, code: 'itemNotFound', requestId: 'req-1', method: 'GET', url: `${API}/servers/abc`, retryable: false })
  })

  it('treats a status outside `expect` as an error, a 2xx one as ResponseError', async () => {
    server.use(http.delete(`${API}/x`, () => new HttpResponse(null, { status: 202 })))
    const err = await new Client({ endpoint: API }).delete('/x', { expect: [204] }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ResponseError)
    expect((err as ResponseError).message).toContain('expected status 204, got 202')
  })

  it('rejects a body that is not JSON with ResponseError holding the text', async () => {
    server.use(http.get(`${API}/x`, () => HttpResponse.text('<html>oops</html>')))
    const r = await new Client({ endpoint: API }).get('/x')
    const err = await r.json().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ResponseError)
    expect((err as ResponseError).details[0]).toBe('<html>oops</html>')
  })

  it('sends the token only to the endpoint origin', async () => {
    let token: string | null = 'unset'
    server.use(
      http.get('http://elsewhere.test/page', ({ request }) => {
        token = request.headers.get('x-auth-token')
        return HttpResponse.json({})
      }),
    )
    await new Client({ endpoint: API, token: 'secret-token-1' }).get('http://elsewhere.test/page')
    expect(token).toBeNull()
  })
})

describe('Client input checks', () => {
  it('refuses a missing or bad endpoint at construction', () => {
    expect(() => new Client({})).toThrow(InputError)
    expect(() => new Client({ endpoint: 'not a url' })).toThrow(InputError)
    expect(() => new Client({ endpoint: 'ftp://x' })).toThrow(InputError)
    expect(() => new Client({ endpoint: API, timeoutMs: -1 })).toThrow(InputError)
  })

  it('rejects (not throws) bad call options before any request', async () => {
    let requests = 0
    server.use(http.all(`${API}/*`, () => (requests++, HttpResponse.json({}))))
    const client = new Client({ endpoint: API })
    const p = client.post('/x', { json: {}, body: 'x' })
    expect(p).toBeInstanceOf(Promise)
    await expect(p).rejects.toBeInstanceOf(InputError)
    await expect(client.get('/x', { timeoutMs: Number.NaN })).rejects.toBeInstanceOf(InputError)
    expect(requests).toBe(0)
  })

  it('rejects calls after close()', async () => {
    const client = new Client({ endpoint: API })
    await client.close()
    await expect(client.get('/x')).rejects.toBeInstanceOf(InputError)
  })
})

describe('Client events', () => {
  it('reports request, response, retry and error with attempts and redacted data', async () => {
    let n = 0
    server.use(http.get(`${API}/flaky`, () => (++n < 3 ? new HttpResponse('down', { status: 503 }) : HttpResponse.json({}, { status: 500 }))))
    const client = new Client({ endpoint: API, token: 'super-secret-token', retry: { limit: 2, backoff: { baseMs: 1, maxMs: 2 } } })
    const seen: { type: keyof ClientEvents; e: ClientEvents[keyof ClientEvents][0] }[] = []
    for (const type of ['request', 'response', 'retry', 'error'] as const) client.on(type, (e) => seen.push({ type, e }))
    const err = await client.get('/flaky?temp_url_sig=abcdef').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ServerError)
    expect(seen.map((s) => s.type)).toEqual(['request', 'response', 'retry', 'request', 'response', 'retry', 'request', 'response', 'error'])
    expect(seen.filter((s) => s.type === 'request').map((s) => (s.e as { attempt: number }).attempt)).toEqual([1, 2, 3])
    expect((seen.at(-1)!.e as { attempt: number }).attempt).toBe(3)
    const dump = JSON.stringify(seen.map((s) => ({ ...s.e, error: undefined })))
    expect(dump).not.toContain('super-secret-token')
    expect(dump).not.toContain('abcdef')
    expect(dump).toContain('"x-auth-token":"***"')
  })
})

describe('Client redaction', () => {
  it('keeps the token out of log lines, events and an error whose body echoes it', async () => {
    const token = 'gAAAAABsecret-token-value'
    server.use(http.get(`${API}/echo`, ({ request }) => HttpResponse.json({ badRequest: { message: `token ${request.headers.get('x-auth-token')} is malformed`, code: 400 } }, { status: 400 })))
    const lines: string[] = []
    const log = (obj: object, msg?: string) => lines.push(JSON.stringify([obj, msg]))
    const client = new Client({ endpoint: API, token: async () => token, logger: { debug: log, info: log, warn: log, error: log } })
    const events: string[] = []
    for (const type of ['request', 'response', 'retry', 'error'] as const) client.on(type, (e) => events.push(JSON.stringify({ ...e, error: (e as { error?: Error }).error?.message })))
    const err = (await client.get('/echo?token=also-secret-value').catch((e: unknown) => e)) as Error & { details: string[]; url: string }
    expect(err.message).toContain('token *** is malformed')
    expect(lines.length).toBeGreaterThan(0)
    const everything = JSON.stringify([err.message, err.details, err.url, lines, events])
    expect(everything).not.toContain(token)
    expect(everything).not.toContain('also-secret-value')
  })
})
