// test/infra/service-client.test.ts — InfraServiceClient against strato's manager service and against a fake OCCO that answers 200-with-error.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { BadRequestError, ConflictError, NotFoundError, ResponseError, ServerError, UnauthorizedError } from '../../src/core/errors.js'
import { DeployError } from '../../src/infra/deploy-error.js'
import type { ResourceHandler } from '../../src/infra/handler-types.js'
import { InfraManager } from '../../src/infra/manager.js'
import { MemoryStore } from '../../src/infra/store-memory.js'
import { startManagerService, type ManagerService } from '../../src/infra/service.js'
import { InfraServiceClient } from '../../src/infra/service-client.js'
import { FAILING_YAML, FakeManager, STICKY_YAML, YAML } from './service-support.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()))
})

async function strato(token?: string): Promise<{ service: ManagerService; client: InfraServiceClient; manager: FakeManager }> {
  const manager = new FakeManager()
  const service = await startManagerService({ manager, port: 0, ...(token ? { token } : {}) })
  const client = new InfraServiceClient({ endpoint: service.url, retry: false, ...(token ? { token } : {}) })
  cleanups.push(() => client.close(), () => service.close())
  return { service, client, manager }
}

describe('InfraServiceClient against strato’s service', () => {
  it('creates, lists, reports, scales and deletes', async () => {
    const { client } = await strato('tok')
    const id = await client.create(YAML)
    expect(id).toBe('infra-1')
    expect(await client.create({ infra_name: 'second', nodes: [{ name: 'a', type: 't' }] })).toBe('infra-2')
    expect(await client.list()).toEqual(['infra-1', 'infra-2'])
    expect((await client.get(id)).web).toEqual({ instances: { 'web-1': { resource_address: '10.0.0.2', state: 'ready' } }, scaling: { actual: 1, target: 1, min: 1, max: 3 } })
    expect(await client.scaleUp(id, 'web')).toMatchObject({ method: 'scaleup', infraid: id, nodename: 'web', count: 1, target: 2, created: ['web-2'] })
    expect(await client.scaleUp(id, 'web', 4)).toMatchObject({ count: 4, target: 3 })
    expect(await client.scaleDown(id, 'web')).toMatchObject({ method: 'scaledown', nodeid: null, deleted: ['web-3'] })
    expect(await client.scaleDown(id, 'web', 'web-2')).toMatchObject({ nodeid: 'web-2', deleted: ['web-2'] })
    expect(await client.scaleTo(id, 'web', 2)).toMatchObject({ method: 'scaleto', count: 2, target: 2 })
    await client.delete(id)
    expect(await client.list()).toEqual(['infra-2'])
  })

  it('maps the service’s errors by status, code and details kept', async () => {
    const { client } = await strato('tok')
    await expect(client.get('nope')).rejects.toBeInstanceOf(NotFoundError)
    const bad = await client.create('infra_name: Bad_Name\nnodes: []\n').catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(BadRequestError)
    expect(bad).toMatchObject({ status: 400, code: 'InvalidDescription' })
    const id = await client.create(YAML)
    await expect(client.scaleDown(id, 'web', 'web-1')).rejects.toBeInstanceOf(ConflictError)
  })

  it('rebuilds a DeployError with the server’s report', async () => {
    const { client } = await strato()
    const e = await client.create(FAILING_YAML).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(DeployError)
    expect((e as DeployError).status).toBe(422)
    expect((e as DeployError).report).toEqual({ infraId: 'infra-1', failedNode: 'web', failedNodeId: 'web-1', reason: 'quota exceeded', aborted: false, rolledBack: ['db-1'], leftovers: [] })
  })

  it('a delete with leftovers is a ServerError with code leftovers', async () => {
    const { client } = await strato()
    const id = await client.create(STICKY_YAML)
    const e = await client.delete(id).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ServerError)
    expect(e).toMatchObject({ status: 502, code: 'leftovers', details: [expect.stringContaining('db-1')] })
  })

  it('a missing or wrong token is an UnauthorizedError; a token function works', async () => {
    const { service } = await strato('right')
    const none = new InfraServiceClient({ endpoint: service.url, retry: false })
    const wrong = new InfraServiceClient({ endpoint: service.url, token: 'wrong', retry: false })
    const fn = new InfraServiceClient({ endpoint: service.url, token: async () => 'right', retry: false })
    cleanups.push(() => none.close(), () => wrong.close(), () => fn.close())
    await expect(none.list()).rejects.toBeInstanceOf(UnauthorizedError)
    await expect(wrong.list()).rejects.toBeInstanceOf(UnauthorizedError)
    expect(await fn.list()).toEqual([])
  })
})

describe('InfraServiceClient and the service over a real InfraManager', () => {
  it('deploys, reports, scales, fails with a real report and destroys', async () => {
    const live = new Set<string>()
    let n = 0
    const thing: ResourceHandler = {
      async create(ctx) {
        if (ctx.variables['fail'] === true) throw new Error('no capacity')
        const ref = `thing-${++n}`
        await ctx.created(ref)
        live.add(ref)
        return { ref, address: `198.51.100.${n}` }
      },
      async delete(ref) {
        live.delete(ref as string)
      },
    }
    const impl = [{ resource: { type: 'test.thing' } }]
    const manager = new InfraManager({ store: new MemoryStore(), handlers: { 'test.thing': thing }, nodeDefinitions: { mysql_node: impl, web_node: impl } })
    const service = await startManagerService({ manager, port: 0 })
    const client = new InfraServiceClient({ endpoint: service.url, retry: false })
    cleanups.push(() => client.close(), () => service.close())

    const id = await client.create(YAML)
    expect(live.size).toBe(2)
    const report = await client.get(id)
    expect(report.web?.scaling).toEqual({ actual: 1, target: 1, min: 1, max: 3 })
    expect(Object.values(report.db!.instances)).toEqual([{ resource_address: expect.stringMatching(/^198\.51\.100\./), state: 'ready' }])
    expect(await client.scaleUp(id, 'web', 5)).toMatchObject({ target: 3, created: [expect.any(String), expect.any(String)] })
    expect(live.size).toBe(4)
    expect(await client.scaleTo(id, 'web', 1)).toMatchObject({ target: 1, deleted: [expect.any(String), expect.any(String)] })
    expect(await client.list()).toEqual([id])

    const failing = YAML.replace('infra_name: demo', 'infra_name: bad').replace('{name: web, type: web_node,', '{name: web, type: web_node, variables: {fail: true},')
    const e = await client.create(failing).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(DeployError)
    expect((e as DeployError).report).toMatchObject({ failedNode: 'web', reason: expect.stringContaining('no capacity'), leftovers: [] })
    expect((e as DeployError).report.rolledBack.length).toBeGreaterThan(0)
    expect(live.size).toBe(2)

    await client.delete(id)
    expect(live.size).toBe(0)
    await expect(client.get(id)).rejects.toBeInstanceOf(NotFoundError)
  })
})

/** A scripted OCCO: Flask's answers, errors as HTTP 200 `{status_code, reason, message}`. */
async function fakeOcco(routes: Record<string, (req: IncomingMessage, body: string) => { status?: number; json: unknown }>): Promise<{ url: string; seen: { method: string; url: string; type: string | undefined; body: string }[] }> {
  const seen: { method: string; url: string; type: string | undefined; body: string }[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8').on('data', (c: string) => (body += c))
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, type: req.headers['content-type'], body })
      const route = routes[`${req.method} ${req.url}`]
      const answer = route ? route(req, body) : { status: 404, json: { message: 'Not Found' } }
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => new Promise((r) => server.close(() => r())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

const occoError = (status_code: number, reason: string, message = '') => ({ json: { status_code, reason, message } })

describe('InfraServiceClient against OCCO', () => {
  it('speaks OCCO’s routes and shapes (misspelt list key, 200 for create, queued scaling)', async () => {
    const occo = await fakeOcco({
      'POST /infrastructures/': () => ({ json: { infraid: 'f00-ba4' } }),
      'GET /infrastructures/': () => ({ json: { infrastuctures: ['f00-ba4', 'c0ffee'] } }),
      'GET /infrastructures/f00-ba4': () => ({ json: { web: { instances: { 'n-1': { resource_address: '192.0.2.7', state: 'ready' } }, scaling: { actual: 1, target: 2, min: 1, max: 4 } } } }),
      'POST /infrastructures/f00-ba4/scaleup/web/2': () => ({ json: { method: 'scaleup', infraid: 'f00-ba4', nodename: 'web', count: 2 } }),
      'POST /infrastructures/f00-ba4/scaledown/web': () => ({ json: { method: 'scaledown', infraid: 'f00-ba4', nodename: 'web', nodeid: null } }),
      'DELETE /infrastructures/f00-ba4': () => ({ json: { infraid: 'f00-ba4' } }),
    })
    const client = new InfraServiceClient({ endpoint: occo.url, retry: false })
    cleanups.push(() => client.close())
    expect(await client.create(YAML)).toBe('f00-ba4')
    expect(occo.seen[0]).toMatchObject({ method: 'POST', url: '/infrastructures/', type: 'application/x-yaml', body: YAML })
    expect(await client.list()).toEqual(['f00-ba4', 'c0ffee'])
    expect((await client.get('f00-ba4')).web?.scaling).toEqual({ actual: 1, target: 2, min: 1, max: 4 })
    expect(await client.scaleUp('f00-ba4', 'web', 2)).toEqual({ method: 'scaleup', infraid: 'f00-ba4', nodename: 'web', count: 2 })
    expect(await client.scaleDown('f00-ba4', 'web')).toMatchObject({ method: 'scaledown', nodeid: null })
    await client.delete('f00-ba4')
    expect(occo.seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/infrastructures/f00-ba4' })
  })

  it('reads OCCO 2015’s `infrastructures`, with ids or objects', async () => {
    const occo = await fakeOcco({ 'GET /infrastructures/': () => ({ json: { infrastructures: ['a', { infraid: 'b' }, { id: 'c' }] } }) })
    const client = new InfraServiceClient({ endpoint: occo.url, retry: false })
    cleanups.push(() => client.close())
    expect(await client.list()).toEqual(['a', 'b', 'c'])
  })

  it('turns 200-with-error bodies into the right ClientErrors', async () => {
    const occo = await fakeOcco({
      'GET /infrastructures/gone': () => occoError(300, "ERROR: infrastructure 'gone' does not exist!"),
      'POST /infrastructures/x/scaleup/cache': () => occoError(300, "ERROR: node 'cache does not exist in infrastructure 'x'!"),
      'POST /infrastructures/x/scaleto/web/2': () => occoError(300, 'ERROR: Infrastructure x already being maintained!'),
      'POST /infrastructures/': (_req, body) => (body ? occoError(400, 'Schema error: nodes is required') : occoError(400, 'Empty POST data')),
      'POST /infrastructures/x/scaledown/web': () => occoError(404, 'Key not found: "x"', 'details here'),
      'DELETE /infrastructures/x': () => occoError(301, 'something new'),
      'GET /infrastructures/': () => ({ status: 500, json: { message: 'redis is down' } }),
    })
    const client = new InfraServiceClient({ endpoint: occo.url, retry: false })
    cleanups.push(() => client.close())
    const gone = await client.get('gone').catch((e: unknown) => e)
    expect(gone).toBeInstanceOf(NotFoundError)
    expect(gone).toMatchObject({ status: 300, code: 'occo-300', message: expect.stringContaining("infrastructure 'gone' does not exist") })
    await expect(client.scaleUp('x', 'cache')).rejects.toBeInstanceOf(NotFoundError)
    const busy = await client.scaleTo('x', 'web', 2).catch((e: unknown) => e)
    expect(busy).toBeInstanceOf(ConflictError)
    expect(busy).not.toBeInstanceOf(NotFoundError)
    const schema = await client.create('infra_name: x\n').catch((e: unknown) => e)
    expect(schema).toBeInstanceOf(BadRequestError)
    expect(schema).toMatchObject({ status: 400, message: expect.stringContaining('nodes is required') })
    const missing = await client.scaleDown('x', 'web').catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(NotFoundError)
    expect(missing).toMatchObject({ status: 404, details: ['details here'] })
    await expect(client.delete('x')).rejects.toBeInstanceOf(ResponseError)
    const down = await client.list().catch((e: unknown) => e)
    expect(down).toBeInstanceOf(ServerError)
    expect((down as ServerError).message).toContain('redis is down')
  })

  it('an answer that is not JSON, or of the wrong shape, is a ResponseError', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/infrastructures/') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hi</html>')
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"weird": true}')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise((r) => server.close(() => r())))
    const client = new InfraServiceClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, retry: false })
    cleanups.push(() => client.close())
    await expect(client.list()).rejects.toBeInstanceOf(ResponseError)
    await expect(client.scaleTo('a', 'b', 1)).rejects.toBeInstanceOf(ResponseError)
  })
})
