// test/eem/errors.test.ts — EEM error bodies (flat API-WG, {"errors": [...]}, EEM's {message, code}, text), password secrecy in logs/events/errors, abort, timeout, close.
import { delay, http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { AbortError, BadRequestError, ClientError, InputError, NotFoundError, ServerError, TimeoutError, UnauthorizedError } from '../../src/core/errors.js'
import type { Logger } from '../../src/core/events.js'
import { EemClient, PasswordScrubber } from '../../src/eem/index.js'
import { DEVICE, FakeValence, NODE, PODM, SECRET, V1, VALENCE, flatError, podManager } from './support.js'

const server = setupServer()
let valence: FakeValence
let eem: EemClient
let logged: string[]
let events: string[]

const logger: Logger = {
  debug: (o, m) => logged.push(JSON.stringify([o, m])),
  info: (o, m) => logged.push(JSON.stringify([o, m])),
  warn: (o, m) => logged.push(JSON.stringify([o, m])),
  error: (o, m) => logged.push(JSON.stringify([o, m])),
}

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
beforeEach(() => {
  valence = new FakeValence()
  server.use(...valence.handlers)
  logged = []
  events = []
  eem = new EemClient({ endpoint: VALENCE, logger, retry: { limit: 1, backoff: { baseMs: 1, maxMs: 2 } } })
  for (const name of ['request', 'response', 'retry', 'error'] as const) eem.on(name, (e: unknown) => events.push(JSON.stringify(e, (_k, v: unknown) => (v instanceof Error ? { message: v.message, details: (v as ClientError).details } : v))))
})
afterEach(async () => {
  await eem.close()
  server.resetHandlers()
})
afterAll(() => server.close())

const input = { name: 'eem1', url: 'http://10.0.0.5:30500/eem', driver: 'expether' as const, authentication: { username: 'admin', password: SECRET } }
const everything = (e: unknown): string => JSON.stringify({ e: e instanceof ClientError ? { message: e.message, details: e.details, code: e.code } : e, logged, events })

describe('error bodies on EEM routes', () => {
  it('Valence’s flat {request_id, code, status, title, detail} → class, code, requestId, message', async () => {
    valence.on(`GET /v1/nodes/${NODE}`, flatError(404, 'NotFound', 'Resource not found', `Node ${NODE} could not be found`))
    const e = await eem.nodes.get(NODE).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(NotFoundError)
    expect(e).toMatchObject({ status: 404, code: 'NotFound', requestId: 'req-7a1c', message: `404 Not Found: GET /v1/nodes/${NODE}: NotFound (Node ${NODE} could not be found)` })
  })

  it('API-WG {"errors": [...]} → the first as message and code, the rest in details', async () => {
    valence.on('POST /v1/flavors', {
      status: 400,
      json: { errors: [{ request_id: 'r1', code: 'ValidationError', status: 400, title: 'Validation Error', detail: "'name' is a required property" }, { code: 'ValidationError', detail: "'properties' is a required property" }] },
    })
    const e = await eem.flavors.create({ name: 'x', properties: {} }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(BadRequestError)
    expect(e).toMatchObject({ code: 'ValidationError', requestId: 'r1', details: ["'properties' is a required property"] })
    expect((e as Error).message).toContain("'name' is a required property")
  })

  it('other JSON ({message, code} as EEM sends), plain text and 401/500/503', async () => {
    valence.on('GET /v1/devices', { status: 500, json: { message: 'EEM unreachable', code: 'ExpEtherException' } })
    const e = await eem.devices.list().toArray().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ServerError)
    expect(e).toMatchObject({ code: 'ExpEtherException', message: '500 Internal Server Error: GET /v1/devices: ExpEtherException (EEM unreachable)' })
    expect(valence.seen).toHaveLength(2) // GET retried once on 500
    valence.on(`POST /v1/nodes/${NODE}/action`, flatError(401, 'AuthorizationFailure', 'Authorization failed', 'Invalid credentials passed'))
    await expect(eem.nodes.reset(NODE, 'On')).rejects.toSatisfy((x: unknown) => x instanceof UnauthorizedError && x.code === 'AuthorizationFailure')
    valence.on('GET /v1/flavors', { status: 502, text: 'Bad gateway\nupstream valence down', contentType: 'text/plain' })
    await expect(eem.flavors.list().toArray()).rejects.toMatchObject({ name: 'ServerError', status: 502, message: '502 Bad Gateway: GET /v1/flavors: Bad gateway', details: ['upstream valence down'] })
  })

  it('503 ServiceUnavailable on a GET is retried, then succeeds', async () => {
    let n = 0
    valence.on('GET /v1/pod_managers', () => (n++ === 0 ? flatError(503, 'ServiceUnavailable', 'Service unavailable', 'etcd down') : { json: [] }))
    expect(await eem.podManagers.list().toArray()).toEqual([])
    expect(events.some((e) => e.includes('"delayMs"'))).toBe(true)
  })

  it('a POST is not retried on 500', async () => {
    valence.on('POST /v1/nodes', flatError(500, 'ExpEtherException', 'Internal server error', 'Node has already maximun number of devices attached'))
    await expect(eem.nodes.compose({ name: 'n', properties: { pci_device: { type: ['SSD'] } } })).rejects.toBeInstanceOf(ServerError)
    expect(valence.seen).toHaveLength(1)
  })

  it('a body that is not JSON on success is a ResponseError', async () => {
    valence.on(`GET /v1/devices/${DEVICE}`, { text: '<html>proxy</html>', contentType: 'text/html' })
    await expect(eem.devices.get(DEVICE)).rejects.toMatchObject({ name: 'ResponseError', details: ['<html>proxy</html>'] })
  })
})

describe('pod manager passwords never leak', () => {
  it('not in errors, logs or events when Valence echoes them (text and JSON)', async () => {
    valence.on('POST /v1/pod_managers', flatError(400, 'ValidationError', 'Validation Error', `{'name': 'eem1', 'authentication': [{'type': 'basic', 'auth_items': {'username': 'admin', 'password': '${SECRET}'}}]} is not valid`))
    const e1 = await eem.podManagers.create(input).catch((x: unknown) => x)
    expect(e1).toBeInstanceOf(BadRequestError)
    expect((e1 as Error).message).toContain("'password': '***'")
    valence.on('PATCH /v1/pod_managers/' + PODM, { status: 409, json: { conflict: podManager(), message: 'duplicate' } })
    const e2 = await eem.podManagers.update(PODM, { name: 'x' }).catch((x: unknown) => x)
    expect(e2).toBeInstanceOf(ClientError)
    valence.on('GET /v1/pod_managers', { json: [{ ...podManager(), uuid: 42 }] })
    const e3 = await eem.podManagers.list().toArray().catch((x: unknown) => x)
    expect(e3).toMatchObject({ name: 'ResponseError' })
    expect((e3 as ClientError).details.join(' ')).toContain('"password":"***"')
    valence.on('GET /v1/pod_managers/' + PODM, { text: `not json ${SECRET}`, contentType: 'text/plain' })
    const e4 = await eem.podManagers.get(PODM).catch((x: unknown) => x)
    expect(e4).toMatchObject({ name: 'ResponseError' })
    expect((e4 as ClientError).cause).toBeUndefined()
    for (const e of [e1, e2, e3, e4]) expect(everything(e)).not.toContain(SECRET)
    expect(logged.length).toBeGreaterThan(0)
    expect(events.length).toBeGreaterThan(0)
  })

  it('a password first seen in a response is scrubbed from later errors', async () => {
    valence.on('GET /v1/pod_managers', { json: [podManager()] })
    await eem.podManagers.list().toArray()
    valence.on(`GET /v1/nodes/${NODE}`, flatError(500, 'ExpEtherException', 'Internal server error', `EEM login with ${SECRET} refused`))
    const e = await eem.nodes.get(NODE).catch((x: unknown) => x)
    expect((e as Error).message).toContain('EEM login with *** refused')
    expect(everything(e)).not.toContain(SECRET)
  })

  it('short passwords (admin) are scrubbed as whole words only', async () => {
    const s = new PasswordScrubber()
    s.add('admin')
    s.add('***')
    s.add('')
    expect(s.scrub('user admin/admin, administrator "admin"')).toBe('user ***/***, administrator "***"')
    valence.on('POST /v1/pod_managers', flatError(400, 'BadRequest', 'Bad Request', 'login admin:admin failed for administrator'))
    const e = await eem.podManagers.create({ ...input, authentication: { username: 'root', password: 'admin' } }).catch((x: unknown) => x)
    expect((e as Error).message).toContain('login ***:*** failed for administrator')
  })
})

describe('abort, timeout, close', () => {
  it('the caller’s signal rejects with AbortError, its reason as cause', async () => {
    server.use(http.get(`${V1}/devices`, async () => {
      await delay(5_000)
      return HttpResponse.json([])
    }))
    const ctl = new AbortController()
    const reason = new Error('user pressed Ctrl-C')
    setTimeout(() => ctl.abort(reason), 20)
    const e = await eem.devices.list({}, { signal: ctl.signal }).toArray().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AbortError)
    expect((e as AbortError).cause).toBe(reason)
    const pre = AbortSignal.abort(reason)
    await expect(eem.nodes.attach(NODE, DEVICE, { signal: pre })).rejects.toBeInstanceOf(AbortError)
  })

  it('timeoutMs per call rejects with TimeoutError', async () => {
    server.use(http.get(`${V1}/flavors`, async () => {
      await delay(5_000)
      return HttpResponse.json([])
    }))
    await expect(eem.flavors.list({ timeoutMs: 30 }).toArray()).rejects.toBeInstanceOf(TimeoutError)
  })

  it('close() makes later calls reject with InputError', async () => {
    await eem.close()
    await expect(eem.devices.get(DEVICE)).rejects.toBeInstanceOf(InputError)
    await expect(eem.systems.list(PODM).toArray()).rejects.toBeInstanceOf(InputError)
  })
})
