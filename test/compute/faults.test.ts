// test/compute/faults.test.ts — every Compute fault body (Nova's Fault wrapper, keystonemiddleware, proxies) as its ClientError, and which faults are retried.
import { http, HttpResponse } from 'msw'
import type { SetupServer } from 'msw/node'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  BadRequestError,
  ClientError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UnauthorizedError,
  type ClientErrorClass,
} from '../../src/core/errors.js'
import { ComputeClient, MicroversionError } from '../../src/compute/index.js'
import { SERVER_ID, createdBody, serverBody } from './fixtures.js'
import { type FixtureNova, useFixtureNova, NOVA, PROJECT, fault, type Reply } from './support.js'

let nova: FixtureNova
let compute: ComputeClient
let server: SetupServer
useFixtureNova({ retry: { backoff: { baseMs: 1, maxMs: 2 } } }, (n, c, s) => {
  nova = n
  compute = c
  server = s
})
afterEach(() => {
  vi.useRealTimers()
})

const SERVER = `/servers/${SERVER_ID}`
const ACTION = `${SERVER}/action`
const BOOT = { name: 'web1', imageRef: '70a599e0-31e7-49b7-b260-868f441e862b', flavorRef: '1', networks: 'auto' as const }

/** The ClientError a call rejects with (fails the test when it resolves or throws anything else). */
async function failure(call: () => Promise<unknown>): Promise<ClientError> {
  const outcome = await call().then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error }),
  )
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`)
  if (!(outcome.error instanceof ClientError)) throw new Error(`expected a ClientError, got ${String(outcome.error)}`)
  return outcome.error
}

/** The one-line message errorFromResponse builds: `404 Not Found: GET /v2.1/<project>/servers/x: itemNotFound (text)`. */
const line = (status: string, method: string, p: string, what?: string): string =>
  [status, `${method} /v2.1/${PROJECT}${p}`, what].filter(Boolean).join(': ')

interface Case {
  title: string
  reply: Reply
  Class: ClientErrorClass
  name: string
  status: number
  code: string | undefined
  message: string
  retryAfterMs?: number
}

describe('GET faults that are not retried', () => {
  const notFound = `Instance ${SERVER_ID} could not be found.`
  const policy = 'Policy doesn\'t allow os_compute_api:servers:show to be performed.'
  const mv = 'Version 2.99 is not supported by the API. Minimum is 2.1 and maximum is 2.96.'
  const cases: Case[] = [
    {
      title: '400 badRequest',
      reply: { status: 400, json: fault('badRequest', 400, 'Invalid input for query parameters limit.') },
      Class: BadRequestError,
      name: 'BadRequestError',
      status: 400,
      code: 'badRequest',
      message: line('400 Bad Request', 'GET', SERVER, 'badRequest (Invalid input for query parameters limit.)'),
    },
    {
      title: '401 from keystonemiddleware (not a Nova fault)',
      reply: {
        status: 401,
        json: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } },
        headers: { 'www-authenticate': 'Keystone uri="http://keystone.test/identity"' },
      },
      Class: UnauthorizedError,
      name: 'UnauthorizedError',
      status: 401,
      code: 'Unauthorized',
      message: line('401 Unauthorized', 'GET', SERVER, 'Unauthorized (The request you have made requires authentication.)'),
    },
    {
      title: '403 forbidden (policy)',
      reply: { status: 403, json: fault('forbidden', 403, policy) },
      Class: ForbiddenError,
      name: 'ForbiddenError',
      status: 403,
      code: 'forbidden',
      message: line('403 Forbidden', 'GET', SERVER, `forbidden (${policy})`),
    },
    {
      title: '404 itemNotFound',
      reply: { status: 404, json: fault('itemNotFound', 404, notFound) },
      Class: NotFoundError,
      name: 'NotFoundError',
      status: 404,
      code: 'itemNotFound',
      message: line('404 Not Found', 'GET', SERVER, `itemNotFound (${notFound})`),
    },
    {
      title: '406 computeFault for an unsupported microversion',
      reply: { status: 406, json: fault('computeFault', 406, mv) },
      Class: MicroversionError,
      name: 'MicroversionError',
      status: 406,
      code: 'computeFault',
      message: line('406 Not Acceptable', 'GET', SERVER, `computeFault (${mv})`),
    },
    {
      title: '501 notImplemented',
      reply: { status: 501, json: fault('notImplemented', 501, 'Unable to get diagnostics, functionality not implemented') },
      Class: ServerError,
      name: 'ServerError',
      status: 501,
      code: 'notImplemented',
      message: line('501 Not Implemented', 'GET', SERVER, 'notImplemented (Unable to get diagnostics, functionality not implemented)'),
    },
    {
      title: '501 HTTPNotImplemented',
      reply: { status: 501, json: fault('HTTPNotImplemented', 501, 'The requested functionality is not supported.') },
      Class: ServerError,
      name: 'ServerError',
      status: 501,
      code: 'HTTPNotImplemented',
      message: line('501 Not Implemented', 'GET', SERVER, 'HTTPNotImplemented (The requested functionality is not supported.)'),
    },
  ]

  it.each(cases)('$title → $name', async (c) => {
    nova.on('GET', SERVER, { ...c.reply, headers: { 'x-openstack-request-id': 'req-0f5e2b1c', 'x-compute-request-id': 'req-0f5e2b1c', ...c.reply.headers } })
    const err = await failure(() => compute.servers.get(SERVER_ID))
    expect(err).toBeInstanceOf(c.Class)
    expect(err.name).toBe(c.name)
    expect(err.status).toBe(c.status)
    expect(err.code).toBe(c.code)
    expect(err.message).toBe(c.message)
    expect(err.requestId).toBe('req-0f5e2b1c')
    expect(err.method).toBe('GET')
    expect(err.retryable).toBe(false)
    expect(nova.seen.length).toBe(1)
  })

  it('the microversion 406 keeps the core error as its cause', async () => {
    nova.on('GET', SERVER, { status: 406, json: fault('computeFault', 406, mv) })
    const err = await failure(() => compute.servers.get(SERVER_ID))
    expect(err).toBeInstanceOf(MicroversionError)
    expect(err.cause).toBeInstanceOf(ClientError)
    expect((err.cause as ClientError).name).toBe('ClientError')
  })

  it('takes the request id from x-compute-request-id when x-openstack-request-id is absent', async () => {
    server.use(
      http.get(`${NOVA}${SERVER}`, () =>
        HttpResponse.json(fault('itemNotFound', 404, notFound), { status: 404, headers: { 'x-compute-request-id': 'req-legacy-42' } }),
      ),
    )
    const err = await failure(() => compute.servers.get(SERVER_ID))
    expect(err).toBeInstanceOf(NotFoundError)
    expect(err.requestId).toBe('req-legacy-42')
  })
})

describe('POST faults', () => {
  const quota = 'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances'
  const crash = "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class 'nova.exception.NovaException'>"
  const cases: (Case & { call: 'create' | 'stop' })[] = [
    {
      title: '400 badRequest on create',
      call: 'create',
      reply: { status: 400, json: fault('badRequest', 400, 'Invalid flavorRef provided.') },
      Class: BadRequestError,
      name: 'BadRequestError',
      status: 400,
      code: 'badRequest',
      message: line('400 Bad Request', 'POST', '/servers', 'badRequest (Invalid flavorRef provided.)'),
    },
    {
      title: '409 conflictingRequest on an action',
      call: 'stop',
      reply: { status: 409, json: fault('conflictingRequest', 409, `Cannot 'os-stop' instance ${SERVER_ID} while it is in vm_state stopped`) },
      Class: ConflictError,
      name: 'ConflictError',
      status: 409,
      code: 'conflictingRequest',
      message: line('409 Conflict', 'POST', ACTION, `conflictingRequest (Cannot 'os-stop' instance ${SERVER_ID} while it is in vm_state stopped)`),
    },
    {
      title: '413 overLimit with Retry-After: 0 (quota, legacy v2)',
      call: 'create',
      reply: { status: 413, json: fault('overLimit', 413, quota, { retryAfter: '0' }), headers: { 'retry-after': '0' } },
      Class: RateLimitError,
      name: 'RateLimitError',
      status: 413,
      code: 'overLimit',
      message: line('413 Payload Too Large', 'POST', '/servers', `overLimit (${quota})`),
      retryAfterMs: 0,
    },
    {
      title: '413 overLimit with retryAfter only in the body',
      call: 'create',
      reply: { status: 413, json: fault('overLimit', 413, quota, { retryAfter: '7' }) },
      Class: RateLimitError,
      name: 'RateLimitError',
      status: 413,
      code: 'overLimit',
      message: line('413 Payload Too Large', 'POST', '/servers', `overLimit (${quota})`),
      retryAfterMs: 7000,
    },
    {
      title: '403 overLimit',
      call: 'create',
      reply: { status: 403, json: fault('overLimit', 403, quota, { retryAfter: '0' }), headers: { 'retry-after': '0' } },
      Class: RateLimitError,
      name: 'RateLimitError',
      status: 403,
      code: 'overLimit',
      message: line('403 Forbidden', 'POST', '/servers', `overLimit (${quota})`),
      retryAfterMs: 0,
    },
    {
      // What Nova v2.1 really sends for QuotaError: HTTPForbidden(headers={'Retry-After': 0}), whose
      // Fault key is `forbidden` (only 413/429 get `retryAfter` in the body).
      title: '403 forbidden "Quota exceeded" with Retry-After: 0 (Nova v2.1 quota)',
      call: 'create',
      reply: { status: 403, json: fault('forbidden', 403, quota), headers: { 'retry-after': '0' } },
      Class: RateLimitError,
      name: 'RateLimitError',
      status: 403,
      code: 'forbidden',
      message: line('403 Forbidden', 'POST', '/servers', `forbidden (${quota})`),
      retryAfterMs: 0,
    },
    {
      title: '500 computeFault',
      call: 'stop',
      reply: { status: 500, json: fault('computeFault', 500, crash) },
      Class: ServerError,
      name: 'ServerError',
      status: 500,
      code: 'computeFault',
      message: line('500 Internal Server Error', 'POST', ACTION, `computeFault (${crash.replace(/\s+/g, ' ')})`),
    },
    {
      title: '503 serviceUnavailable',
      call: 'create',
      reply: { status: 503, json: fault('serviceUnavailable', 503, 'Service Unavailable') },
      Class: ServerError,
      name: 'ServerError',
      status: 503,
      code: 'serviceUnavailable',
      // The text equals the status text, so only the code is repeated.
      message: line('503 Service Unavailable', 'POST', '/servers', 'serviceUnavailable'),
    },
    {
      title: '500 with an empty body',
      call: 'stop',
      reply: { status: 500 },
      Class: ServerError,
      name: 'ServerError',
      status: 500,
      code: undefined,
      message: line('500 Internal Server Error', 'POST', ACTION),
    },
  ]

  it.each(cases)('$title → $name, sent once', async (c) => {
    nova.on('POST', c.call === 'create' ? '/servers' : ACTION, c.reply)
    const err = await failure(() => (c.call === 'create' ? compute.servers.create(BOOT) : compute.servers.stop(SERVER_ID)))
    expect(err).toBeInstanceOf(c.Class)
    expect(err.name).toBe(c.name)
    expect(err.status).toBe(c.status)
    expect(err.code).toBe(c.code)
    expect(err.message).toBe(c.message)
    expect(err.requestId).toBe('req-fixture-0001')
    expect(err.method).toBe('POST')
    expect(err.retryAfterMs).toBe(c.retryAfterMs)
    expect(nova.seen.map((s) => s.method)).toEqual(['POST'])
  })

  it('a quota 403 is no ForbiddenError, a policy 403 stays one', async () => {
    nova.on('POST', '/servers', { status: 403, json: fault('forbidden', 403, 'Quota exceeded for cores: Requested 8, but already used 16 of 20 cores') })
    nova.on('POST', ACTION, { status: 403, json: fault('forbidden', 403, 'Policy doesn\'t allow os_compute_api:servers:stop to be performed.') })
    const quotaErr = await failure(() => compute.servers.create(BOOT))
    expect(quotaErr).toBeInstanceOf(RateLimitError)
    expect(quotaErr).not.toBeInstanceOf(ForbiddenError)
    expect(quotaErr.retryAfterMs).toBeUndefined()
    expect(quotaErr.cause).toBeInstanceOf(ForbiddenError)
    const policyErr = await failure(() => compute.servers.stop(SERVER_ID))
    expect(policyErr).toBeInstanceOf(ForbiddenError)
    expect(policyErr.code).toBe('forbidden')
  })

  it('Retry-After as an HTTP-date is the time left until then', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'))
    nova.on('POST', '/servers', { status: 413, json: fault('overLimit', 413, quota, { retryAfter: '30' }), headers: { 'retry-after': 'Sun, 01 Mar 2026 10:00:45 GMT' } })
    const err = await failure(() => compute.servers.create(BOOT))
    expect(err).toBeInstanceOf(RateLimitError)
    // The header wins over the body's retryAfter.
    expect(err.retryAfterMs).toBe(45_000)
    expect(nova.seen.length).toBe(1)
  })

  it('a POST that failed with a transient status is not repeated, even with retries configured', async () => {
    nova.on('POST', '/servers', { status: 502, text: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } })
    nova.on('POST', '/servers', { status: 202, json: createdBody() })
    const err = await failure(() => compute.servers.create(BOOT))
    expect(err).toBeInstanceOf(ServerError)
    expect(err.retryable).toBe(true)
    expect(nova.seen.length).toBe(1)
  })
})

describe('GET retries', () => {
  it('an HTML 502 from a proxy is a ServerError read from the page, retried 3 times by default', async () => {
    const page =
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n'
    nova.on('GET', SERVER, { status: 502, text: page, headers: { 'content-type': 'text/html', 'x-openstack-request-id': '' } })
    const err = await failure(() => compute.servers.get(SERVER_ID))
    expect(err).toBeInstanceOf(ServerError)
    expect(err.status).toBe(502)
    expect(err.code).toBeUndefined()
    expect(err.message).toBe(line('502 Bad Gateway', 'GET', SERVER, 'nginx/1.24.0'))
    expect(err.requestId).toBeUndefined()
    expect(err.retryable).toBe(true)
    expect(nova.seen.length).toBe(4)
  })

  it('GET 503 is retried and the call succeeds once Nova answers', async () => {
    nova.on('GET', SERVER, { status: 503, json: fault('serviceUnavailable', 503, 'Service Unavailable') }, 2)
    nova.on('GET', SERVER, { json: { server: serverBody() } })
    const retries: number[] = []
    compute.on('retry', (e) => retries.push(e.attempt))
    const s = await compute.servers.get(SERVER_ID)
    expect(s.id).toBe(SERVER_ID)
    expect(nova.seen.map((x) => x.method)).toEqual(['GET', 'GET', 'GET'])
    expect(retries).toEqual([1, 2])
  })

  it('GET 503 gives up after the default 3 retries with the last ServerError', async () => {
    nova.on('GET', SERVER, { status: 503, json: fault('serviceUnavailable', 503, 'Service Unavailable') })
    const err = await failure(() => compute.servers.get(SERVER_ID))
    expect(err).toBeInstanceOf(ServerError)
    expect(err).toMatchObject({ status: 503, code: 'serviceUnavailable', retryable: true })
    expect(nova.seen.length).toBe(4)
  })

  it('retry: false on the client sends a failing GET once', async () => {
    const once = new ComputeClient({ endpoint: NOVA, token: 'tok', retry: false })
    try {
      nova.on('GET', SERVER, { status: 503, json: fault('serviceUnavailable', 503, 'Service Unavailable') })
      await expect(once.servers.get(SERVER_ID)).rejects.toBeInstanceOf(ServerError)
      expect(nova.seen.length).toBe(1)
    } finally {
      await once.close()
    }
  })

  it('a 429 overLimit on GET waits its Retry-After and is retried', async () => {
    nova.on('GET', SERVER, { status: 429, json: fault('overLimit', 429, 'This request was rate-limited.', { retryAfter: '0' }), headers: { 'retry-after': '0' } }, 1)
    nova.on('GET', SERVER, { json: { server: serverBody() } })
    const s = await compute.servers.get(SERVER_ID)
    expect(s.status).toBe('ACTIVE')
    expect(nova.seen.length).toBe(2)
  })
})
