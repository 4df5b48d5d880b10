// test/infra/service.test.ts — startManagerService: every route's status and body, auth, limits, errors, concurrency and close().
import { request as httpRequest, Agent } from 'node:http'
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { isLoopback, startManagerService, type ManagerService, type ManagerServiceOptions } from '../../src/infra/service.js'
import { FAILING_YAML, FakeManager, STICKY_YAML, YAML } from './service-support.js'

const running: ManagerService[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()))
})

async function start(opts: Partial<ManagerServiceOptions> = {}): Promise<{ service: ManagerService; manager: FakeManager }> {
  const manager = (opts.manager as FakeManager | undefined) ?? new FakeManager()
  const service = await startManagerService({ port: 0, ...opts, manager })
  running.push(service)
  return { service, manager }
}

interface Answer {
  status: number
  headers: Headers
  json: Record<string, unknown>
}

async function call(service: ManagerService, method: string, p: string, init: { body?: string; type?: string; token?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (init.type) headers['content-type'] = init.type
  if (init.token) headers['authorization'] = `Bearer ${init.token}`
  const res = await fetch(`${service.url}${p}`, { method, headers, ...(init.body !== undefined ? { body: init.body } : {}) })
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> }
}

const create = async (service: ManagerService, yaml = YAML): Promise<string> => {
  const r = await call(service, 'POST', '/infrastructures/', { body: yaml, type: 'application/x-yaml' })
  expect(r.status).toBe(201)
  return r.json['infraid'] as string
}

describe('startManagerService routes', () => {
  it('POST /infrastructures/ deploys and answers 201 {infraid} with a Location', async () => {
    const { service, manager } = await start()
    const r = await call(service, 'POST', '/infrastructures/', { body: YAML, type: 'text/yaml; charset=utf-8' })
    expect(r.status).toBe(201)
    expect(r.json).toEqual({ infraid: 'infra-1' })
    expect(r.headers.get('location')).toBe('/infrastructures/infra-1')
    expect(r.headers.get('content-type')).toMatch(/^application\/json/)
    expect(manager.states.get('infra-1')?.status).toBe('ready')
  })

  it('accepts the path without a trailing slash, text/plain, no Content-Type and JSON', async () => {
    const { service } = await start()
    expect((await call(service, 'POST', '/infrastructures', { body: YAML, type: 'text/plain' })).status).toBe(201)
    expect((await call(service, 'POST', '/infrastructures/', { body: YAML })).status).toBe(201)
    const json = JSON.stringify({ infra_name: 'j', nodes: [{ name: 'a', type: 't' }] })
    expect((await call(service, 'POST', '/infrastructures/', { body: json, type: 'application/json' })).status).toBe(201)
  })

  it('refuses an empty body, a bad description, bad JSON (400) and other media types (415)', async () => {
    const { service } = await start()
    const empty = await call(service, 'POST', '/infrastructures/', { body: '', type: 'text/yaml' })
    expect(empty.status).toBe(400)
    expect(empty.json).toMatchObject({ error: { name: 'InputError' } })
    const bad = await call(service, 'POST', '/infrastructures/', { body: 'infra_name: Bad_Name\nnodes: []\n', type: 'text/yaml' })
    expect(bad.status).toBe(400)
    expect(bad.json).toMatchObject({ error: { name: 'InputError', code: 'InvalidDescription' } })
    expect((bad.json['error'] as { details: string[] }).details).toEqual([expect.stringContaining('infra_name'), 'nodes must not be empty'])
    expect((await call(service, 'POST', '/infrastructures/', { body: '{nope', type: 'application/json' })).status).toBe(400)
    const png = await call(service, 'POST', '/infrastructures/', { body: 'x', type: 'image/png' })
    expect(png.status).toBe(415)
    expect(png.json).toMatchObject({ error: { name: 'UnsupportedMediaTypeError' } })
  })

  it('a DeployError is a 422 carrying the report', async () => {
    const { service } = await start()
    const r = await call(service, 'POST', '/infrastructures/', { body: FAILING_YAML, type: 'application/x-yaml' })
    expect(r.status).toBe(422)
    expect(r.json).toMatchObject({
      error: { name: 'DeployError', code: 'rolled-back', report: { infraId: 'infra-1', failedNode: 'web', failedNodeId: 'web-1', reason: 'quota exceeded', rolledBack: ['db-1'], leftovers: [] } },
    })
    expect((r.json['error'] as { message: string }).message).toMatch(/failed at node web/)
  })

  it('GET /infrastructures/ lists ids under both spellings', async () => {
    const { service } = await start()
    expect((await call(service, 'GET', '/infrastructures/')).json).toEqual({ infrastructures: [], infrastuctures: [] })
    const a = await create(service)
    const b = await create(service)
    const r = await call(service, 'GET', '/infrastructures')
    expect(r.status).toBe(200)
    expect(r.json).toEqual({ infrastructures: [a, b], infrastuctures: [a, b] })
  })

  it('GET /infrastructures/{id} answers OCCO’s node report', async () => {
    const { service } = await start()
    const id = await create(service)
    const r = await call(service, 'GET', `/infrastructures/${id}`)
    expect(r.status).toBe(200)
    expect(r.json).toEqual({
      db: { instances: { 'db-1': { resource_address: '10.0.0.1', state: 'ready' } }, scaling: { actual: 1, target: 1, min: 1, max: 1 } },
      web: { instances: { 'web-1': { resource_address: '10.0.0.2', state: 'ready' } }, scaling: { actual: 1, target: 1, min: 1, max: 3 } },
    })
    expect((await call(service, 'GET', `/infrastructures/${id}/`)).status).toBe(200)
  })

  it('an unknown infra is a 404 with a JSON error, never a 200', async () => {
    const { service } = await start()
    for (const [m, p] of [['GET', '/infrastructures/nope'], ['DELETE', '/infrastructures/nope'], ['POST', '/infrastructures/nope/scaleup/web'], ['POST', '/infrastructures/nope/scaleto/web/2']] as const) {
      const r = await call(service, m, p)
      expect(r.status, `${m} ${p}`).toBe(404)
      expect(r.json).toMatchObject({ error: { name: 'NotFoundError' } })
    }
  })

  it('DELETE /infrastructures/{id} answers 200 {infraid}; leftovers make it a 502', async () => {
    const { service } = await start()
    const id = await create(service)
    const r = await call(service, 'DELETE', `/infrastructures/${id}`)
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ infraid: id, deleted: ['web-1', 'db-1'] })
    expect((await call(service, 'GET', `/infrastructures/${id}`)).status).toBe(404)
    const sticky = await create(service, STICKY_YAML)
    const bad = await call(service, 'DELETE', `/infrastructures/${sticky}`)
    expect(bad.status).toBe(502)
    expect(bad.json).toMatchObject({ error: { name: 'DestroyError', code: 'leftovers', infraid: sticky, leftovers: [{ nodeId: 'db-1' }] } })
  })

  it('scaleup adds 1 or count to the target, clamped to max', async () => {
    const { service } = await start()
    const id = await create(service)
    const one = await call(service, 'POST', `/infrastructures/${id}/scaleup/web`)
    expect(one.status).toBe(200)
    expect(one.json).toEqual({ method: 'scaleup', infraid: id, nodename: 'web', count: 1, target: 2, created: ['web-2'], deleted: [] })
    const many = await call(service, 'POST', `/infrastructures/${id}/scaleup/web/5/`)
    expect(many.json).toEqual({ method: 'scaleup', infraid: id, nodename: 'web', count: 5, target: 3, created: ['web-3'], deleted: [] })
  })

  it('scaledown removes the newest, or a given newest instance; refuses others', async () => {
    const { service } = await start()
    const id = await create(service)
    await call(service, 'POST', `/infrastructures/${id}/scaleto/web/3`)
    const auto = await call(service, 'POST', `/infrastructures/${id}/scaledown/web`)
    expect(auto.json).toEqual({ method: 'scaledown', infraid: id, nodename: 'web', nodeid: null, target: 2, created: [], deleted: ['web-3'] })
    const given = await call(service, 'POST', `/infrastructures/${id}/scaledown/web/web-2`)
    expect(given.status).toBe(200)
    expect(given.json).toMatchObject({ nodeid: 'web-2', target: 1, deleted: ['web-2'] })
    expect((await call(service, 'POST', `/infrastructures/${id}/scaledown/web/web-9`)).status).toBe(404)
    // At min: the given (newest) instance cannot go.
    const atMin = await call(service, 'POST', `/infrastructures/${id}/scaledown/web/web-1`)
    expect(atMin.status).toBe(409)
    await call(service, 'POST', `/infrastructures/${id}/scaleto/web/3`)
    const older = await call(service, 'POST', `/infrastructures/${id}/scaledown/web/web-1`)
    expect(older.status).toBe(501)
    expect(older.json).toMatchObject({ error: { name: 'NotImplementedError' } })
  })

  it('scaledown by id uses dropInstance when the manager has it', async () => {
    const manager = new FakeManager()
    const dropped: string[] = []
    Object.assign(manager, { dropInstance: async (_id: string, node: string, nodeId: string) => (dropped.push(nodeId), { node, target: 1, deleted: [nodeId] }) })
    const { service } = await start({ manager })
    const id = await create(service)
    await call(service, 'POST', `/infrastructures/${id}/scaleto/web/2`)
    const r = await call(service, 'POST', `/infrastructures/${id}/scaledown/web/web-1`)
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ method: 'scaledown', nodeid: 'web-1', target: 1, deleted: ['web-1'] })
    expect(dropped).toEqual(['web-1'])
  })

  it('scaleto sets the count (clamped); bad counts are 400, unknown nodes 404', async () => {
    const { service } = await start()
    const id = await create(service)
    const r = await call(service, 'POST', `/infrastructures/${id}/scaleto/web/0`)
    expect(r.json).toEqual({ method: 'scaleto', infraid: id, nodename: 'web', count: 0, target: 1, created: [], deleted: [] })
    expect((await call(service, 'POST', `/infrastructures/${id}/scaleto/web/2`)).json).toMatchObject({ target: 2, created: ['web-2'] })
    expect((await call(service, 'POST', `/infrastructures/${id}/scaleto/web/-1`)).status).toBe(400)
    expect((await call(service, 'POST', `/infrastructures/${id}/scaleup/web/two`)).status).toBe(400)
    const unknown = await call(service, 'POST', `/infrastructures/${id}/scaleup/cache`)
    expect(unknown.status).toBe(404)
    expect(unknown.json).toMatchObject({ error: { name: 'NotFoundError', message: expect.stringContaining('cache') } })
  })

  it('unknown routes are 404, wrong methods 405 with Allow, bad encodings 400', async () => {
    const { service } = await start()
    const nothing = await call(service, 'GET', '/info/x')
    expect(nothing.status).toBe(404)
    expect(nothing.json).toMatchObject({ error: { name: 'NotFoundError' } })
    const put = await call(service, 'PUT', '/infrastructures/')
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, POST')
    const get = await call(service, 'GET', '/infrastructures/x/scaleup/web')
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    expect((await call(service, 'POST', '/infrastructures/x')).headers.get('allow')).toBe('GET, DELETE')
    expect((await call(service, 'GET', '/infrastructures/%E0%A4%A')).status).toBe(400)
  })

  it('an error that is not strato’s is a 500 that does not repeat its message, and is logged', async () => {
    const errors: unknown[] = []
    const logger = { debug() {}, info() {}, warn() {}, error: (o: object) => errors.push(o) }
    const manager = new FakeManager()
    manager.listThrows = new TypeError('secret internals')
    const { service } = await start({ manager, logger })
    const r = await call(service, 'GET', '/infrastructures/')
    expect(r.status).toBe(500)
    expect(JSON.stringify(r.json)).not.toContain('secret')
    expect(r.json).toMatchObject({ error: { name: 'InternalError' } })
    expect(errors).toEqual([expect.objectContaining({ err: 'secret internals' })])
  })
})

describe('startManagerService auth', () => {
  it('needs the bearer token when one is set', async () => {
    const { service } = await start({ token: 's3cret' })
    const none = await call(service, 'GET', '/infrastructures/')
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(none.json).toMatchObject({ error: { name: 'UnauthorizedError' } })
    expect((await call(service, 'GET', '/infrastructures/', { token: 's3cre' })).status).toBe(401)
    expect((await call(service, 'GET', '/infrastructures/', { token: 's3cretX' })).status).toBe(401)
    // Unknown routes are not revealed without the token.
    expect((await call(service, 'GET', '/elsewhere')).status).toBe(401)
    expect((await call(service, 'GET', '/infrastructures/', { token: 's3cret' })).status).toBe(200)
    const basic = await fetch(`${service.url}/infrastructures/`, { headers: { authorization: 'Basic s3cret' } })
    expect(basic.status).toBe(401)
    await basic.body?.cancel()
  })

  it('refuses a non-loopback host without a token, before listening', async () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.1', 'example.com']) {
      await expect(startManagerService({ manager: new FakeManager(), host, port: 0 })).rejects.toBeInstanceOf(InputError)
    }
    const open = await start({ host: '0.0.0.0', token: 't' })
    expect(open.service.port).toBeGreaterThan(0)
    await expect(startManagerService({ manager: new FakeManager(), port: 0, token: '' })).rejects.toBeInstanceOf(InputError)
  })

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) expect(isLoopback(h), h).toBe(true)
    for (const h of ['0.0.0.0', '::', '128.0.0.1', '10.0.0.1', 'localhost.example.com', '']) expect(isLoopback(h), h).toBe(false)
  })

  it('binds ::1 and reports a bracketed URL', async () => {
    const { service } = await start({ host: '::1' })
    expect(service.url).toBe(`http://[::1]:${service.port}`)
    expect((await call(service, 'GET', '/infrastructures/')).status).toBe(200)
  })
})

describe('startManagerService limits and lifecycle', () => {
  it('answers 413 to a declared Content-Length over the limit without waiting for the body', async () => {
    const { service } = await start({ maxBodyBytes: 1024 })
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${service.url}/infrastructures/`, { method: 'POST', headers: { 'content-type': 'text/yaml', 'content-length': String(10 * 1024 * 1024) } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
        req.destroy()
      })
      req.on('error', reject)
      // Only a sliver of the announced 10 MiB is ever sent.
      req.write('x'.repeat(100))
    })
    expect(status).toBe(413)
  })

  it('answers 413 to a chunked body once it passes the limit', async () => {
    const { service, manager } = await start({ maxBodyBytes: 1024 })
    const r = await new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
      const req = httpRequest(`${service.url}/infrastructures/`, { method: 'POST', headers: { 'content-type': 'text/yaml', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (c: string) => (body += c))
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection })
          req.destroy()
        })
      })
      req.on('error', reject)
      req.write(`# ${'y'.repeat(2000)}\n`)
    })
    expect(r.status).toBe(413)
    expect(r.connection).toBe('close')
    expect(JSON.parse(r.body)).toMatchObject({ error: { name: 'PayloadTooLargeError' } })
    expect(manager.states.size).toBe(0)
    // A body within the limit still works.
    expect((await call(service, 'POST', '/infrastructures/', { body: YAML, type: 'text/yaml' })).status).toBe(201)
  })

  it('serves concurrent requests independently', async () => {
    const manager = new FakeManager()
    manager.deployDelayMs = 50
    const { service } = await start({ manager })
    const started = Date.now()
    const ids = await Promise.all(Array.from({ length: 12 }, () => create(service)))
    expect(new Set(ids).size).toBe(12)
    // Twelve 50 ms deploys in parallel, not one after another.
    expect(Date.now() - started).toBeLessThan(12 * 50)
    const [list, ...reports] = await Promise.all([call(service, 'GET', '/infrastructures/'), ...ids.map((id) => call(service, 'GET', `/infrastructures/${id}`))])
    expect((list!.json['infrastructures'] as string[]).sort()).toEqual([...ids].sort())
    expect(reports.every((r) => r.status === 200)).toBe(true)
  })

  it('close() ends keep-alive sockets, stops listening and can be called twice', async () => {
    const { service } = await start()
    const agent = new Agent({ keepAlive: true })
    let socketClosed = false
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${service.url}/infrastructures/`, { agent }, (res) => {
        res.resume()
        res.on('end', resolve)
      })
      req.on('socket', (s) => s.once('close', () => (socketClosed = true)))
      req.on('error', reject).end()
    })
    await Promise.all([service.close(), service.close()])
    await new Promise((r) => setTimeout(r, 20))
    expect(socketClosed).toBe(true)
    const refused = await new Promise<string>((resolve) => {
      const s = connect(service.port, '127.0.0.1')
      s.on('connect', () => (s.destroy(), resolve('connected')))
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
    })
    expect(refused).toBe('ECONNREFUSED')
    agent.destroy()
  })

  it('close() lets a request in progress finish, with Connection: close', async () => {
    const manager = new FakeManager()
    manager.deployDelayMs = 100
    const { service } = await start({ manager })
    const pending = fetch(`${service.url}/infrastructures/`, { method: 'POST', body: YAML, headers: { 'content-type': 'text/yaml' } })
    await new Promise((r) => setTimeout(r, 30))
    const closed = service.close()
    const res = await pending
    expect(res.status).toBe(201)
    expect(res.headers.get('connection')).toBe('close')
    await res.body?.cancel()
    await closed
  })

  it('checks its options', async () => {
    const manager = new FakeManager()
    await expect(startManagerService({ manager, port: -1 })).rejects.toBeInstanceOf(InputError)
    await expect(startManagerService({ manager, port: 0, maxBodyBytes: 0 })).rejects.toBeInstanceOf(InputError)
    await expect(startManagerService({} as ManagerServiceOptions)).rejects.toBeInstanceOf(InputError)
    const { service } = await start()
    await expect(startManagerService({ manager, port: service.port })).rejects.toMatchObject({ code: 'EADDRINUSE' })
  })
})
