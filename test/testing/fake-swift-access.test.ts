// test/testing/fake-swift-access.test.ts — bulk delete, temp URLs, ACLs, versioned writes and injected faults in the fake Swift.
import { createHmac } from 'node:crypto'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { KeystoneSession } from '../../src/auth/keystone.js'
import { createFakeCloud, type FakeCloud } from '../../src/testing/index.js'
import { md5, tempauthLogin } from './support/swift.js'


describe('fake Swift access and faults through msw', () => {
  let cloud: FakeCloud
  let storage: string
  let token: string
  const msw = setupServer()
  beforeAll(async () => {
    cloud = await createFakeCloud()
    msw.use(...cloud.handlers)
    msw.listen({ onUnhandledFrame: 'error' })
    ;({ storage, token } = await tempauthLogin(cloud.baseUrl))
  })
  afterAll(() => msw.close())
  afterEach(() => cloud.swift.faults.clear())
  const req = (path: string, init: RequestInit = {}) => fetch(`${storage}${path}`, { ...init, headers: { 'X-Auth-Token': token, ...(init.headers as Record<string, string>) } })
  const bulk = (lines: string[], accept = 'application/json') =>
    req('?bulk-delete', { method: 'POST', body: lines.join('\n'), headers: { 'Content-Type': 'text/plain', Accept: accept } })

  it('bulk delete: objects before containers, not-found counted, 409 for a busy container', async () => {
    await req('/bulk', { method: 'PUT' })
    await req('/busy', { method: 'PUT' })
    for (const n of ['a', 'b c', 'd']) await req(`/bulk/${encodeURIComponent(n)}`, { method: 'PUT', body: n })
    await req('/busy/keep', { method: 'PUT', body: 'x' })
    const r = await bulk(['/bulk', '/bulk/a', '/bulk/b%20c', '/bulk/d', '/bulk/missing', '/busy'])
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({
      'Response Status': '400 Bad Request',
      'Response Body': '',
      'Number Deleted': 4,
      'Number Not Found': 1,
      Errors: [['/busy', '409 Conflict']],
    })
    expect(cloud.swift.containerNames('AUTH_test')).not.toContain('bulk')
    const text = await bulk(['/nothing/here'], 'text/plain')
    expect(await text.text()).toBe('Number Deleted: 0\nNumber Not Found: 1\nResponse Body: \nResponse Status: 200 OK\nErrors:\n')
  })

  it('bulk delete: more than max_deletes_per_request is refused with 413 in the body', async () => {
    cloud.swift.setLimits({ maxDeletesPerRequest: 2 })
    const r = await bulk(['/a/1', '/a/2', '/a/3'])
    expect(r.status).toBe(200)
    expect(await r.json()).toMatchObject({ 'Response Status': '413 Request Entity Too Large', 'Response Body': 'Maximum Bulk Deletes: 2 per request' })
    cloud.swift.setLimits({ maxDeletesPerRequest: 10_000 })
  })

  it('temp URLs: valid with the account or container key, refused when expired, forged or out of prefix', async () => {
    await req('/tmp', { method: 'PUT', headers: { 'X-Container-Meta-Temp-URL-Key': 'ckey' } })
    await req('/tmp/docs/report.pdf', { method: 'PUT', body: 'PDF!', headers: { 'X-Object-Meta-Secret': 's', 'X-Object-Meta-Public-Tag': 't' } })
    await req('', { method: 'POST', headers: { 'X-Account-Meta-Temp-URL-Key': 'akey' } })
    const expires = Math.floor(cloud.clock.now() / 1000) + 60
    const path = '/v1/AUTH_test/tmp/docs/report.pdf'
    const sign = (key: string, method: string, p = path, digest = 'sha256') => createHmac(digest, key).update(`${method}\n${expires}\n${p}`).digest('hex')
    const url = (sig: string, extra = '') => `${storage}/tmp/docs/report.pdf?temp_url_sig=${sig}&temp_url_expires=${expires}${extra}`
    const ok = await fetch(url(sign('akey', 'GET')))
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('PDF!')
    expect(ok.headers.get('content-disposition')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`)
    expect(ok.headers.get('x-object-meta-secret')).toBeNull()
    expect(ok.headers.get('x-object-meta-public-tag')).toBe('t')
    expect((await fetch(url(sign('ckey', 'GET', path, 'sha1')))).status).toBe(200)
    const sha512 = createHmac('sha512', 'akey').update(`GET\n${expires}\n${path}`).digest('base64url')
    expect((await fetch(url(`sha512:${sha512}`)))).toHaveProperty('status', 200)
    expect((await fetch(url(sign('akey', 'GET')), { method: 'HEAD' })).status).toBe(200)
    const forged = await fetch(url(sign('wrong', 'GET')))
    expect([forged.status, await forged.text()]).toEqual([401, '401 Unauthorized: Temp URL invalid\n'])
    expect((await fetch(url(sign('akey', 'PUT')))).status).toBe(401)
    const prefixSig = createHmac('sha256', 'akey').update(`GET\n${expires}\nprefix:/v1/AUTH_test/tmp/docs/`).digest('hex')
    expect((await fetch(url(prefixSig, '&temp_url_prefix=docs/'))).status).toBe(200)
    expect((await fetch(url(prefixSig, '&temp_url_prefix=other/'))).status).toBe(401)
    const put = await fetch(`${storage}/tmp/docs/upload?temp_url_sig=${sign('akey', 'PUT', '/v1/AUTH_test/tmp/docs/upload')}&temp_url_expires=${expires}`, { method: 'PUT', body: 'up' })
    expect(put.status).toBe(201)
    cloud.clock.advance(61_000)
    expect((await fetch(url(sign('akey', 'GET')))).status).toBe(401)
  })

  it('ACLs: .r:* lets anyone read objects, .rlistings list, and a write ACL lets a named user write', async () => {
    await req('/pub', { method: 'PUT', headers: { 'X-Container-Read': '.r:*' } })
    await req('/pub/o', { method: 'PUT', body: 'public' })
    expect(await (await fetch(`${storage}/pub/o`)).text()).toBe('public')
    expect((await fetch(`${storage}/pub`)).status).toBe(401)
    await req('/pub', { method: 'POST', headers: { 'X-Container-Read': '.r:*,.rlistings' } })
    expect((await fetch(`${storage}/pub`)).status).toBe(200)
    const other = await fetch(`${cloud.baseUrl}/swift/auth/v1.0`, { headers: { 'X-Auth-User': 'test:tester3', 'X-Auth-Key': 'testing3' } })
    const t3 = other.headers.get('x-auth-token')!
    expect((await fetch(`${storage}/pub/w`, { method: 'PUT', body: 'x', headers: { 'X-Auth-Token': t3 } })).status).toBe(403)
    await req('/pub', { method: 'POST', headers: { 'X-Container-Write': 'test:tester3' } })
    expect((await fetch(`${storage}/pub/w`, { method: 'PUT', body: 'x', headers: { 'X-Auth-Token': t3 } })).status).toBe(201)
    expect((await fetch(`${storage}/pub`, { method: 'DELETE', headers: { 'X-Auth-Token': t3 } })).status).toBe(403)
  })

  it('versioned writes: stack mode keeps old versions and DELETE restores them', async () => {
    await req('/versions', { method: 'PUT' })
    await req('/docs', { method: 'PUT', headers: { 'X-Versions-Location': 'versions' } })
    await req('/docs/a', { method: 'PUT', body: 'v1' })
    await req('/docs/a', { method: 'PUT', body: 'v2' })
    expect(cloud.swift.objectNames('AUTH_test', 'versions')).toEqual([expect.stringMatching(/^001a\/\d{10}\.\d{5}$/)])
    await req('/docs/a', { method: 'DELETE' })
    expect(await (await req('/docs/a')).text()).toBe('v1')
    expect(cloud.swift.objectNames('AUTH_test', 'versions')).toEqual([])
    expect((await req('/docs', { method: 'POST', headers: { 'X-Versions-Location': 'v', 'X-History-Location': 'h' } })).status).toBe(400)
  })

  it('faults: a status for N matching requests, then normal service; hits are counted', async () => {
    await req('/f', { method: 'PUT' })
    const fault = cloud.swift.faults.add({ method: 'PUT', path: /\/f\/seg-/, status: 503, times: 2, headers: { 'Retry-After': '1' } })
    const first = await req('/f/seg-1', { method: 'PUT', body: 'x' })
    expect(first.status).toBe(503)
    expect(first.headers.get('retry-after')).toBe('1')
    expect(first.headers.get('x-trans-id')).toMatch(/^tx/)
    expect((await req('/f/other', { method: 'PUT', body: 'x' })).status).toBe(201)
    expect((await req('/f/seg-1', { method: 'PUT', body: 'x' })).status).toBe(503)
    expect((await req('/f/seg-1', { method: 'PUT', body: 'x' })).status).toBe(201)
    expect(fault.hits).toBe(2)
    expect(cloud.swift.faults.pending).toBe(0)
  })

  it('faults: a corrupted PUT body fails its ETag check, or is stored corrupt without one', async () => {
    cloud.swift.faults.add({ method: 'PUT', path: '/f/c1', corruptBody: true, times: 2 })
    expect((await req('/f/c1', { method: 'PUT', body: 'abcdef', headers: { ETag: md5('abcdef') } })).status).toBe(422)
    const stored = await req('/f/c1', { method: 'PUT', body: 'abcdef' })
    expect(stored.status).toBe(201)
    expect(stored.headers.get('etag')).not.toBe(md5('abcdef'))
    expect(stored.headers.get('etag')).toBe(md5(cloud.swift.getObjectBytes('AUTH_test', 'f', 'c1')!))
    cloud.swift.faults.add({ method: 'GET', path: '/f/c1', corruptBody: true })
    await req('/f/c1', { method: 'PUT', body: 'abcdef' })
    const get = await req('/f/c1')
    expect(get.headers.get('etag')).toBe(md5('abcdef'))
    expect(md5(new Uint8Array(await get.arrayBuffer()))).not.toBe(md5('abcdef'))
  })

  it('faults: delays hold a request back; counts follow methods', async () => {
    cloud.swift.resetCounts()
    cloud.swift.faults.add({ method: 'HEAD', delayMs: 50 })
    const t0 = Date.now()
    await req('/f', { method: 'HEAD' })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45)
    expect(cloud.swift.requestCounts).toEqual({ HEAD: 1 })
  })
})

describe('fake Swift over real HTTP with Keystone', () => {
  it('serves the catalog endpoint on the listening origin and keeps projects apart', async () => {
    const cloud = await createFakeCloud({ swift: { limits: { maxFileSize: 100 } } })
    await using server = await cloud.listen()
    const session = await KeystoneSession.password({ authUrl: `${server.url}/identity/v3`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
    const storage = await session.endpointFor('object-store')
    expect(storage).toBe(`${server.url}/swift/v1/AUTH_demo-project-id`)
    const headers = { 'X-Auth-Token': await session.token() }
    expect((await fetch(`${storage}/c`, { method: 'PUT', headers })).status).toBe(201)
    expect((await fetch(`${storage}/c/o`, { method: 'PUT', headers, body: 'x'.repeat(101) })).status).toBe(413)
    expect((await fetch(`${storage}/c/o`, { method: 'PUT', headers, body: 'fits' })).status).toBe(201)
    const head = await fetch(`${storage}/c/o`, { method: 'HEAD', headers })
    expect(head.headers.get('content-length')).toBe('4')
    expect(head.headers.get('x-trans-id')).toMatch(/^tx/)
    expect((await fetch(`${server.url}/swift/v1/AUTH_admin-project-id/c`, { headers })).status).toBe(403)
    expect(cloud.swift.objectNames(cloud.swift.accountFor('demo-project-id'), 'c')).toEqual(['o'])
    await session.close()
  })
})
