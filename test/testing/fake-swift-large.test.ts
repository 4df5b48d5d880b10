// test/testing/fake-swift-large.test.ts — static and dynamic large objects in the fake Swift: validation, assembly, ranges, copy, delete.
import { createHash } from 'node:crypto'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFakeCloud, type FakeCloud } from '../../src/testing/index.js'
import { md5, tempauthLogin } from './support/swift.js'


describe('fake Swift large objects through msw', () => {
  let cloud: FakeCloud
  let storage: string
  let token: string
  const msw = setupServer()
  beforeAll(async () => {
    cloud = await createFakeCloud()
    msw.use(...cloud.handlers)
    msw.listen({ onUnhandledFrame: 'error' })
    ;({ storage, token } = await tempauthLogin(cloud.baseUrl))
    for (const c of ['segs', 'objs']) await req(`/${c}`, { method: 'PUT' })
  })
  afterAll(() => msw.close())
  const req = (path: string, init: RequestInit = {}) => fetch(`${storage}${path}`, { ...init, headers: { 'X-Auth-Token': token, ...(init.headers as Record<string, string>) } })
  const putSegments = async (prefix: string, parts: string[]) => {
    for (const [i, p] of parts.entries()) await req(`/segs/${prefix}/${String(i).padStart(3, '0')}`, { method: 'PUT', body: p })
    return parts.map((p, i) => ({ path: `/segs/${prefix}/${String(i).padStart(3, '0')}`, etag: md5(p), size_bytes: p.length }))
  }

  it('SLO: manifest PUT answers the quoted md5 of segment ETags; GET/HEAD serve the concatenation', async () => {
    const parts = ['aaaa', 'bbbbbb', 'cc']
    const manifest = await putSegments('one', parts)
    const put = await req('/objs/slo?multipart-manifest=put', { method: 'PUT', body: JSON.stringify(manifest), headers: { 'Content-Type': 'text/x-big' } })
    expect(put.status).toBe(201)
    const sloEtag = md5(parts.map(md5).join(''))
    expect(put.headers.get('etag')).toBe(`"${sloEtag}"`)
    const head = await req('/objs/slo', { method: 'HEAD' })
    expect(head.headers.get('content-length')).toBe('12')
    expect(head.headers.get('etag')).toBe(`"${sloEtag}"`)
    expect(head.headers.get('x-static-large-object')).toBe('True')
    expect(head.headers.get('content-type')).toBe('text/x-big')
    expect(await (await req('/objs/slo')).text()).toBe('aaaabbbbbbcc')
    const ranged = await req('/objs/slo', { headers: { Range: 'bytes=3-10' } })
    expect(ranged.status).toBe(206)
    expect(ranged.headers.get('content-range')).toBe('bytes 3-10/12')
    expect(await ranged.text()).toBe('abbbbbbc')
    expect((await req('/objs/slo', { headers: { 'If-None-Match': sloEtag } })).status).toBe(304)
    const listing = (await (await req('/objs?format=json&prefix=slo')).json()) as { bytes: number; slo_etag: string; hash: string }[]
    expect(listing[0]).toMatchObject({ bytes: 12, slo_etag: `"${sloEtag}"` })
  })

  it('SLO: multipart-manifest=get returns the stored manifest (and format=raw the PUT shape)', async () => {
    const stored = (await (await req('/objs/slo?multipart-manifest=get')).json()) as Record<string, unknown>[]
    expect(stored).toHaveLength(3)
    expect(stored[0]).toEqual({ name: '/segs/one/000', hash: md5('aaaa'), bytes: 4, content_type: 'text/plain', last_modified: expect.stringMatching(/\.000000$/) })
    const raw = (await (await req('/objs/slo?multipart-manifest=get&format=raw')).json()) as Record<string, unknown>[]
    expect(raw[1]).toEqual({ path: '/segs/one/001', etag: md5('bbbbbb'), size_bytes: 6 })
  })

  it('SLO: bad segments get 400 with a per-segment list; too many get 413; a wrong manifest ETag 422', async () => {
    const [good] = await putSegments('bad', ['data'])
    const body = JSON.stringify([good, { path: '/segs/bad/none', etag: null }, { ...good, etag: md5('x') }, { ...good, size_bytes: 99 }])
    const plain = await req('/objs/bad?multipart-manifest=put', { method: 'PUT', body })
    expect(plain.status).toBe(400)
    // Grouped by path in order of first appearance, as slo.py reports after one HEAD per path.
    expect(await plain.text()).toBe('Errors:\n/segs/bad/000, Etag Mismatch\n/segs/bad/000, Size Mismatch\n/segs/bad/none, 404 Not Found\n')
    const asJson = await req('/objs/bad?multipart-manifest=put', { method: 'PUT', body, headers: { Accept: 'application/json' } })
    expect(await asJson.text()).toBe('{"Errors": [["/segs/bad/000", "Etag Mismatch"], ["/segs/bad/000", "Size Mismatch"], ["/segs/bad/none", "404 Not Found"]]}')
    const notJson = await req('/objs/bad?multipart-manifest=put', { method: 'PUT', body: '{nope' })
    expect([notJson.status, await notJson.text()]).toEqual([400, 'Manifest must be valid JSON.\n'])
    cloud.swift.setLimits({ maxManifestSegments: 2 })
    const many = await req('/objs/bad?multipart-manifest=put', { method: 'PUT', body: JSON.stringify([good, good, good]) })
    expect([many.status, await many.text()]).toEqual([413, 'Number of object-backed segments must be <= 2'])
    cloud.swift.setLimits({ maxManifestSegments: 1000 })
    const wrongEtag = await req('/objs/bad?multipart-manifest=put', { method: 'PUT', body: JSON.stringify([good]), headers: { ETag: md5('nope') } })
    expect(wrongEtag.status).toBe(422)
    expect(cloud.swift.getObject('AUTH_test', 'objs', 'bad')).toBeUndefined()
  })

  it('SLO: ranged segments and nested SLOs assemble, with Swift’s ETag rule for ranges', async () => {
    const [a, b] = await putSegments('nest', ['0123456789', 'abcdef'])
    const inner = await req('/objs/inner?multipart-manifest=put', { method: 'PUT', body: JSON.stringify([{ ...a, range: '2-4' }, b]) })
    const innerEtag = md5(`${md5('0123456789')}:2-4;${md5('abcdef')}`)
    expect(inner.headers.get('etag')).toBe(`"${innerEtag}"`)
    expect(await (await req('/objs/inner')).text()).toBe('234abcdef')
    const outer = await req('/objs/outer?multipart-manifest=put', { method: 'PUT', body: JSON.stringify([{ path: '/objs/inner', etag: innerEtag, size_bytes: 9 }, { ...a, range: '-1' }]) })
    expect(outer.status).toBe(201)
    expect(await (await req('/objs/outer')).text()).toBe('234abcdef9')
    const stored = (await (await req('/objs/outer?multipart-manifest=get')).json()) as { sub_slo?: boolean; range?: string }[]
    expect(stored[0]!.sub_slo).toBe(true)
    expect(stored[1]!.range).toBe('9-9')
  })

  it('SLO: a segment changed after the manifest makes GET fail with 409', async () => {
    const manifest = await putSegments('changed', ['xx', 'yy'])
    await req('/objs/changed?multipart-manifest=put', { method: 'PUT', body: JSON.stringify(manifest) })
    await req('/segs/changed/001', { method: 'PUT', body: 'zz' })
    expect((await req('/objs/changed')).status).toBe(409)
  })

  it('SLO: copy takes the concatenation, or with multipart-manifest=get the manifest', async () => {
    const flat = await req('/objs/flat', { method: 'PUT', headers: { 'X-Copy-From': 'objs/slo' } })
    expect(flat.status).toBe(201)
    expect(flat.headers.get('etag')).toBe(md5('aaaabbbbbbcc'))
    expect((await req('/objs/flat', { method: 'HEAD' })).headers.get('x-static-large-object')).toBeNull()
    const manifestCopy = await req('/objs/slo?multipart-manifest=get', { method: 'COPY', headers: { Destination: 'objs/slo-copy' } })
    expect(manifestCopy.status).toBe(201)
    const head = await req('/objs/slo-copy', { method: 'HEAD' })
    expect(head.headers.get('x-static-large-object')).toBe('True')
    expect(await (await req('/objs/slo-copy')).text()).toBe('aaaabbbbbbcc')
  })

  it('SLO: DELETE ?multipart-manifest=delete removes the segments too, answering like bulk delete', async () => {
    const manifest = await putSegments('del', ['1', '2', '3'])
    await req('/objs/del?multipart-manifest=put', { method: 'PUT', body: JSON.stringify(manifest) })
    const del = await req('/objs/del?multipart-manifest=delete', { method: 'DELETE', headers: { Accept: 'application/json' } })
    expect(del.status).toBe(200)
    expect(await del.json()).toEqual({ 'Response Status': '200 OK', 'Response Body': '', 'Number Deleted': 4, 'Number Not Found': 0, Errors: [] })
    expect(cloud.swift.objectNames('AUTH_test', 'segs').filter((n) => n.startsWith('del/'))).toEqual([])
    const plainObject = await req('/objs/flat?multipart-manifest=delete', { method: 'DELETE' })
    expect(await plainObject.text()).toBe('Number Deleted: 0\nNumber Not Found: 0\nResponse Body: \nResponse Status: 400 Bad Request\nErrors:\n/objs/flat, Not an SLO manifest\n')
  })

  it('DLO: X-Object-Manifest concatenates the prefix listing in name order, with a quoted ETag', async () => {
    for (const [i, p] of ['one-', 'two-', 'three'].entries()) await req(`/segs/dlo/part-${i}`, { method: 'PUT', body: p })
    expect((await req('/objs/dlo', { method: 'PUT', headers: { 'X-Object-Manifest': 'segs/dlo/part-' } })).status).toBe(201)
    const get = await req('/objs/dlo')
    expect(await get.text()).toBe('one-two-three')
    expect(get.headers.get('etag')).toBe(`"${md5(['one-', 'two-', 'three'].map(md5).join(''))}"`)
    expect(get.headers.get('x-object-manifest')).toBe('segs/dlo/part-')
    const ranged = await req('/objs/dlo', { headers: { Range: 'bytes=-5' } })
    expect([ranged.status, await ranged.text()]).toEqual([206, 'three'])
    const manifest = await req('/objs/dlo?multipart-manifest=get')
    expect(manifest.headers.get('content-length')).toBe('0')
    await req('/segs/dlo/part-3', { method: 'PUT', body: '!' })
    expect(await (await req('/objs/dlo')).text()).toBe('one-two-three!')
    expect((await req('/objs/bad-dlo', { method: 'PUT', headers: { 'X-Object-Manifest': 'no-slash' } })).status).toBe(400)
  })

  it('without the slo middleware a manifest PUT is just an object holding the JSON', async () => {
    cloud.swift.disable('slo')
    const body = JSON.stringify([{ path: '/segs/one/000' }])
    const put = await req('/objs/not-slo?multipart-manifest=put', { method: 'PUT', body })
    expect(put.headers.get('etag')).toBe(md5(body))
    expect(await (await req('/objs/not-slo')).text()).toBe(body)
    cloud.swift.enable('slo')
  })

  it('assembles a 72 MiB SLO from 9 MiB segments without trouble', async () => {
    const segment = new Uint8Array(9 * 1024 * 1024)
    const whole = createHash('md5')
    const manifest = []
    for (let i = 0; i < 8; i++) {
      segment.fill(i + 1)
      whole.update(segment)
      const put = await req(`/segs/huge/${i}`, { method: 'PUT', body: segment })
      manifest.push({ path: `/segs/huge/${i}`, etag: put.headers.get('etag'), size_bytes: segment.length })
    }
    expect((await req('/objs/huge?multipart-manifest=put', { method: 'PUT', body: JSON.stringify(manifest) })).status).toBe(201)
    const got = new Uint8Array(await (await req('/objs/huge')).arrayBuffer())
    expect(got.length).toBe(72 * 1024 * 1024)
    expect(md5(got)).toBe(whole.digest('hex'))
  }, 30_000)
})
