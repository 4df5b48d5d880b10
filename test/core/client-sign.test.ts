// test/core/client-sign.test.ts — the per-attempt signer hook and the overridable error builder of the Client.
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '../../src/core/client.js'
import type { ErrorResponseInfo } from '../../src/core/error-response.js'
import { ConflictError, InputError, type ClientError } from '../../src/core/errors.js'
import type { SignableRequest } from '../../src/core/options.js'

const API = 'http://sign.test'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const seen: { url: string; auth: string | null; body: string }[] = []
afterEach(() => void (seen.length = 0))
function record(status: (n: number) => number) {
  server.use(
    http.all(`${API}/*`, async ({ request }) => {
      seen.push({ url: request.url, auth: request.headers.get('authorization'), body: await request.text() })
      return new HttpResponse('<x/>', { status: status(seen.length) })
    }),
  )
}

describe('sign', () => {
  it('signs every attempt anew, after the headers are final', async () => {
    record((n) => (n === 1 ? 503 : 200))
    const calls: SignableRequest[] = []
    const c = new Client({ endpoint: API, retry: { backoff: { baseMs: 1, maxMs: 2 } }, sign: (req) => (calls.push(req), { headers: { Authorization: `sig-${calls.length}` } }) })
    await c.put('/r', { body: 'payload', headers: { 'content-type': 'text/plain' } })
    expect(seen.map((s) => s.auth)).toEqual(['sig-1', 'sig-2'])
    expect(calls[0]).toMatchObject({ method: 'PUT', url: `${API}/r`, body: 'payload' })
    expect(calls[0]?.headers['content-type']).toBe('text/plain')
    await c.close()
  })

  it('may replace the URL and the body (signatures carried in the request)', async () => {
    record(() => 200)
    const c = new Client({ endpoint: API, sign: async (req) => ({ url: `${req.url}?Signature=abc`, body: `${req.body}&Signature=abc` }) })
    await c.post('/q', { body: 'Action=X' })
    expect(seen[0]).toMatchObject({ url: `${API}/q?Signature=abc`, body: 'Action=X&Signature=abc' })
    await c.close()
  })

  it('refuses non-string bodies and passes a signer failure on, sending nothing', async () => {
    record(() => 200)
    const c = new Client({ endpoint: API, sign: () => ({}) })
    await expect(c.put('/r', { body: new Uint8Array([1]) })).rejects.toThrow(/string bodies only/)
    const failing = new Client({
      endpoint: API,
      sign: () => {
        throw new InputError('no credentials')
      },
    })
    await expect(failing.get('/r')).rejects.toThrow('no credentials')
    expect(seen).toHaveLength(0)
    await Promise.all([c.close(), failing.close()])
  })
})

describe('errorFromResponse override', () => {
  class Custom extends Client {
    protected override errorFromResponse(info: ErrorResponseInfo): ClientError {
      return new ConflictError(`custom ${info.status} ${info.body}`, { status: info.status })
    }
  }
  it('builds the error a service wants from the raw body', async () => {
    record(() => 400)
    const c = new Custom({ endpoint: API })
    await expect(c.get('/r')).rejects.toMatchObject({ name: 'ConflictError', message: 'custom 400 <x/>' })
    await c.close()
  })
})

describe('sign failures', () => {
  it('a signer that never answers is cut by the attempt timeout and by an abort', async () => {
    record(() => 200)
    const c = new Client({ endpoint: API, timeoutMs: 50, retry: false, sign: () => new Promise(() => undefined) })
    await expect(c.get('/r')).rejects.toMatchObject({ name: 'TimeoutError' })
    const ctl = new AbortController()
    setTimeout(() => ctl.abort(new Error('user')), 20)
    await expect(c.get('/r', { signal: ctl.signal, timeoutMs: 0 })).rejects.toMatchObject({ name: 'AbortError' })
    expect(seen).toHaveLength(0)
    await c.close()
  })

  it('a signer that throws a plain error is a ClientError that is not retried; json is refused', async () => {
    record(() => 200)
    let calls = 0
    const c = new Client({
      endpoint: API,
      retry: { backoff: { baseMs: 1, maxMs: 2 } },
      sign: () => {
        calls++
        throw new TypeError('vault unreachable')
      },
    })
    await expect(c.get('/r')).rejects.toMatchObject({ name: 'ClientError', retryable: false, message: expect.stringContaining('vault unreachable') })
    expect(calls).toBe(1)
    await expect(c.post('/r', { json: { a: 1 } })).rejects.toThrow(/serialise `json`/)
    await c.close()
  })
})
