// test/testing/fake-swift-basics.test.ts — the fake Swift's auth, /info, accounts, containers and listings over plain fetch.
import { createHash } from 'node:crypto'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { KeystoneSession } from '../../src/auth/keystone.js'
import { createFakeCloud, type FakeCloud } from '../../src/testing/index.js'

const TX = /^tx[0-9a-f]{21}-[0-9a-f]{10}$/

describe('fake Swift basics through msw', () => {
  let cloud: FakeCloud
  let storage: string
  let token: string
  const msw = setupServer()
  beforeAll(async () => {
    cloud = await createFakeCloud()
    msw.use(...cloud.handlers)
    msw.listen({ onUnhandledFrame: 'error' })
    const session = await KeystoneSession.password({ authUrl: `${cloud.baseUrl}/identity/v3`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
    storage = await session.endpointFor('object-store')
    token = await session.token()
  })
  afterAll(() => msw.close())
  // Some tests move the fake clock past token lifetimes: every test starts with a fresh token.
  beforeEach(async () => {
    const session = await KeystoneSession.password({ authUrl: `${cloud.baseUrl}/identity/v3`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
    token = await session.token()
  })
  const req = (path: string, init: RequestInit = {}) => fetch(`${storage}${path}`, { ...init, headers: { 'X-Auth-Token': token, ...(init.headers as Record<string, string>) } })
  const json = async <T>(r: Response) => (await r.json()) as T

  it('is in the catalog as object-store with the project filled in, and /info needs no token', async () => {
    expect(storage).toBe(`${cloud.baseUrl}/swift/v1/AUTH_demo-project-id`)
    const info = await fetch(`${cloud.baseUrl}/swift/info`)
    expect(info.status).toBe(200)
    expect(info.headers.get('x-trans-id')).toMatch(TX)
    const body = await json<{ swift: { max_file_size: number; container_listing_limit: number }; slo: { max_manifest_segments: number; max_manifest_size: number; min_segment_size: number }; bulk_delete: { max_deletes_per_request: number }; tempurl: { methods: string[]; allowed_digests: string[] } }>(info)
    expect(body.swift.max_file_size).toBe(5_368_709_122)
    expect(body.swift.container_listing_limit).toBe(10_000)
    expect(body.slo).toMatchObject({ max_manifest_segments: 1000, max_manifest_size: 8 * 1024 * 1024, min_segment_size: 1 })
    expect(body.bulk_delete.max_deletes_per_request).toBe(10_000)
    expect(body.tempurl.methods).toEqual(['GET', 'HEAD', 'PUT', 'POST', 'DELETE'])
    expect(body.tempurl.allowed_digests).toEqual(['sha1', 'sha256', 'sha512'])
    cloud.swift.setLimits({ maxFileSize: 1024 })
    cloud.swift.disable('slo')
    const changed = await json<{ swift: { max_file_size: number }; slo?: unknown }>(await fetch(`${cloud.baseUrl}/swift/info`))
    expect(changed.swift.max_file_size).toBe(1024)
    expect(changed.slo).toBeUndefined()
    cloud.swift.setLimits({ maxFileSize: 5_368_709_122 })
    cloud.swift.enable('slo')
  })

  it('refuses missing, bad and foreign tokens with Swift pages', async () => {
    const anonymous = await fetch(storage)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toBe('Swift realm="AUTH_demo-project-id"')
    expect(anonymous.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(await anonymous.text()).toBe('<html><h1>Unauthorized</h1><p>This server could not verify that you are authorized to access the document you requested.</p></html>')
    expect((await fetch(storage, { headers: { 'X-Auth-Token': 'gAAAAAnope' } })).status).toBe(401)
    const foreign = await fetch(`${cloud.baseUrl}/swift/v1/AUTH_admin-project-id`, { headers: { 'X-Auth-Token': token } })
    expect(foreign.status).toBe(403)
    expect(await foreign.text()).toBe('<html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>')
    expect(foreign.headers.get('x-openstack-request-id')).toBe(foreign.headers.get('x-trans-id'))
  })

  it('tempauth: GET /auth/v1.0 gives a token and storage URL; bad keys get 401', async () => {
    const r = await fetch(`${cloud.baseUrl}/swift/auth/v1.0`, { headers: { 'X-Auth-User': 'test:tester', 'X-Auth-Key': 'testing' } })
    expect(r.status).toBe(200)
    expect(r.headers.get('x-storage-url')).toBe(`${cloud.baseUrl}/swift/v1/AUTH_test`)
    expect(Number(r.headers.get('x-auth-token-expires'))).toBeGreaterThan(86_000)
    const t = r.headers.get('x-auth-token')!
    expect(t).toMatch(/^AUTH_tk/)
    const again = await fetch(`${cloud.baseUrl}/swift/auth/v1.0`, { headers: { 'X-Auth-User': 'test:tester', 'X-Auth-Key': 'testing' } })
    expect(again.headers.get('x-auth-token')).toBe(t)
    expect((await fetch(`${cloud.baseUrl}/swift/v1/AUTH_test`, { headers: { 'X-Auth-Token': t } })).status).toBe(204)
    expect((await fetch(`${cloud.baseUrl}/swift/v1/AUTH_test2`, { headers: { 'X-Auth-Token': t } })).status).toBe(403)
    expect((await fetch(`${cloud.baseUrl}/swift/auth/v1.0`, { headers: { 'X-Auth-User': 'test:tester', 'X-Auth-Key': 'wrong' } })).status).toBe(401)
    expect((await fetch(`${cloud.baseUrl}/swift/auth/v1.0`, { headers: { 'X-Auth-User': 'nobody', 'X-Auth-Key': 'x' } })).status).toBe(401)
    cloud.swift.tempauth.addUser({ account: 'ops', user: 'bot', key: 'bot-key' })
    const bot = await fetch(`${cloud.baseUrl}/swift/auth/v1/ops/auth`, { headers: { 'X-Storage-User': 'bot', 'X-Storage-Pass': 'bot-key' } })
    expect(bot.headers.get('x-storage-url')).toBe(`${cloud.baseUrl}/swift/v1/AUTH_ops`)
    cloud.clock.advance(86_401_000)
    expect((await fetch(`${cloud.baseUrl}/swift/v1/AUTH_test`, { headers: { 'X-Auth-Token': t } })).status).toBe(401)
  })

  it('accounts: auto-created, counts, metadata with removal, Temp-URL-Key', async () => {
    const fresh = await fetch(`${cloud.baseUrl}/swift/v1/AUTH_admin-project-id`, { method: 'HEAD', headers: { 'X-Auth-Token': await adminToken(cloud) } })
    expect(fresh.status).toBe(204)
    expect(fresh.headers.get('x-account-container-count')).toBe('0')
    expect((await req('', { method: 'POST', headers: { 'X-Account-Meta-Color': 'blue', 'X-Account-Meta-Temp-URL-Key': 'k1' } })).status).toBe(204)
    let head = await req('', { method: 'HEAD' })
    expect(head.headers.get('x-account-meta-color')).toBe('blue')
    expect(head.headers.get('x-account-meta-temp-url-key')).toBe('k1')
    await req('', { method: 'POST', headers: { 'X-Remove-Account-Meta-Color': 'x' } })
    head = await req('', { method: 'HEAD' })
    expect(head.headers.get('x-account-meta-color')).toBeNull()
    const tooLong = await req('', { method: 'POST', headers: { 'X-Account-Meta-Big': 'x'.repeat(257) } })
    expect(tooLong.status).toBe(400)
    expect(tooLong.headers.get('content-type')).toBe('text/plain')
    expect(await tooLong.text()).toBe('Metadata value longer than 256: x-account-meta-Big')
  })

  it('containers: 201 then 202, metadata, policy, ACL headers, 404 and 409 on delete', async () => {
    expect((await req('/box', { method: 'PUT', headers: { 'X-Container-Meta-Owner': 'me', 'X-Container-Read': '.r:*' } })).status).toBe(201)
    expect((await req('/box', { method: 'PUT' })).status).toBe(202)
    expect((await req('/box2', { method: 'PUT', headers: { 'X-Storage-Policy': 'gold' } })).status).toBe(400)
    await req('/box/a.txt', { method: 'PUT', body: 'hello' })
    const head = await req('/box', { method: 'HEAD' })
    expect(head.status).toBe(204)
    expect(Object.fromEntries([...head.headers].filter(([k]) => k.startsWith('x-container') || k === 'x-storage-policy'))).toEqual({
      'x-container-object-count': '1',
      'x-container-bytes-used': '5',
      'x-container-meta-owner': 'me',
      'x-container-read': '.r:*',
      'x-storage-policy': 'Policy-0',
    })
    await req('/box', { method: 'POST', headers: { 'X-Remove-Container-Meta-Owner': '1', 'X-Container-Meta-New': 'v' } })
    const after = await req('/box', { method: 'HEAD' })
    expect(after.headers.get('x-container-meta-owner')).toBeNull()
    expect(after.headers.get('x-container-meta-new')).toBe('v')
    const busy = await req('/box', { method: 'DELETE' })
    expect(busy.status).toBe(409)
    expect(await busy.text()).toBe('<html><h1>Conflict</h1><p>There was a conflict when trying to complete your request.</p></html>')
    await req('/box/a.txt', { method: 'DELETE' })
    expect((await req('/box', { method: 'DELETE' })).status).toBe(204)
    expect((await req('/box', { method: 'DELETE' })).status).toBe(404)
    expect((await req('/box', { method: 'POST' })).status).toBe(404)
  })

  it('container listings: json entries, prefix, delimiter subdirs, marker, end_marker, limit, reverse', async () => {
    await req('/list', { method: 'PUT' })
    for (const n of ['a/1', 'a/2', 'b', 'c/x/1', 'c/y', 'd']) await req(`/list/${n}`, { method: 'PUT', body: n, headers: { 'Content-Type': 'text/plain' } })
    const ls = async (q: string) => {
      const r = await req(`/list?format=json${q}`)
      return (await json<{ name?: string; subdir?: string }[]>(r)).map((e) => e.name ?? `${e.subdir}*`)
    }
    const full = await json<Record<string, unknown>[]>(await req('/list?format=json&limit=1'))
    expect(full[0]).toEqual({ name: 'a/1', hash: createHash('md5').update('a/1').digest('hex'), bytes: 3, content_type: 'text/plain', last_modified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/) })
    expect(await ls('')).toEqual(['a/1', 'a/2', 'b', 'c/x/1', 'c/y', 'd'])
    expect(await ls('&delimiter=/')).toEqual(['a/*', 'b', 'c/*', 'd'])
    expect(await ls('&delimiter=/&prefix=c/')).toEqual(['c/x/*', 'c/y'])
    expect(await ls('&delimiter=/&marker=a/')).toEqual(['b', 'c/*', 'd'])
    expect(await ls('&marker=a/2&end_marker=c/y')).toEqual(['b', 'c/x/1'])
    expect(await ls('&limit=2&marker=b')).toEqual(['c/x/1', 'c/y'])
    expect(await ls('&reverse=true')).toEqual(['d', 'c/y', 'c/x/1', 'b', 'a/2', 'a/1'])
    expect(await ls('&reverse=true&delimiter=/')).toEqual(['d', 'c/*', 'b', 'a/*'])
    expect(await ls('&reverse=true&marker=c/y&end_marker=a/2')).toEqual(['c/x/1', 'b'])
    const accept = await req('/list?prefix=a/', { headers: { Accept: 'application/json' } })
    expect(accept.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const plain = await req('/list?prefix=a/')
    expect(plain.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await plain.text()).toBe('a/1\na/2\n')
    expect((await req('/list?prefix=zzz')).status).toBe(204)
    expect(await (await req('/list?prefix=zzz&format=json')).text()).toBe('[]')
    expect(await ls('&delimiter=/x')).toEqual(['a/1', 'a/2', 'b', 'c/x*', 'c/y', 'd'])
    expect(await ls('&reverse=true&delimiter=/&end_marker=a/')).toEqual(['d', 'c/*', 'b'])
    expect(plain.headers.get('vary')).toBe('Accept')
    const xml = await req('/list?format=xml&prefix=c/&delimiter=/')
    expect(xml.headers.get('vary')).toBeNull()
    expect(await xml.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<container name="list"><subdir name="c\/x\/"><name>c\/x\/<\/name><\/subdir><object><name>c\/y<\/name><hash>/)
    const options = await req('/list/b', { method: 'OPTIONS' })
    expect([options.status, options.headers.get('allow')]).toEqual([200, 'DELETE, OPTIONS, GET, HEAD, PUT, POST, COPY'])
    const tooMany = await req('/list?limit=10001')
    expect(tooMany.status).toBe(412)
    expect(await tooMany.text()).toBe('Maximum limit is 10000')
  })

  it('account listings page by marker and carry counts', async () => {
    await req('/zz-1', { method: 'PUT' })
    await req('/zz-2', { method: 'PUT' })
    await req('/zz-2/o', { method: 'PUT', body: 'abc' })
    const page = await json<{ name: string; count: number; bytes: number }[]>(await req('?format=json&prefix=zz-&limit=1&marker=zz-1'))
    expect(page).toEqual([{ name: 'zz-2', count: 1, bytes: 3, last_modified: expect.any(String) }])
    const head = await req('', { method: 'HEAD' })
    expect(Number(head.headers.get('x-account-object-count'))).toBeGreaterThanOrEqual(1)
    expect(cloud.swift.containerNames('AUTH_demo-project-id')).toContain('zz-2')
  })
})

async function adminToken(cloud: FakeCloud): Promise<string> {
  const s = await KeystoneSession.password({ authUrl: `${cloud.baseUrl}/identity/v3`, username: 'admin', password: 'admin-secret', projectName: 'admin' })
  return s.token()
}
