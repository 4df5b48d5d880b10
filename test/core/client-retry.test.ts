// test/core/client-retry.test.ts — retry rules, Retry-After, aborts and timeouts of the Client.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { http, HttpResponse, delay } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fileBody } from '../../src/core/body.js'
import { Client } from '../../src/core/client.js'
import { AbortError, BadRequestError, NetworkError, RateLimitError, ServerError, TimeoutError } from '../../src/core/errors.js'

const API = 'http://retry.test'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const fast = { backoff: { baseMs: 1, maxMs: 5 } }

function counting(method: 'get' | 'post' | 'put', status: number, headers: Record<string, string> = {}, okAfter = Infinity) {
  const state = { calls: 0, bodies: [] as string[] }
  server.use(
    http[method](`${API}/r`, async ({ request }) => {
      state.calls++
      state.bodies.push(await request.text())
      return state.calls > okAfter ? HttpResponse.json({ ok: true }) : new HttpResponse('busy', { status, headers })
    }),
  )
  return state
}

describe('which failures are retried', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries GET on %i and succeeds', async (status) => {
    const s = counting('get', status, {}, 1)
    const r = await new Client({ endpoint: API, retry: fast }).get('/r')
    expect(r.status).toBe(200)
    expect(s.calls).toBe(2)
  })

  it('gives up after `limit` retries', async () => {
    const s = counting('get', 503)
    await expect(new Client({ endpoint: API, retry: { ...fast, limit: 2 } }).get('/r')).rejects.toBeInstanceOf(ServerError)
    expect(s.calls).toBe(3)
  })

  it('does not retry 400, 404 or 501', async () => {
    for (const status of [400, 404, 501]) {
      const s = counting('get', status)
      await new Client({ endpoint: API, retry: fast }).get('/r').catch(() => undefined)
      expect(s.calls).toBe(1)
    }
  })

  it('does not retry a POST', async () => {
    const s = counting('post', 503)
    await expect(new Client({ endpoint: API, retry: fast }).post('/r', { json: { a: 1 } })).rejects.toBeInstanceOf(ServerError)
    expect(s.calls).toBe(1)
  })

  it('retries a POST the call declares idempotent', async () => {
    const s = counting('post', 503, {}, 1)
    await new Client({ endpoint: API, retry: fast }).post('/r', { json: { a: 1 }, idempotent: true })
    expect(s.calls).toBe(2)
    expect(s.bodies).toEqual(['{"a":1}', '{"a":1}'])
  })

  it('lets shouldRetry retry a POST for a service error code (AWS Throttling as 400)', async () => {
    let calls = 0
    server.use(
      http.post(`${API}/r`, () =>
        ++calls < 2
          ? HttpResponse.text('<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>', { status: 400 })
          : HttpResponse.text('<ok/>'),
      ),
    )
    const client = new Client({ endpoint: API, retry: { ...fast, shouldRetry: (e) => (e.code === 'Throttling' ? true : undefined) } })
    await client.post('/r', { body: 'Action=X' })
    expect(calls).toBe(2)
  })

  it('never retries a stream body, even with PUT', async () => {
    const s = counting('put', 503)
    const body = Readable.from([Buffer.from('abc')])
    await expect(new Client({ endpoint: API, retry: fast }).put('/r', { body })).rejects.toBeInstanceOf(ServerError)
    expect(s.calls).toBe(1)
  })

  it('retries a replayable file range, sending the same bytes each time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strato-'))
    const file = join(dir, 'f.bin')
    await writeFile(file, '0123456789')
    const s = counting('put', 503, {}, 2)
    await new Client({ endpoint: API, retry: fast }).put('/r', { body: await fileBody(file, { start: 2, end: 6 }) })
    expect(s.bodies).toEqual(['2345', '2345', '2345'])
  })

  it('retries network errors for GET', async () => {
    let calls = 0
    server.use(http.get(`${API}/r`, () => (++calls < 2 ? HttpResponse.error() : HttpResponse.json({}))))
    await new Client({ endpoint: API, retry: fast }).get('/r')
    expect(calls).toBe(2)
  })

  it('maps a refused connection to NetworkError with the system error as cause', async () => {
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    const port = (probe.address() as AddressInfo).port
    await new Promise((r) => probe.close(r)) // nothing listens there now
    server.close()
    try {
      const err = await new Client({ endpoint: `http://127.0.0.1:${port}`, retry: false }).get('/').catch((e: unknown) => e)
      expect(err).toBeInstanceOf(NetworkError)
      expect((err as NetworkError).message).toMatch(/ECONNREFUSED/)
      expect((err as NetworkError).cause).toBeDefined()
    } finally {
      server.listen({ onUnhandledFrame: 'error' })
    }
  })
})

describe('Retry-After', () => {
  it('waits as long as Retry-After says on 429', async () => {
    const s = counting('get', 429, { 'Retry-After': '1' }, 1)
    const t0 = performance.now()
    await new Client({ endpoint: API, retry: fast }).get('/r')
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950)
    expect(s.calls).toBe(2)
  })

  it('retries 413 only when it carries Retry-After', async () => {
    const without = counting('put', 413)
    await expect(new Client({ endpoint: API, retry: fast }).put('/r', { body: 'x' })).rejects.toMatchObject({ status: 413 })
    expect(without.calls).toBe(1)
    const withHeader = counting('put', 413, { 'Retry-After': '0' }, 1)
    await new Client({ endpoint: API, retry: fast }).put('/r', { body: 'x' })
    expect(withHeader.calls).toBe(2)
  })

  it('does not wait for a Retry-After beyond maxRetryAfterMs', async () => {
    const s = counting('get', 429, { 'Retry-After': '3600' })
    const err = await new Client({ endpoint: API, retry: fast }).get('/r').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RateLimitError)
    expect((err as RateLimitError).retryAfterMs).toBe(3_600_000)
    expect(s.calls).toBe(1)
  })
})

describe('abort and timeouts', () => {
  it('rejects with AbortError carrying the reason when the caller aborts during a request', async () => {
    server.use(http.get(`${API}/slow`, async () => (await delay(5_000), HttpResponse.json({}))))
    const ctl = new AbortController()
    setTimeout(() => ctl.abort(new Error('user cancelled')), 30)
    const t0 = performance.now()
    const err = await new Client({ endpoint: API }).get('/slow', { signal: ctl.signal }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AbortError)
    expect((err as AbortError).name).toBe('AbortError')
    expect(((err as AbortError).cause as Error).message).toBe('user cancelled')
    expect(performance.now() - t0).toBeLessThan(1_000)
  })

  it('stops at once when aborted during backoff, with no further attempt', async () => {
    const s = counting('get', 503)
    const ctl = new AbortController()
    const client = new Client({ endpoint: API, retry: { backoff: { baseMs: 10_000, maxMs: 10_000 } } })
    client.on('retry', () => setTimeout(() => ctl.abort(), 20))
    const t0 = performance.now()
    await expect(client.get('/r', { signal: ctl.signal })).rejects.toBeInstanceOf(AbortError)
    expect(performance.now() - t0).toBeLessThan(1_000)
    expect(s.calls).toBe(1)
  })

  it('a client-wide signal aborts every call', async () => {
    const ctl = new AbortController()
    ctl.abort()
    await expect(new Client({ endpoint: API, signal: ctl.signal }).get('/r')).rejects.toBeInstanceOf(AbortError)
  })

  it('times out an attempt with TimeoutError and retries it for GET', async () => {
    let calls = 0
    server.use(http.get(`${API}/slow`, async () => (++calls, await delay(2_000), HttpResponse.json({}))))
    const err = await new Client({ endpoint: API, timeoutMs: 50, retry: { ...fast, limit: 1 } }).get('/slow').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect((err as TimeoutError).message).toMatch(/timed out after 50 ms/)
    expect(calls).toBe(2)
  })

  it('the overall deadline covers retries and backoff and is not retried', async () => {
    const s = counting('get', 503)
    const t0 = performance.now()
    const err = await new Client({ endpoint: API, totalTimeoutMs: 150, retry: { limit: 100, backoff: { baseMs: 40, maxMs: 40 } } })
      .get('/r')
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect(performance.now() - t0).toBeLessThan(1_000)
    expect(s.calls).toBeGreaterThan(0)
  })

  it('does not retry a 400', async () => {
    const s = counting('get', 400)
    await expect(new Client({ endpoint: API, retry: fast }).get('/r')).rejects.toBeInstanceOf(BadRequestError)
    expect(s.calls).toBe(1)
  })
})

describe('streamed bodies', () => {
  let http1: Server
  let base = ''
  beforeAll(async () => {
    server.close() // a real socket: the stall must come from the wire, not from a mock
    http1 = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      res.write('first chunk')
      if (req.url === '/stall') return // never ends
      setTimeout(() => res.end('second chunk'), 200)
    })
    await new Promise<void>((r) => http1.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(http1.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    http1.closeAllConnections()
    await new Promise((r) => http1.close(r))
    server.listen({ onUnhandledFrame: 'error' })
  })

  it('a stream outlives the attempt timeout while data keeps coming', async () => {
    const r = await new Client({ endpoint: base, timeoutMs: 100 }).get('/slow-but-alive')
    const text = await new Response(r.body).text()
    expect(text).toBe('first chunksecond chunk')
  })

  it('a stalled stream fails with TimeoutError after stallTimeoutMs', async () => {
    const r = await new Client({ endpoint: base, stallTimeoutMs: 100 }).get('/stall')
    const err = await new Response(r.body).text().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect((err as TimeoutError).message).toMatch(/no data for 100 ms/)
  })
})

describe('deadline messages', () => {
  it('the overall deadline error shows the URL redacted', async () => {
    server.use(http.get(`${API}/slow`, async () => (await delay(2_000), HttpResponse.json({}))))
    const err = await new Client({ endpoint: API, totalTimeoutMs: 50 }).get('/slow?temp_url_sig=deadbeefcafe&temp_url_expires=1').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect((err as TimeoutError).message).toContain('temp_url_sig=***')
    expect((err as TimeoutError).message).not.toContain('deadbeefcafe')
  })
})
