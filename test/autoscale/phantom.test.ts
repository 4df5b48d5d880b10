// test/autoscale/phantom.test.ts — PhantomClient auth (login, Basic, fromEnv), error mapping, 302 conflicts, redaction, aborts and EPU states.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { http, HttpResponse, delay } from 'msw'
import { describe, expect, it } from 'vitest'
import { AbortError, BadRequestError, ConflictError, ForbiddenError, InputError, NotFoundError, ResponseError, ServerError, UnauthorizedError } from '../../src/core/errors.js'
import { EPU_STATES, PhantomClient, PhantomConflictError, epuStateNumber, isEpuFailed, isEpuRunning } from '../../src/autoscale/phantom/index.js'
import { BASE, BASIC, LC, ORIGIN, TOKEN, USER_ID, phantomJson, phantomText, redirect, usePhantom } from './phantom-support.js'

const t = usePhantom({ retry: 0 })

const PASSWORD = 'pa55:w0rd & more'
const LC_INPUT = { name: 'web', cloud_params: { hotel: { image_id: 'img', instance_type: 'm1.small', max_vms: -1, common: true, rank: 1 } } }

/** Everything a logger was given, as one string. */
function capturingLogger(): { logger: Record<'debug' | 'info' | 'warn' | 'error', (...a: unknown[]) => void>; text: () => string } {
  const lines: unknown[] = []
  const log = (...a: unknown[]): void => void lines.push(a)
  return { logger: { debug: log, info: log, warn: log, error: log }, text: () => JSON.stringify(lines, (_k, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack } : v)) }
}

function everything(e: unknown): string {
  const err = e as Error & { details?: string[]; cause?: unknown }
  return JSON.stringify({ m: err.message, s: err.stack, d: err.details, c: String(err.cause), cs: (err.cause as Error | undefined)?.stack })
}

describe('construction and auth', () => {
  it('every call sends HTTP Basic <userId>:<token>', async () => {
    t.fake.on('GET', '/api/dev/sensors', [])
    await t.phantom.sensors.list().toArray()
    expect(t.fake.seen[0]!.headers.authorization).toBe(BASIC)
    expect(Buffer.from(BASIC.slice(6), 'base64').toString()).toBe(`${USER_ID}:${TOKEN}`)
    expect(t.phantom.userId).toBe('3')
  })

  it('bad options are InputErrors that never show the token', () => {
    expect(() => new PhantomClient({ url: BASE, userId: 'alice', token: TOKEN })).toThrow(/numeric user id/)
    expect(() => new PhantomClient({ url: BASE, userId: -1, token: TOKEN })).toThrow(InputError)
    expect(() => new PhantomClient({ url: '', userId: 3, token: TOKEN })).toThrow(/url/)
    expect(() => new PhantomClient({ url: 'ftp://h/api/dev', userId: 3, token: TOKEN })).toThrow(InputError)
    const e = (() => {
      try {
        return new PhantomClient({ url: BASE, userId: 3, token: 'secret token with spaces' })
      } catch (x) {
        return x
      }
    })()
    expect(e).toBeInstanceOf(InputError)
    expect((e as Error).message).not.toContain('secret token')
  })

  it('the token is redacted from events and from server text echoed into errors', async () => {
    const events: unknown[] = []
    t.phantom.on('request', (ev) => events.push(ev))
    t.phantom.on('error', (ev) => events.push({ ...ev, error: everything(ev.error) }))
    t.fake.on('GET', '/api/dev/sites/hotel', () => phantomText(`bad user ${USER_ID} token ${TOKEN} (Basic ${BASIC.slice(6)})`, 400))
    const e = await t.phantom.sites.get('hotel').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(BadRequestError)
    expect(everything(e)).not.toContain(TOKEN)
    expect(everything(e)).not.toContain(BASIC.slice(6))
    expect(JSON.stringify(events)).not.toContain(TOKEN)
    expect(JSON.stringify(events)).not.toContain(BASIC.slice(6))
    expect(events[0]).toMatchObject({ method: 'GET', headers: { authorization: '***' } })
  })

  it('fromEnv reads PHANTOM_URL, USER_ID and TOKEN, and names the missing ones', async () => {
    const c = await PhantomClient.fromEnv({ env: { PHANTOM_URL: BASE, USER_ID: '7', TOKEN: TOKEN } })
    t.fake.on('GET', '/api/dev/sensors', [])
    await c.sensors.list().toArray()
    expect(t.fake.seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`7:${TOKEN}`).toString('base64')}`)
    await c.close()
    await expect(PhantomClient.fromEnv({ env: { USER_ID: '7' } })).rejects.toThrow(/set PHANTOM_URL, TOKEN/)
  })
})

describe('login', () => {
  it('POSTs the form to {url}/token without auth, then uses the token it got', async () => {
    t.fake.on('POST', '/api/dev/token', { success: true, token: TOKEN, user: 3 }).on('GET', '/api/dev/sites', [])
    const c = await PhantomClient.login(BASE, 'alice', PASSWORD)
    await c.sites.list().toArray()
    await c.close()
    const [login, list] = t.fake.seen
    expect(login).toMatchObject({ method: 'POST', path: '/api/dev/token', headers: { 'content-type': expect.stringContaining('application/x-www-form-urlencoded') } })
    expect(login!.headers).not.toHaveProperty('authorization')
    expect(Object.fromEntries(new URLSearchParams(login!.text))).toEqual({ username: 'alice', password: PASSWORD })
    expect(list!.headers.authorization).toBe(BASIC)
    expect(c.userId).toBe('3')
  })

  const refusals: [string, () => Response, new (...a: never[]) => Error, RegExp][] = [
    ['tokenapi 0.2.0: 200 with success false', () => phantomJson({ success: false, errors: 'Unable to log you in, please try again.' }), UnauthorizedError, /login of user "alice" failed: Unable to log you in/],
    ['later tokenapi: 401 JSON', () => phantomJson({ success: false, errors: 'Unable to log you in, please try again.' }, 401), UnauthorizedError, /login of user "alice" failed: 401 Unauthorized: POST \/api\/dev\/token: Unable to log you in/],
    ['a disabled account: 403 JSON', () => phantomJson({ success: false, errors: 'User account is disabled.' }, 403), ForbiddenError, /failed: .*User account is disabled/],
    ['403 Authorization Required', () => phantomText('Authorization Required', 403, 'text/html; charset=utf-8'), UnauthorizedError, /failed: 403 Authorization Required: POST \/api\/dev\/token$/],
  ]
  for (const [what, answer, Class, message] of refusals) {
    it(`refusal, ${what} → ${Class.name}, password nowhere`, async () => {
      const { logger, text } = capturingLogger()
      t.fake.on('POST', '/api/dev/token', answer)
      const e = await PhantomClient.login(BASE, 'alice', PASSWORD, { logger }).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(Class)
      expect((e as Error).message).toMatch(message)
      for (const form of [PASSWORD, encodeURIComponent(PASSWORD), 'pa55']) {
        expect(everything(e)).not.toContain(form)
        expect(text()).not.toContain(form)
      }
    })
  }

  it('a server that echoes the password gets it scrubbed, in every encoding', async () => {
    const { logger, text } = capturingLogger()
    t.fake.on('POST', '/api/dev/token', (r) => phantomText(`Bad request (${r.text}) for "${PASSWORD}"`, 400, 'text/plain'))
    const e = await PhantomClient.login(BASE, 'alice', PASSWORD, { logger }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(BadRequestError)
    expect(everything(e)).not.toContain('pa55')
    expect(text()).not.toContain('pa55')
  })

  it('a 200 that is not JSON is a ResponseError; an answer without token is one too', async () => {
    t.fake.on('POST', '/api/dev/token', () => phantomText('<html>login page</html>', 200, 'text/html'))
    await expect(PhantomClient.login(BASE, 'alice', PASSWORD)).rejects.toThrow(/did not answer JSON/)
    t.fake.on('POST', '/api/dev/token', { success: true, token: TOKEN })
    const e = await PhantomClient.login(BASE, 'alice', PASSWORD).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ResponseError)
    expect(everything(e)).not.toContain(TOKEN)
  })

  it('empty username or password is an InputError before any request', async () => {
    await expect(PhantomClient.login(BASE, '', PASSWORD)).rejects.toBeInstanceOf(InputError)
    await expect(PhantomClient.login(BASE, 'alice', '')).rejects.toBeInstanceOf(InputError)
    expect(t.fake.seen).toHaveLength(0)
  })
})

describe('Phantom error bodies', () => {
  it('plain-text 400 and 404 (application/javascript) → BadRequestError / NotFoundError with the text', async () => {
    t.fake.on('GET', `/api/dev/launchconfigurations/${LC.id}`, () => phantomText(`Launch configuration ${LC.id} not found`, 404))
    t.fake.on('POST', '/api/dev/domains', () => phantomText("No launch configuration named web. Can't make domain", 400))
    const nf = await t.phantom.launchConfigurations.get(LC.id).catch((x: unknown) => x)
    expect(nf).toBeInstanceOf(NotFoundError)
    expect(nf).toMatchObject({ status: 404, message: `404 Not Found: GET /api/dev/launchconfigurations/${LC.id}: Launch configuration ${LC.id} not found` })
    const br = await t.phantom.domains.create({ name: 'd', de_name: 'multicloud', lc_name: 'web', vm_count: 1 }).catch((x: unknown) => x)
    expect(br).toBeInstanceOf(BadRequestError)
    expect((br as Error).message).toBe("400 Bad Request: POST /api/dev/domains: No launch configuration named web. Can't make domain")
  })

  it("403 'Authorization Required' (bad or expired token) → UnauthorizedError, status 403", async () => {
    t.fake.on('GET', '/api/dev/domains', () => phantomText('Authorization Required', 403, 'text/html; charset=utf-8'))
    const e = await t.phantom.domains.list().toArray().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(UnauthorizedError)
    expect(e).toMatchObject({ status: 403, code: 'AuthorizationRequired', method: 'GET' })
    expect((e as Error).message).toMatch(/^403 Authorization Required: GET \/api\/dev\/domains: the user id and token were refused/)
  })

  it('other 403s stay ForbiddenError; a Django 500 page is a ServerError', async () => {
    t.fake.on('GET', '/api/dev/sites', () => phantomText('Your account has been disabled', 403))
    expect(await t.phantom.sites.list().toArray().catch((x: unknown) => x)).toBeInstanceOf(ForbiddenError)
    t.fake.on('GET', '/api/dev/sites', () => phantomText('<h1>Server Error (500)</h1>', 500, 'text/html'))
    expect(await t.phantom.sites.list().toArray().catch((x: unknown) => x)).toBeInstanceOf(ServerError)
  })

  it('a list that is not a JSON array is a ResponseError with the body in details', async () => {
    t.fake.on('GET', '/api/dev/sites', { sites: [] })
    const e = await t.phantom.sites.list().toArray().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ResponseError)
    expect(e).toMatchObject({ details: ['{"sites":[]}'] })
    t.fake.on('GET', '/api/dev/sites', [{ instance_types: [] }])
    await expect(t.phantom.sites.list().toArray()).rejects.toThrow(/site\[0\]\.id is missing/)
  })
})

describe('302: the name exists', () => {
  it('create → PhantomConflictError naming the resource, with its location and id; the redirect is not followed', async () => {
    t.fake.on('POST', '/api/dev/launchconfigurations', () => redirect(`/api/dev/launchconfigurations/${LC.id}`))
    const e = await t.phantom.launchConfigurations.create(LC_INPUT).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(PhantomConflictError)
    expect(e).toBeInstanceOf(ConflictError)
    expect(e).toMatchObject({
      name: 'PhantomConflictError',
      status: 302,
      code: 'AlreadyExists',
      location: `${BASE}/launchconfigurations/${LC.id}`,
      existingId: LC.id,
      retryable: false,
    })
    expect((e as Error).message).toBe(`launch configuration "web" already exists (Phantom answered POST /api/dev/launchconfigurations with 302): see /api/dev/launchconfigurations/${LC.id}`)
    expect(t.fake.seen.map((s) => s.method)).toEqual(['POST'])
  })

  it('domains and chef credentials too (absolute Location as older Django sends it)', async () => {
    t.fake.on('POST', '/api/dev/domains', () => redirect(`${ORIGIN}/api/dev/domains/abc-123`))
    t.fake.on('POST', '/api/dev/credentials/chef', () => redirect('/api/dev/credentials/chef/my%20chef'))
    await expect(t.phantom.domains.create({ name: 'web', de_name: 'multicloud', lc_name: 'web', vm_count: 1 })).rejects.toMatchObject({ existingId: 'abc-123', location: `${BASE}/domains/abc-123` })
    await expect(t.phantom.credentials.chef.create({ id: 'my chef', server_url: 'https://c', client_name: 'a', client_key: 'k', validator_key: 'v' })).rejects.toMatchObject({
      name: 'PhantomConflictError',
      existingId: 'my chef',
      message: expect.stringContaining('chef credentials "my chef" already exists'),
    })
  })

  it('through a real socket: undici does not follow the 302 (redirect: manual)', async () => {
    t.server.close() // msw off: Node's own fetch and dispatcher
    const hits: string[] = []
    const http302: Server = createServer((req: IncomingMessage, res) => {
      hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`)
      req.resume()
      if (req.method === 'POST') res.writeHead(302, { location: `/api/dev/launchconfigurations/${LC.id}` }).end()
      else res.writeHead(200, { 'content-type': 'application/javascript' }).end(JSON.stringify(LC))
    })
    await new Promise<void>((r) => http302.listen(0, '127.0.0.1', r))
    const port = (http302.address() as AddressInfo).port
    const real = new PhantomClient({ url: `http://127.0.0.1:${port}/api/dev`, userId: USER_ID, token: TOKEN })
    try {
      const e = await real.launchConfigurations.create(LC_INPUT).catch((x: unknown) => x)
      expect(e).toMatchObject({ name: 'PhantomConflictError', existingId: LC.id, location: `http://127.0.0.1:${port}/api/dev/launchconfigurations/${LC.id}` })
      expect(hits).toEqual([`POST /api/dev/launchconfigurations ${BASIC}`])
      expect((await real.launchConfigurations.get((e as PhantomConflictError).existingId!)).name).toBe('web')
    } finally {
      await real.close()
      await new Promise((r) => http302.close(r))
      t.server.listen({ onUnhandledFrame: 'error' })
    }
  })
})

describe('aborts', () => {
  it("the caller's signal aborts a call in flight with AbortError, its reason as cause", async () => {
    t.server.use(http.get(`${BASE}/domains`, async () => {
      await delay('infinite')
      return HttpResponse.json([])
    }))
    const ctl = new AbortController()
    const pending = t.phantom.domains.list({ signal: ctl.signal }).toArray()
    setTimeout(() => ctl.abort(new Error('user pressed Ctrl-C')), 20)
    const e = await pending.catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AbortError)
    expect(((e as AbortError).cause as Error).message).toBe('user pressed Ctrl-C')
  })

  it('an already aborted signal sends nothing', async () => {
    const e = await t.phantom.domains.get('abc', { signal: AbortSignal.abort() }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AbortError)
    expect(t.fake.seen).toHaveLength(0)
  })
})

describe('EPU states', () => {
  it('numeric prefix, running, failed', () => {
    expect(epuStateNumber('600-RUNNING')).toBe(600)
    expect(epuStateNumber('950-REJECTED')).toBe(950)
    expect(epuStateNumber('')).toBeUndefined()
    expect(epuStateNumber('RUNNING')).toBeUndefined()
    expect(isEpuRunning(EPU_STATES.RUNNING)).toBe(true)
    expect(isEpuRunning('500-STARTED')).toBe(false)
    expect(Object.values(EPU_STATES).filter(isEpuFailed)).toEqual(['650-RUNNING_FAILED', '700-TERMINATING', '800-TERMINATED', '900-FAILED', '950-REJECTED'])
    expect(isEpuFailed('300-ERROR_RETRYING')).toBe(false)
    expect(isEpuFailed('')).toBe(false)
  })
})
