// test/eem/systems.test.ts — eem.systems/racks: GETs with a JSON body over node:http against a real local server (127.0.0.1, port 0).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AbortError, InputError, NotFoundError, TimeoutError } from '../../src/core/errors.js'
import { EemClient } from '../../src/eem/index.js'
import { PODM } from './support.js'

interface Got {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}
type Handler = (got: Got, res: ServerResponse) => void

let server: Server
let base: string
let got: Got[]
let handler: Handler
let eem: EemClient

const eesv = { id: '0x8cdf9d911cb0', type: '40g', pooled_group_id: '1234', mac_address: '8c:df:9d:91:1c:b0', name: 'eesv', power_state: 'on', description: 'EESV', ee_version: 'v1.0' }
const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

beforeEach(async () => {
  got = []
  handler = (_g, res) => send(res, 200, [eesv])
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const g = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() }
      got.push(g)
      handler(g, res)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  eem = new EemClient({ endpoint: base, retry: { limit: 1, backoff: { baseMs: 1, maxMs: 2 } }, headers: { 'X-Trace': 't1' } })
})
afterEach(async () => {
  await eem.close()
  // No closeAllConnections(): eem.close() must have released its keep-alive sockets.
  await new Promise<void>((r) => server.close(() => r()))
})

describe('systems and racks over node:http', () => {
  it('list GETs /v1/systems with the JSON body {podm_id} and returns the bare array', async () => {
    const seen: string[] = []
    eem.on('request', (e) => seen.push(`request ${e.method} ${e.url}`))
    eem.on('response', (e) => seen.push(`response ${e.status}`))
    expect(await eem.systems.list(PODM).toArray()).toEqual([eesv])
    expect(got).toHaveLength(1)
    expect(got[0]).toMatchObject({ method: 'GET', url: '/v1/systems', body: JSON.stringify({ podm_id: PODM }) })
    expect(got[0]!.headers['content-type']).toBe('application/json')
    expect(got[0]!.headers['x-trace']).toBe('t1')
    expect(got[0]!.headers['user-agent']).toMatch(/^strato\//)
    expect(seen).toEqual([`request GET ${base}/v1/systems`, 'response 200'])
  })

  it('a wrapped list and get by id (encoded), for systems and racks', async () => {
    handler = (g, res) => (g.url === '/v1/racks' ? send(res, 200, { racks: [{ id: 'r1' }] }) : send(res, 200, { id: decodeURIComponent(g.url.split('/').pop()!) }))
    expect(await eem.racks.list(PODM).toArray()).toEqual([{ id: 'r1' }])
    expect(await eem.racks.get(PODM, 'r/1')).toEqual({ id: 'r/1' })
    expect(await eem.systems.get(PODM, '0x8cdf9d911cb0')).toEqual({ id: '0x8cdf9d911cb0' })
    expect(got.map((g) => `${g.method} ${g.url} ${g.body}`)).toEqual([
      `GET /v1/racks {"podm_id":"${PODM}"}`,
      `GET /v1/racks/r%2F1 {"podm_id":"${PODM}"}`,
      `GET /v1/systems/0x8cdf9d911cb0 {"podm_id":"${PODM}"}`,
    ])
  })

  it('errors are mapped as for every call: flat body → NotFoundError with code and request id', async () => {
    handler = (_g, res) => send(res, 404, { request_id: 'req-9', code: 'NotFound', status: 404, title: 'Not Found', detail: `Podmanager ${PODM} not found` })
    const e = await eem.systems.get(PODM, 'x').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(NotFoundError)
    expect(e).toMatchObject({ code: 'NotFound', requestId: 'req-9', message: `404 Not Found: GET /v1/systems/x: NotFound (Podmanager ${PODM} not found)` })
  })

  it('a 503 is retried; a second 500 is a ServerError after one retry', async () => {
    let n = 0
    handler = (_g, res) => (n++ === 0 ? send(res, 503, { code: 'ServiceUnavailable', status: 503, title: 'Unavailable', detail: 'x' }) : send(res, 200, [eesv]))
    expect(await eem.systems.list(PODM).toArray()).toHaveLength(1)
    expect(got).toHaveLength(2)
    handler = (_g, res) => send(res, 500, { code: 'ExpEtherException', status: 500, title: 'Internal', detail: 'EEM down' })
    await expect(eem.systems.list(PODM).toArray()).rejects.toMatchObject({ name: 'ServerError', code: 'ExpEtherException' })
    expect(got).toHaveLength(4)
  })

  it('a body that is not JSON is a ResponseError; a connection refused is a NetworkError', async () => {
    handler = (_g, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('oops')
    }
    await expect(eem.systems.list(PODM).toArray()).rejects.toMatchObject({ name: 'ResponseError', details: ['oops'] })
    const dead = new EemClient({ endpoint: 'http://127.0.0.1:1', retry: 0 })
    await expect(dead.systems.list(PODM).toArray()).rejects.toMatchObject({ name: 'NetworkError' })
    await dead.close()
  })

  it('timeoutMs rejects with TimeoutError; the caller’s signal with AbortError', async () => {
    const pending: ServerResponse[] = []
    handler = (_g, res) => pending.push(res)
    await expect(eem.systems.list(PODM, { timeoutMs: 50 }).toArray()).rejects.toBeInstanceOf(TimeoutError)
    const ctl = new AbortController()
    const reason = new Error('stop')
    setTimeout(() => ctl.abort(reason), 30)
    const e = await eem.racks.get(PODM, 'r1', { signal: ctl.signal }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AbortError)
    expect((e as AbortError).cause).toBe(reason)
    for (const r of pending) r.destroy()
  })

  it('bad arguments are InputErrors before any request', async () => {
    await expect(eem.systems.list('').toArray()).rejects.toBeInstanceOf(InputError)
    await expect(eem.systems.get(PODM, '')).rejects.toBeInstanceOf(InputError)
    await expect(eem.racks.get('', 'r')).rejects.toBeInstanceOf(InputError)
    expect(got).toEqual([])
  })
})
