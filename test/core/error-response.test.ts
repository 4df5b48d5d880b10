// test/core/error-response.test.ts — each error body format becomes the right ClientError with a useful message.
import { beforeAll, describe, expect, it } from 'vitest'
import { errorFromResponse, parseErrorBody } from '../../src/core/error-response.js'
import {
  BadRequestError,
  ClientError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitError,
  ServerError,
  UnauthorizedError,
} from '../../src/core/errors.js'
import { loadXmlParser } from '../../src/core/xml.js'

beforeAll(() => loadXmlParser())

const err = (status: number, body: string, headers: Record<string, string> = {}, method = 'GET', url = 'http://h/v2.1/servers/abc') =>
  errorFromResponse({ status, headers: new Headers(headers), body, method, url })

describe('errorFromResponse: body formats', () => {
  it('Nova fault', () => {
    const e = err(404, '{"itemNotFound": {"message": "Instance abc could not be found.", "code": 404}}', { 'x-compute-request-id': 'req-9' })
    expect(e).toBeInstanceOf(NotFoundError)
    expect(e.message).toBe('404 Not Found: GET /v2.1/servers/abc: itemNotFound (Instance abc could not be found.)')
    expect(e).toMatchObject({ code: 'itemNotFound', requestId: 'req-9', status: 404, retryable: false })
  })

  it('Nova overLimit is a RateLimitError with its retryAfter, even as 403 or 413', () => {
    for (const status of [403, 413]) {
      const e = err(status, '{"overLimit": {"message": "This request was rate-limited.", "code": 413, "retryAfter": "7"}}')
      expect(e).toBeInstanceOf(RateLimitError)
      expect(e).toMatchObject({ code: 'overLimit', retryAfterMs: 7000, retryable: true })
    }
  })

  it('Neutron fault uses its type as the code and keeps detail', () => {
    const e = err(409, '{"NeutronError": {"type": "IpAddressInUse", "message": "IP 10.0.0.5 is in use.", "detail": "port p1"}}')
    expect(e).toBeInstanceOf(ConflictError)
    expect(e).toMatchObject({ code: 'IpAddressInUse', details: ['port p1'] })
  })

  it('Keystone error', () => {
    const e = errorFromResponse({
      status: 401,
      headers: new Headers({ 'x-openstack-request-id': 'req-k' }),
      body: '{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}',
      method: 'POST',
      url: 'http://ks/v3/auth/tokens',
    })
    expect(e).toBeInstanceOf(UnauthorizedError)
    expect(e.message).toBe('401 Unauthorized: POST /v3/auth/tokens: Unauthorized (The request you have made requires authentication.)')
    expect(e.requestId).toBe('req-k')
  })

  it('API-WG flat body (Valence) and the errors list', () => {
    const flat = err(400, '{"request_id": "r-1", "code": "BadRequest", "status": 400, "title": "Bad Request", "detail": "url must not end with /"}')
    expect(flat).toBeInstanceOf(BadRequestError)
    expect(flat).toMatchObject({ code: 'BadRequest', requestId: 'r-1' })
    expect(flat.message).toContain('BadRequest (url must not end with /)')
    const list = err(409, '{"errors": [{"code": "Conflict", "title": "Conflict", "detail": "device in use", "status": 409}, {"title": "x", "detail": "also this"}]}')
    expect(list).toMatchObject({ code: 'Conflict', details: ['also this'] })
    expect(list.message).toContain('(device in use)')
  })

  it('Ironic-style error_message holding JSON', () => {
    const e = err(400, JSON.stringify({ error_message: JSON.stringify({ faultstring: 'Node n1 is locked', debuginfo: null }) }))
    expect(e.message).toContain('Node n1 is locked')
  })

  it('AWS ErrorResponse in both namespaces, and EC2 style', () => {
    for (const ns of ['http://autoscaling.amazonaws.com/doc/2011-01-01/', 'http://autoscaling.amazonaws.com/doc/2009-05-15/', '']) {
      const body = `<ErrorResponse${ns ? ` xmlns="${ns}"` : ''}><Error><Type>Sender</Type><Code>AlreadyExists</Code><Message>Launch configuration lc1 already exists &amp; is in use</Message></Error><RequestId>aws-1</RequestId></ErrorResponse>`
      const e = err(400, body, {}, 'POST', 'http://as/')
      expect(e).toBeInstanceOf(BadRequestError)
      expect(e).toMatchObject({ code: 'AlreadyExists', requestId: 'aws-1' })
      expect(e.message).toBe('400 Bad Request: POST /: AlreadyExists (Launch configuration lc1 already exists & is in use)')
    }
    const ec2 = err(400, '<?xml version="1.0"?><Response><Errors><Error><Code>InvalidAMIID.NotFound</Code><Message>no ami</Message></Error></Errors><RequestID>e-1</RequestID></Response>')
    expect(ec2).toMatchObject({ code: 'InvalidAMIID.NotFound', requestId: 'e-1' })
  })

  it('AWS Throttling (400) is a retryable RateLimitError', () => {
    const e = err(400, '<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>')
    expect(e).toBeInstanceOf(RateLimitError)
    expect(e.retryable).toBe(true)
  })

  it('Swift/webob HTML page', () => {
    const e = err(401, '<html><head><title>401 Unauthorized</title></head><body><h1>Unauthorized</h1><p>This server could not verify that you are authorized to access the document you requested.</p></body></html>', { 'x-trans-id': 'tx1' })
    expect(e).toBeInstanceOf(UnauthorizedError)
    expect(e.message).toBe('401 Unauthorized: GET /v2.1/servers/abc: This server could not verify that you are authorized to access the document you requested.')
    expect(e.requestId).toBe('tx1')
  })

  it('plain text: first line is the message, the rest details', () => {
    const e = err(412, 'Precondition Failed\nIf-Match did not match\nsecond line')
    expect(e).toBeInstanceOf(PreconditionFailedError)
    expect(e.details).toEqual(['If-Match did not match\nsecond line'])
    expect(e.message).toBe('412 Precondition Failed: GET /v2.1/servers/abc')
    const phantom = err(500, 'Domain d1 not found')
    expect(phantom.message).toBe('500 Internal Server Error: GET /v2.1/servers/abc: Domain d1 not found')
  })

  it('empty body and unknown JSON', () => {
    expect(err(503, '').message).toBe('503 Service Unavailable: GET /v2.1/servers/abc')
    const odd = err(500, '{"weird": 1, "shape": 2}')
    expect(odd).toBeInstanceOf(ServerError)
    expect(odd.details).toEqual(['{"weird": 1, "shape": 2}'])
  })
})

describe('errorFromResponse: classes, retry hints, safety', () => {
  it('maps statuses to classes', () => {
    const cases: [number, new (...a: never[]) => ClientError][] = [
      [400, BadRequestError], [401, UnauthorizedError], [403, ForbiddenError], [404, NotFoundError], [409, ConflictError],
      [412, PreconditionFailedError], [429, RateLimitError], [500, ServerError], [503, ServerError], [418, ClientError],
    ]
    for (const [status, Class] of cases) expect(err(status, '')).toBeInstanceOf(Class)
    expect(err(418, '').name).toBe('ClientError')
  })

  it('reads Retry-After in seconds and as an HTTP-date', () => {
    expect(err(429, '', { 'retry-after': '2' }).retryAfterMs).toBe(2000)
    const at = new Date(Date.now() + 5000).toUTCString()
    expect(err(503, '', { 'retry-after': at }).retryAfterMs).toBeGreaterThan(3000)
    expect(err(413, '', { 'retry-after': '1' }).retryable).toBe(true)
    expect(err(413, '').retryable).toBe(false)
  })

  it('applies redact to message and details', () => {
    const e = errorFromResponse({
      status: 400,
      headers: new Headers(),
      body: 'token gAAAAsecret-token is malformed\nrepeat gAAAAsecret-token',
      method: 'GET',
      url: 'http://h/x',
      redact: (t) => t.replaceAll('gAAAAsecret-token', '***'),
    })
    expect(JSON.stringify([e.message, e.details])).not.toContain('gAAAAsecret-token')
  })

  it('never throws on garbage, binary or huge bodies', () => {
    const bodies = ['{"unterminated', '<ErrorResponse><Error>', '\u0000\u0001\uFFFD', 'x'.repeat(5_000_000), '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', '[1,2]', 'null']
    for (const body of bodies) {
      const e = err(500, body)
      expect(e).toBeInstanceOf(ServerError)
      expect(e.message.length).toBeLessThan(3000)
      for (const d of e.details) expect(d.length).toBeLessThanOrEqual(2000)
    }
  })

  it('parseErrorBody sniffs JSON even without a JSON content type', () => {
    expect(parseErrorBody('  {"badRequest": {"message": "Invalid flavorRef", "code": 400}}', 'text/plain')).toMatchObject({ code: 'badRequest', message: 'Invalid flavorRef' })
  })
})

describe('errorInit', () => {
  it('copies every field but the cause, so a rebuilt error loses nothing', async () => {
    const { errorInit, ConflictError, BadRequestError } = await import('../../src/core/errors.js')
    const cause = new Error('inner')
    const e = new BadRequestError('m', { status: 400, details: ['d'], code: 'AlreadyExists', requestId: 'r', method: 'POST', url: 'http://h/', retryable: true, retryAfterMs: 5, cause })
    expect(errorInit(e)).toEqual({ status: 400, details: ['d'], code: 'AlreadyExists', requestId: 'r', method: 'POST', url: 'http://h/', retryAfterMs: 5, retryable: true })
    const rebuilt = new ConflictError(e.message, { ...errorInit(e), cause: e })
    expect(rebuilt).toMatchObject({ status: 400, code: 'AlreadyExists', requestId: 'r', retryable: true, retryAfterMs: 5 })
    expect(errorInit(new BadRequestError('bare'))).toEqual({ status: 0, details: [], retryable: false })
  })
})
