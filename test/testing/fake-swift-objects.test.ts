// test/testing/fake-swift-objects.test.ts — objects in the fake Swift: PUT checks, ranges, conditionals, expiry, copy, POST.
import { createHash } from 'node:crypto'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFakeCloud, type FakeCloud } from '../../src/testing/index.js'
import { md5, tempauthLogin } from './support/swift.js'


describe('fake Swift objects through msw (tempauth)', () => {
  let cloud: FakeCloud
  let storage: string
  let token: string
  const msw = setupServer()
  beforeAll(async () => {
    cloud = await createFakeCloud()
    msw.use(...cloud.handlers)
    msw.listen({ onUnhandledFrame: 'error' })
    ;({ storage, token } = await tempauthLogin(cloud.baseUrl))
    await req('/c', { method: 'PUT' })
    await req('/other', { method: 'PUT' })
  })
  afterAll(() => msw.close())
  const req = (path: string, init: RequestInit = {}) => fetch(`${storage}${path}`, { ...init, headers: { 'X-Auth-Token': token, ...(init.headers as Record<string, string>) } })

  it('PUT answers 201 with the md5 ETag; GET returns bytes, type, metadata and stored headers', async () => {
    // A byte body has no Content-Type of its own, so Swift guesses one from the name.
    const put = await req('/c/hello.txt', { method: 'PUT', body: new TextEncoder().encode('hello world'), headers: { 'X-Object-Meta-Color': 'red', 'Content-Disposition': 'inline' } })
    expect(put.status).toBe(201)
    expect(put.headers.get('etag')).toBe(md5('hello world'))
    const get = await req('/c/hello.txt')
    expect(get.status).toBe(200)
    expect(await get.text()).toBe('hello world')
    expect(get.headers.get('content-type')).toBe('text/plain')
    expect(get.headers.get('content-length')).toBe('11')
    expect(get.headers.get('x-object-meta-color')).toBe('red')
    expect(get.headers.get('content-disposition')).toBe('inline')
    expect(get.headers.get('accept-ranges')).toBe('bytes')
    expect(get.headers.get('last-modified')).toMatch(/GMT$/)
    const head = await req('/c/hello.txt', { method: 'HEAD' })
    expect(head.headers.get('content-length')).toBe('11')
    expect(await head.text()).toBe('')
    expect(cloud.swift.objectNames('AUTH_test', 'c')).toEqual(['hello.txt'])
    expect(new TextDecoder().decode(cloud.swift.getObjectBytes('AUTH_test', 'c', 'hello.txt'))).toBe('hello world')
  })

  it('refuses a body that does not match its ETag (422), and If-None-Match: * on an existing name (412)', async () => {
    const bad = await req('/c/e', { method: 'PUT', body: 'data', headers: { ETag: md5('other') } })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toBe('<html><h1>Unprocessable Entity</h1><p>Unable to process the contained instructions</p></html>')
    expect(cloud.swift.getObject('AUTH_test', 'c', 'e')).toBeUndefined()
    expect((await req('/c/e', { method: 'PUT', body: 'data', headers: { ETag: `"${md5('data')}"` } })).status).toBe(201)
    expect((await req('/c/e', { method: 'PUT', body: 'new', headers: { 'If-None-Match': '*' } })).status).toBe(412)
    expect((await req('/c/e2', { method: 'PUT', body: 'new', headers: { 'If-None-Match': '*' } })).status).toBe(201)
    expect((await req('/missing/x', { method: 'PUT', body: 'x' })).status).toBe(404)
    cloud.swift.setLimits({ maxFileSize: 4 })
    const big = await req('/c/big', { method: 'PUT', body: '12345' })
    expect(big.status).toBe(413)
    cloud.swift.setLimits({ maxFileSize: 5_368_709_122 })
  })

  it('ranges: a-b, a-, -n give 206 with Content-Range; unsatisfiable gives 416; invalid is ignored', async () => {
    await req('/c/digits', { method: 'PUT', body: '0123456789' })
    const range = async (r: string) => {
      const res = await req('/c/digits', { headers: { Range: r } })
      return [res.status, res.headers.get('content-range'), await res.text()]
    }
    expect(await range('bytes=2-4')).toEqual([206, 'bytes 2-4/10', '234'])
    expect(await range('bytes=7-')).toEqual([206, 'bytes 7-9/10', '789'])
    expect(await range('bytes=-3')).toEqual([206, 'bytes 7-9/10', '789'])
    expect(await range('bytes=5-100')).toEqual([206, 'bytes 5-9/10', '56789'])
    expect(await range('bytes=10-')).toEqual([416, 'bytes */10', '<html><h1>Requested Range Not Satisfiable</h1><p>The Range requested is not available.</p></html>'])
    expect(await range('bytes=4-2')).toEqual([200, null, '0123456789'])
    const multi = await req('/c/digits', { headers: { Range: 'bytes=0-0,-1' } })
    expect(multi.status).toBe(206)
    expect(multi.headers.get('content-type')).toMatch(/^multipart\/byteranges;boundary=/)
    expect(await multi.text()).toContain('Content-Range: bytes 9-9/10')
  })

  it('conditionals: If-Match, If-None-Match (304), If-Modified-Since, If-Unmodified-Since', async () => {
    const put = await req('/c/cond', { method: 'PUT', body: 'x' })
    const etag = put.headers.get('etag')!
    const lastModified = put.headers.get('last-modified')!
    expect((await req('/c/cond', { headers: { 'If-None-Match': etag } })).status).toBe(304)
    expect((await req('/c/cond', { headers: { 'If-None-Match': `"${etag}"` } })).status).toBe(304)
    expect((await req('/c/cond', { headers: { 'If-None-Match': 'nope' } })).status).toBe(200)
    expect((await req('/c/cond', { headers: { 'If-Match': 'nope' } })).status).toBe(412)
    expect((await req('/c/cond', { headers: { 'If-Match': etag } })).status).toBe(200)
    expect((await req('/c/cond', { headers: { 'If-Modified-Since': lastModified } })).status).toBe(304)
    const before = new Date(Date.parse(lastModified) - 10_000).toUTCString()
    expect((await req('/c/cond', { headers: { 'If-Modified-Since': before } })).status).toBe(200)
    expect((await req('/c/cond', { headers: { 'If-Unmodified-Since': before } })).status).toBe(412)
    expect((await req('/c/nothing', { headers: { 'If-Match': '*' } })).status).toBe(412)
  })

  it('X-Delete-After and X-Delete-At: the object vanishes when the fake clock passes it', async () => {
    await req('/c/short', { method: 'PUT', body: 'x', headers: { 'X-Delete-After': '60' } })
    const head = await req('/c/short', { method: 'HEAD' })
    const at = Number(head.headers.get('x-delete-at'))
    expect(at).toBeGreaterThan(cloud.clock.now() / 1000)
    expect((await req('/c/past', { method: 'PUT', body: 'x', headers: { 'X-Delete-At': '1000' } })).status).toBe(400)
    expect((await req('/c/nan', { method: 'PUT', body: 'x', headers: { 'X-Delete-After': 'soon' } })).status).toBe(400)
    cloud.clock.advance(61_000)
    expect((await req('/c/short')).status).toBe(404)
    expect(cloud.swift.objectNames('AUTH_test', 'c')).not.toContain('short')
  })

  it('POST replaces all metadata (202) and can change Content-Type; 404 when missing', async () => {
    await req('/c/meta', { method: 'PUT', body: 'x', headers: { 'X-Object-Meta-A': '1', 'X-Object-Meta-B': '2' } })
    const post = await req('/c/meta', { method: 'POST', headers: { 'X-Object-Meta-C': '3', 'Content-Type': 'application/x-thing' } })
    expect(post.status).toBe(202)
    const head = await req('/c/meta', { method: 'HEAD' })
    expect(head.headers.get('x-object-meta-a')).toBeNull()
    expect(head.headers.get('x-object-meta-c')).toBe('3')
    expect(head.headers.get('content-type')).toBe('application/x-thing')
    expect((await req('/c/none', { method: 'POST' })).status).toBe(404)
  })

  it('server-side copy: X-Copy-From, COPY with Destination, across containers, metadata kept or fresh', async () => {
    await req('/c/src', { method: 'PUT', body: 'payload', headers: { 'X-Object-Meta-Kept': 'yes', 'Content-Type': 'text/x-src' } })
    const put = await req('/other/copy1', { method: 'PUT', headers: { 'X-Copy-From': '/c/src', 'X-Object-Meta-Added': '1' } })
    expect(put.status).toBe(201)
    expect(put.headers.get('x-copied-from')).toBe('c/src')
    expect(put.headers.get('x-copied-from-account')).toBe('AUTH_test')
    expect(put.headers.get('etag')).toBe(md5('payload'))
    const got = await req('/other/copy1')
    expect(await got.text()).toBe('payload')
    expect(got.headers.get('x-object-meta-kept')).toBe('yes')
    expect(got.headers.get('x-object-meta-added')).toBe('1')
    expect(got.headers.get('content-type')).toBe('text/x-src')
    const copy = await req('/c/src', { method: 'COPY', headers: { Destination: 'other/copy2', 'X-Fresh-Metadata': 'true' } })
    expect(copy.status).toBe(201)
    expect((await req('/other/copy2', { method: 'HEAD' })).headers.get('x-object-meta-kept')).toBeNull()
    expect((await req('/c/src', { method: 'COPY', headers: { Destination: 'nocontainer' } })).status).toBe(412)
    expect((await req('/c/absent', { method: 'COPY', headers: { Destination: 'other/x' } })).status).toBe(404)
    expect((await req('/other/x', { method: 'PUT', headers: { 'X-Copy-From': 'c' } })).status).toBe(412)
  })

  it('DELETE: 204 then 404 with Swift pages', async () => {
    await req('/c/gone', { method: 'PUT', body: 'x' })
    const del = await req('/c/gone', { method: 'DELETE' })
    expect(del.status).toBe(204)
    const again = await req('/c/gone', { method: 'DELETE' })
    expect(again.status).toBe(404)
    expect(await again.text()).toBe('<html><h1>Not Found</h1><p>The resource could not be found.</p></html>')
    expect(again.headers.get('content-type')).toBe('text/html; charset=UTF-8')
  })
})

describe('fake Swift objects over real HTTP', () => {
  it('takes a chunked upload of unknown length and serves it back in ranges', async () => {
    const cloud = await createFakeCloud()
    await using server = await cloud.listen()
    const auth = await fetch(`${server.url}/swift/auth/v1.0`, { headers: { 'X-Auth-User': 'test:tester', 'X-Auth-Key': 'testing' } })
    const storage = auth.headers.get('x-storage-url')!
    expect(storage).toBe(`${server.url}/swift/v1/AUTH_test`)
    const headers = { 'X-Auth-Token': auth.headers.get('x-auth-token')! }
    expect((await fetch(`${storage}/big`, { method: 'PUT', headers })).status).toBe(201)
    const chunk = new Uint8Array(1024 * 1024).map((_, i) => i % 251)
    const chunks = 24
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled++ === chunks) controller.close()
        else controller.enqueue(chunk)
      },
    })
    let pulled = 0
    const hash = createHash('md5')
    for (let i = 0; i < chunks; i++) hash.update(chunk)
    const put = await fetch(`${storage}/big/blob`, { method: 'PUT', headers, body, duplex: 'half' } as RequestInit)
    expect(put.status).toBe(201)
    expect(put.headers.get('etag')).toBe(hash.digest('hex'))
    const ranged = await fetch(`${storage}/big/blob`, { headers: { ...headers, Range: `bytes=${chunks * chunk.length - 3}-` } })
    expect(ranged.status).toBe(206)
    expect([...new Uint8Array(await ranged.arrayBuffer())]).toEqual([...chunk.slice(-3)])
    const whole = await fetch(`${storage}/big/blob`, { headers })
    expect((await whole.arrayBuffer()).byteLength).toBe(chunks * chunk.length)
  })
})
