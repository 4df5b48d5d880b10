// test/testing/fake-pithos.test.ts — the fake Pithos over plain fetch (msw and real HTTP): hashmaps, blocks, ranges, sharing, versions, faults.
import { createHash } from 'node:crypto'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { KeystoneSession } from '../../src/auth/keystone.js'
import { PithosClient } from '../../src/storage/pithos.js'
import { createFakeCloud, type FakeCloud } from '../../src/testing/index.js'
import { createFakePithos, type FakePithos } from '../../src/testing/pithos-service.js'

const BS = 1024
const DEMO = 'demo-project-id'
const ADMIN = 'admin-project-id'
const enc = new TextEncoder()

// Hashes computed here, independently of the fake: sha256 of the block without its trailing NULs.
const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex')
const blockHash = (b: Uint8Array): string => {
  let end = b.byteLength
  while (end > 0 && b[end - 1] === 0) end--
  return sha(b.subarray(0, end))
}
const hashesOf = (data: Uint8Array): string[] => {
  const out: string[] = []
  for (let at = 0; at < data.byteLength; at += BS) out.push(blockHash(data.subarray(at, at + BS)))
  return out
}
/** A block of `BS` bytes filled with `seed`-derived bytes, distinct per seed. */
const block = (seed: number, length = BS): Uint8Array<ArrayBuffer> => Uint8Array.from({ length }, (_, i) => ((i * 31 + seed * 17) % 251) + 1)
const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  parts.reduce((at, p) => (out.set(p, at), at + p.byteLength), 0)
  return out
}
/** The Merkle root Synnefo reports as ETag: pairwise sha256 of raw digests, padded with zero digests to a power of two. */
const merkle = (hashes: string[]): string => {
  if (hashes.length === 0) return sha('')
  if (hashes.length === 1) return hashes[0]!
  let level = hashes.map((h) => Buffer.from(h, 'hex'))
  let width = 2
  while (width < level.length) width *= 2
  while (level.length < width) level.push(Buffer.alloc(32))
  while (level.length > 1) level = Array.from({ length: level.length / 2 }, (_, i) => createHash('sha256').update(level[2 * i]!).update(level[2 * i + 1]!).digest())
  return level[0]!.toString('hex')
}

async function tokenFor(origin: string, user: string, password: string, project: string): Promise<string> {
  const s = await KeystoneSession.password({ authUrl: `${origin}/identity/v3`, username: user, password, projectName: project })
  return s.token()
}

describe('fake Pithos through msw', () => {
  let cloud: FakeCloud
  let pithos: FakePithos
  let demo: string
  let admin: string
  const msw = setupServer()
  beforeAll(async () => {
    cloud = await createFakeCloud({ pithosBlockSize: BS })
    pithos = cloud.pithos
    msw.use(...cloud.handlers)
    msw.listen({ onUnhandledFrame: 'error' })
  })
  afterAll(() => msw.close())
  beforeEach(async () => {
    demo = await tokenFor(cloud.baseUrl, 'demo', 'demo-secret', 'demo')
    admin = await tokenFor(cloud.baseUrl, 'admin', 'admin-secret', 'admin')
  })
  const url = (path: string, account = DEMO) => `${cloud.baseUrl}/pithos/v1/${account}${path}`
  const req = (path: string, init: RequestInit & { token?: string; account?: string } = {}) =>
    fetch(url(path, init.account), { ...init, headers: { 'X-Auth-Token': init.token ?? demo, ...(init.headers as Record<string, string>) } })
  const putHashmap = (path: string, data: Uint8Array, init: { token?: string; account?: string; hashes?: string[] } = {}) =>
    req(`${path}?hashmap&format=json`, { ...init, method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: JSON.stringify({ bytes: data.byteLength, hashes: init.hashes ?? hashesOf(data) }) })
  const postBlock = (container: string, body: Uint8Array<ArrayBuffer>, init: { token?: string; account?: string } = {}) =>
    req(`/${container}?update&format=json`, { ...init, method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body })
  const put = (path: string, body: Uint8Array<ArrayBuffer> | string, headers: Record<string, string> = {}) => req(path, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream', ...headers }, body })
  const bytesOf = async (r: Response) => new Uint8Array(await r.arrayBuffer())

  it('is in the catalog as pithos, at the token project account, and answers 401 without a valid token', async () => {
    const session = await KeystoneSession.password({ authUrl: `${cloud.baseUrl}/identity/v3`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
    expect(await session.endpointFor('pithos')).toBe(`${cloud.baseUrl}/pithos/v1/${DEMO}`)
    const anonymous = await fetch(url(''))
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('content-type')).toBe('text/plain; charset=UTF-8')
    expect(await anonymous.text()).toBe('Access denied. No authentication token\n')
    expect(anonymous.headers.get('x-request-id')).toMatch(/^req-[0-9a-f]{24}$/)
    expect((await req('', { token: 'gAAAAAnope' })).status).toBe(401)
    // A token may use its own account; someone else's only through sharing.
    expect((await req('', { account: ADMIN })).status).toBe(403)
    expect((await req('/x', { method: 'PUT', account: ADMIN })).status).toBe(403)
  })

  it('creates, describes, lists and deletes containers', async () => {
    expect((await req('/box', { method: 'PUT', headers: { 'X-Container-Policy-Versioning': 'none', 'X-Container-Meta-Color': 'blue' } })).status).toBe(201)
    expect((await req('/box', { method: 'PUT', headers: { 'X-Container-Policy-Versioning': 'auto' } })).status).toBe(202)
    const head = await req('/box', { method: 'HEAD' })
    expect(head.status).toBe(204)
    expect(Object.fromEntries([...head.headers].filter(([k]) => k.startsWith('x-container')))).toEqual({
      'x-container-block-size': '1024',
      'x-container-block-hash': 'sha256',
      'x-container-object-count': '0',
      'x-container-bytes-used': '0',
      'x-container-policy-versioning': 'auto',
      'x-container-policy-quota': '0',
      'x-container-meta-color': 'blue',
    })
    expect((await req('/box', { method: 'PUT', headers: { 'X-Container-Policy-Versioning': 'sometimes' } })).status).toBe(400)
    expect((await req('/box?update', { method: 'POST', headers: { 'X-Container-Meta-Size': 'L' } })).status).toBe(202)
    expect((await req('/box', { method: 'HEAD' })).headers.get('x-container-meta-color')).toBe('blue')
    expect((await req('/box', { method: 'POST', headers: { 'X-Container-Meta-Size': 'S' } })).status).toBe(202)
    expect((await req('/box', { method: 'HEAD' })).headers.get('x-container-meta-color')).toBeNull() // POST without ?update replaces
    expect((await put('/box/a.txt', 'hello')).status).toBe(201)
    expect((await put('/box/dir/b.txt', 'bee')).status).toBe(201)
    expect((await put('/box/dir/c.txt', 'sea')).status).toBe(201)
    const text = await req('/box')
    expect(text.status).toBe(200)
    expect(await text.text()).toBe('a.txt\ndir/b.txt\ndir/c.txt\n')
    const listed = (await (await req('/box?format=json&delimiter=/')).json()) as { name?: string; subdir?: string; bytes?: number; hash?: string }[]
    expect(listed.map((e) => e.name ?? e.subdir)).toEqual(['a.txt', 'dir/'])
    expect(listed[0]).toMatchObject({ name: 'a.txt', bytes: 5, hash: sha('hello'), x_object_hash: sha('hello'), content_type: 'application/octet-stream' })
    const page = (await (await req('/box?format=json&prefix=dir&delimiter=/&marker=dir/b.txt&limit=5')).json()) as { name: string }[]
    expect(page.map((e) => e.name)).toEqual(['dir/c.txt'])
    const containers = (await (await req('?format=json')).json()) as { name: string; count: number; bytes: number }[]
    expect(containers.find((c) => c.name === 'box')).toMatchObject({ count: 3, bytes: 11, x_container_policy: { versioning: 'auto', quota: '0' } })
    const notEmpty = await req('/box', { method: 'DELETE' })
    expect(notEmpty.status).toBe(409)
    expect(await notEmpty.text()).toBe('Container is not empty\n')
    for (const n of ['a.txt', 'dir/b.txt', 'dir/c.txt']) expect((await req(`/box/${n}`, { method: 'DELETE' })).status).toBe(204)
    expect((await req('/box', { method: 'DELETE' })).status).toBe(204)
    expect((await req('/box', { method: 'HEAD' })).status).toBe(404)
    expect(pithos.containerNames(DEMO)).not.toContain('box')
  })

  it('hashmap round trip: 409 with the missing blocks, POST ?update, then 201', async () => {
    await req('/c1', { method: 'PUT' })
    const data = concat(block(1), block(2), block(3, 300))
    const hashes = hashesOf(data)
    const first = await putHashmap('/c1/file.bin', data)
    expect(first.status).toBe(409)
    expect(await first.json()).toEqual(hashes)
    const updates = pithos.updateRequests
    const one = await postBlock('c1', block(1))
    expect(one.status).toBe(202)
    expect(await one.json()).toEqual([hashes[0]])
    // A body longer than a block is cut into blocks, answered in order.
    const rest = await postBlock('c1', concat(block(2), block(3, 300)))
    expect(await rest.json()).toEqual([hashes[1], hashes[2]])
    expect(pithos.updateRequests).toBe(updates + 2)
    const done = await putHashmap('/c1/file.bin', data)
    expect(done.status).toBe(201)
    expect(done.headers.get('etag')).toBe(merkle(hashes))
    expect(done.headers.get('x-object-version')).toMatch(/^\d+$/)
    const map = await req('/c1/file.bin?hashmap&format=json')
    expect(await map.json()).toMatchObject({ block_size: BS, block_hash: 'sha256', bytes: data.byteLength, hashes })
    const got = await req('/c1/file.bin')
    expect(got.status).toBe(200)
    expect(got.headers.get('x-object-hash')).toBe(merkle(hashes))
    expect(await bytesOf(got)).toEqual(data)
    expect(pithos.objectBytes(DEMO, 'c1', 'file.bin')).toEqual(data)
    // Text format answers the missing hashes one a line.
    const text = await req('/c1/other.bin?hashmap', { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: JSON.stringify({ bytes: BS, hashes: [sha('nope')] }) })
    expect(text.status).toBe(409)
    expect(await text.text()).toBe(`${sha('nope')}\n`)
  })

  it('refuses hashmaps that do not fit their size, bad JSON and a missing Content-Type', async () => {
    await req('/c2', { method: 'PUT' })
    const data = concat(block(4), block(5))
    expect((await putHashmap('/c2/x', data, { hashes: hashesOf(data).slice(0, 1) })).status).toBe(400)
    const tooMany = await putHashmap('/c2/x', block(4), { hashes: hashesOf(data) })
    expect(tooMany.status).toBe(400)
    expect(await tooMany.text()).toBe("The object's size does not match with the object's hashmap length\n")
    expect((await req('/c2/x?hashmap&format=json', { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: '{nope' })).status).toBe(400)
    expect((await req('/c2/x?hashmap&format=json', { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ bytes: 1, hashes: ['zz'] }) })).status).toBe(400)
    expect((await req('/c2/x', { method: 'PUT', body: new Uint8Array([1]) })).status).toBe(411)
    expect((await putHashmap('/missing/x', data)).status).toBe(404)
  })

  it('stores identical blocks once, across objects and accounts', async () => {
    await req('/c3', { method: 'PUT' })
    const a = block(6)
    const data = concat(a, a, block(7), a)
    const missing = await putHashmap('/c3/rep.bin', data)
    expect(await missing.json()).toEqual([blockHash(a), blockHash(block(7))]) // each hash once
    const before = pithos.blockCount()
    await postBlock('c3', concat(a, block(7)))
    expect(pithos.blockCount()).toBe(before + 2)
    expect((await putHashmap('/c3/rep.bin', data)).status).toBe(201)
    expect(await bytesOf(await req('/c3/rep.bin'))).toEqual(data)
    // The same content elsewhere, even in another account, costs only the hashmap PUT.
    const updates = pithos.updateRequests
    expect((await putHashmap('/c3/copy.bin', data)).status).toBe(201)
    await req('/shared', { method: 'PUT', token: admin, account: ADMIN })
    expect((await putHashmap('/shared/rep.bin', data, { token: admin, account: ADMIN })).status).toBe(201)
    expect(pithos.updateRequests).toBe(updates)
    expect(pithos.blockCount()).toBe(before + 2)
    // A plain PUT of the same bytes adds no block either.
    expect((await put('/c3/plain.bin', data)).status).toBe(201)
    expect(pithos.blockCount()).toBe(before + 2)
  })

  it('hashes blocks without their trailing NULs; an all-NUL block is the empty hash and is always known', async () => {
    await req('/c4', { method: 'PUT' })
    const padded = concat(enc.encode('abc'), new Uint8Array(BS - 3))
    const zeros = new Uint8Array(BS)
    const tail = new Uint8Array(10) // a short last block of NULs
    const data = concat(padded, zeros, tail)
    const hashes = hashesOf(data)
    expect(hashes).toEqual([sha('abc'), sha(''), sha('')])
    const first = await putHashmap('/c4/sparse.bin', data)
    expect(await first.json()).toEqual([sha('abc')]) // the NUL blocks are never missing
    const stored = await postBlock('c4', padded)
    expect(await stored.json()).toEqual([sha('abc')])
    expect((await putHashmap('/c4/sparse.bin', data)).status).toBe(201)
    const got = await bytesOf(await req('/c4/sparse.bin'))
    expect(got.byteLength).toBe(BS * 2 + 10)
    expect(got).toEqual(data)
    // 'abc' sent unpadded is the same block: the padding comes back from the object's size.
    expect((await putHashmap('/c4/abc', enc.encode('abc'))).status).toBe(201)
    expect(await (await req('/c4/abc')).text()).toBe('abc')
    const empty = await putHashmap('/c4/empty', new Uint8Array(0), { hashes: [] })
    expect(empty.status).toBe(201)
    expect(empty.headers.get('etag')).toBe(sha(''))
    expect(await (await req('/c4/empty?hashmap&format=json')).json()).toMatchObject({ bytes: 0, hashes: [sha('')] })
  })

  it('serves ranges, HEAD and conditional reads', async () => {
    await req('/c5', { method: 'PUT' })
    const data = concat(block(8), block(9, 500))
    const etag = (await put('/c5/r.bin', data, { 'Content-Type': 'application/x-test' })).headers.get('etag')!
    const range = async (spec: string) => req('/c5/r.bin', { headers: { Range: spec } })
    const mid = await range('bytes=1000-1100')
    expect(mid.status).toBe(206)
    expect(mid.headers.get('content-range')).toBe(`bytes 1000-1100/${data.byteLength}`)
    expect(await bytesOf(mid)).toEqual(data.subarray(1000, 1101))
    const open = await range('bytes=1500-')
    expect(open.headers.get('content-range')).toBe(`bytes 1500-1523/1524`)
    expect(await bytesOf(open)).toEqual(data.subarray(1500))
    const suffix = await range('bytes=-24')
    expect(await bytesOf(suffix)).toEqual(data.subarray(1500))
    const clipped = await range('bytes=1520-99999')
    expect(clipped.headers.get('content-range')).toBe('bytes 1520-1523/1524')
    const outside = await range('bytes=5000-6000')
    expect(outside.status).toBe(416)
    expect(outside.headers.get('content-range')).toBe('bytes */1524')
    const multi = await range('bytes=0-1,-2')
    expect(multi.status).toBe(206)
    expect(multi.headers.get('content-type')).toMatch(/^multipart\/byteranges; boundary=/)
    expect(await multi.text()).toContain('Content-Range: bytes 1522-1523/1524')
    const head = await req('/c5/r.bin', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe('1524')
    expect(head.headers.get('content-type')).toBe('application/x-test')
    expect(head.headers.get('x-object-uuid')).toMatch(/^[0-9a-f-]{36}$/)
    expect(head.headers.get('x-object-modified-by')).toBe('demo-user-id')
    expect((await req('/c5/r.bin', { headers: { 'If-None-Match': etag } })).status).toBe(304)
    expect((await req('/c5/r.bin', { headers: { 'If-None-Match': `"${etag}"` } })).status).toBe(304)
    expect((await req('/c5/r.bin', { headers: { 'If-Match': 'other' } })).status).toBe(412)
    expect((await req('/c5/r.bin', { headers: { 'If-Match': etag } })).status).toBe(200)
    expect((await req('/c5/r.bin', { headers: { Range: 'bytes=0-9', 'If-Range': 'stale' } })).status).toBe(200)
    // Writes are conditional too.
    expect((await put('/c5/r.bin', 'x', { 'If-None-Match': '*' })).status).toBe(412)
    expect((await put('/c5/r.bin', 'x', { 'If-Match': 'other' })).status).toBe(412)
    expect((await req('/c5/nothing')).status).toBe(404)
  })

  it('shares objects with X-Object-Sharing and publishes them with X-Object-Public', async () => {
    await req('/c6', { method: 'PUT' })
    await put('/c6/doc.txt', 'shared text', { 'X-Object-Meta-Owner': 'demo' })
    await put('/c6/private.txt', 'private')
    expect((await req('/c6/doc.txt', { token: admin })).status).toBe(403)
    expect((await req('/c6/doc.txt?update', { method: 'POST', headers: { 'X-Object-Sharing': 'read=admin-user-id;write=nobody' } })).status).toBe(202)
    const head = await req('/c6/doc.txt', { method: 'HEAD' })
    expect(head.headers.get('x-object-sharing')).toBe('read=admin-user-id; write=nobody')
    expect(head.headers.get('x-object-meta-owner')).toBe('demo') // ?update kept the metadata
    // The admin user reads it, sees only shared objects, and cannot write.
    const shared = await req('/c6/doc.txt', { token: admin })
    expect(shared.status).toBe(200)
    expect(await shared.text()).toBe('shared text')
    expect(shared.headers.get('x-object-allowed-to')).toBe('read')
    expect((await req('/c6/private.txt', { token: admin })).status).toBe(403)
    expect(await (await req('/c6', { token: admin })).text()).toBe('doc.txt\n')
    expect(await (await fetch(`${cloud.baseUrl}/pithos/v1`, { headers: { 'X-Auth-Token': admin } })).text()).toBe(`${DEMO}\n`)
    expect((await req('/c6/doc.txt', { method: 'PUT', token: admin, headers: { 'Content-Type': 'text/plain' }, body: 'mine' })).status).toBe(403)
    // Write access by project id lets the admin project replace it.
    await req('/c6/doc.txt?update', { method: 'POST', headers: { 'X-Object-Sharing': `read=admin-user-id;write=${ADMIN}` } })
    expect((await req('/c6/doc.txt', { method: 'PUT', token: admin, headers: { 'Content-Type': 'text/plain' }, body: 'edited' })).status).toBe(201)
    expect(await (await req('/c6/doc.txt')).text()).toBe('edited')
    expect((await req('/c6/doc.txt', { method: 'POST', token: admin, headers: { 'X-Object-Public': 'true' } })).status).toBe(403)
    expect((await req('/c6/doc.txt', { method: 'POST', headers: { 'X-Object-Sharing': 'bogus' } })).status).toBe(400)

    // Publishing: the owner sees the public path; anyone can GET it without a token.
    expect((await req('/c6/private.txt?update', { method: 'POST', headers: { 'X-Object-Public': 'true' } })).status).toBe(202)
    const where = (await req('/c6/private.txt', { method: 'HEAD' })).headers.get('x-object-public')!
    expect(where).toMatch(/^\/pithos\/public\/[A-Za-z0-9]{16}$/)
    expect(where).toBe(pithos.publicPath(DEMO, 'c6', 'private.txt'))
    const pub = await fetch(`${cloud.baseUrl}${where}`)
    expect(pub.status).toBe(200)
    expect(await pub.text()).toBe('private')
    expect(pub.headers.get('x-object-hash')).toBeNull() // X-Object-* stay hidden
    expect((await fetch(`${cloud.baseUrl}${where}`, { headers: { Range: 'bytes=0-2' } })).status).toBe(206)
    expect((await req('/c6/private.txt?update', { method: 'POST', headers: { 'X-Object-Public': 'false' } })).status).toBe(202)
    expect((await fetch(`${cloud.baseUrl}${where}`)).status).toBe(404)
    expect((await req('/c6/private.txt', { method: 'HEAD' })).headers.get('x-object-public')).toBeNull()
  })

  it('keeps versions: version=list, version=<id>, and until reads of objects and listings', async () => {
    await req('/c7', { method: 'PUT' })
    const v1 = (await put('/c7/v.txt', 'one')).headers.get('x-object-version')!
    // `until` is whole seconds and includes versions written at or before it: round up past the write.
    const t1 = Math.ceil(cloud.clock.now() / 1000)
    cloud.clock.advance(2000)
    const v2 = (await put('/c7/v.txt', 'two')).headers.get('x-object-version')!
    await put('/c7/later.txt', 'later')
    const t2 = Math.ceil(cloud.clock.now() / 1000)
    cloud.clock.advance(2000)
    expect((await req('/c7/v.txt', { method: 'DELETE' })).status).toBe(204)
    expect((await req('/c7/v.txt')).status).toBe(404)
    const list = (await (await req('/c7/v.txt?version=list&format=json')).json()) as { versions: [number, number][] }
    expect(list.versions.map(([id]) => String(id))).toEqual([v1, v2])
    expect(list.versions[0]![1]).toBeCloseTo(t1, -1)
    expect((await req('/c7/v.txt?version=list')).status).toBe(400) // a version list needs a format
    expect(await (await req(`/c7/v.txt?version=${v1}`)).text()).toBe('one')
    expect((await req('/c7/v.txt?version=999999')).status).toBe(404)
    expect(await (await req(`/c7/v.txt?until=${t1}`)).text()).toBe('one')
    expect(await (await req(`/c7/v.txt?until=${t2}`)).text()).toBe('two')
    expect(await (await req(`/c7?until=${t1}`)).text()).toBe('v.txt\n')
    expect(await (await req(`/c7?until=${t2}`)).text()).toBe('later.txt\nv.txt\n')
    expect(await (await req('/c7')).text()).toBe('later.txt\n')
    expect((await req(`/c7?until=${t2}`, { method: 'HEAD' })).headers.get('x-container-object-count')).toBe('2')
    expect(pithos.objectVersions(DEMO, 'c7', 'v.txt')).toHaveLength(2)
    // Versioning none keeps only the latest.
    await req('/c7b', { method: 'PUT', headers: { 'X-Container-Policy-Versioning': 'none' } })
    await put('/c7b/x', 'a')
    await put('/c7b/x', 'b')
    expect(((await (await req('/c7b/x?version=list&format=json')).json()) as { versions: unknown[] }).versions).toHaveLength(1)
    // Metadata POSTs are versions too; without ?update they replace all metadata.
    await put('/c7/m.txt', 'm', { 'X-Object-Meta-A': '1', 'X-Object-Meta-B': '2' })
    await req('/c7/m.txt?update', { method: 'POST', headers: { 'X-Object-Meta-A': '' } })
    const merged = await req('/c7/m.txt', { method: 'HEAD' })
    expect([merged.headers.get('x-object-meta-a'), merged.headers.get('x-object-meta-b')]).toEqual([null, '2'])
    await req('/c7/m.txt', { method: 'POST', headers: { 'X-Object-Meta-C': '3' } })
    const replaced = await req('/c7/m.txt', { method: 'HEAD' })
    expect([replaced.headers.get('x-object-meta-b'), replaced.headers.get('x-object-meta-c')]).toEqual([null, '3'])
    expect(pithos.objectVersions(DEMO, 'c7', 'm.txt')).toHaveLength(3)
  })

  it('inherits sharing from directory objects, resolves account groups, and enforces quotas', async () => {
    await req('/c10', { method: 'PUT' })
    await put('/c10/docs', '', { 'Content-Type': 'application/directory' })
    await put('/c10/docs/a.txt', 'a')
    // Groups are X-Account-Group-<name>: members; sharing names them as <account>:<group>.
    expect((await req('', { method: 'POST', headers: { 'X-Account-Group-Team': 'admin-user-id,someone' } })).status).toBe(202)
    expect((await req('', { method: 'HEAD' })).headers.get('x-account-group-team')).toBe('admin-user-id,someone')
    await req('/c10/docs?update', { method: 'POST', headers: { 'X-Object-Sharing': `write=${DEMO}:team` } })
    const inherited = await req('/c10/docs/a.txt', { token: admin })
    expect(inherited.status).toBe(200)
    expect(inherited.headers.get('x-object-shared-by')).toBe(`${DEMO}/c10/docs`)
    expect(inherited.headers.get('x-object-allowed-to')).toBe('write')
    // Write access to the directory lets the group create objects in it, but not elsewhere.
    expect((await req('/c10/docs/new.txt', { method: 'PUT', token: admin, headers: { 'Content-Type': 'text/plain' }, body: 'new' })).status).toBe(201)
    expect((await req('/c10/elsewhere.txt', { method: 'PUT', token: admin, headers: { 'Content-Type': 'text/plain' }, body: 'no' })).status).toBe(403)
    expect((await req('/c10/docs/new.txt', { method: 'HEAD' })).headers.get('x-object-modified-by')).toBe('admin-user-id')
    const shared = (await (await req('/c10?format=json&shared')).json()) as { name: string }[]
    expect(shared.map((e) => e.name)).toEqual(['docs', 'docs/a.txt', 'docs/new.txt'])
    // In-place updates: append, overwrite a range, truncate.
    await put('/c10/log', 'hello')
    expect((await req('/c10/log', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': 'bytes */*' }, body: ' world' })).status).toBe(204)
    expect(await (await req('/c10/log')).text()).toBe('hello world')
    await req('/c10/log', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': 'bytes 0-4/*' }, body: 'HELLO' })
    expect(await (await req('/c10/log')).text()).toBe('HELLO world')
    await req('/c10/log', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': 'bytes 0-0/*', 'X-Object-Bytes': '3' }, body: 'J' })
    expect(await (await req('/c10/log')).text()).toBe('JEL')
    expect((await req('/c10/log', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': 'bytes 9-9/*' }, body: 'x' })).status).toBe(416)
    // Quota in bytes: a write that would exceed it is 413.
    await req('/small', { method: 'PUT', headers: { 'X-Container-Policy-Quota': '10' } })
    expect((await put('/small/a', '12345678')).status).toBe(201)
    expect((await put('/small/b', '12345')).status).toBe(413)
    expect((await put('/small/a', '1234567890')).status).toBe(201) // replacing counts the old size out
  })

  it('copies and moves with Destination, X-Copy-From and X-Move-From', async () => {
    await req('/c8', { method: 'PUT' })
    await put('/c8/src.txt', 'source', { 'X-Object-Meta-Tag': 'a' })
    const uuid = (await req('/c8/src.txt', { method: 'HEAD' })).headers.get('x-object-uuid')
    expect((await req('/c8/copy.txt', { method: 'PUT', headers: { 'X-Copy-From': '/c8/src.txt', 'X-Object-Meta-Extra': 'b' } })).status).toBe(201)
    const copy = await req('/c8/copy.txt')
    expect(await copy.text()).toBe('source')
    expect([copy.headers.get('x-object-meta-tag'), copy.headers.get('x-object-meta-extra')]).toEqual(['a', 'b'])
    expect(copy.headers.get('x-object-uuid')).not.toBe(uuid)
    expect((await req('/c8/src.txt', { method: 'COPY', headers: { Destination: '/c8/copy2.txt' } })).status).toBe(201)
    expect((await req('/c8/src.txt', { method: 'MOVE', headers: { Destination: '/c8/moved.txt' } })).status).toBe(201)
    expect((await req('/c8/src.txt')).status).toBe(404)
    const moved = await req('/c8/moved.txt', { method: 'HEAD' })
    expect(moved.headers.get('x-object-uuid')).toBe(uuid)
    expect((await req('/c8/back.txt', { method: 'PUT', headers: { 'X-Move-From': '/c8/moved.txt' } })).status).toBe(201)
    expect(pithos.objectNames(DEMO, 'c8')).toEqual(['back.txt', 'copy.txt', 'copy2.txt'])
    expect((await req('/c8/x', { method: 'PUT', headers: { 'X-Copy-From': '/c8/none' } })).status).toBe(404)
  })

  it('fails and corrupts block uploads on request', async () => {
    await req('/c9', { method: 'PUT' })
    const b = block(10)
    const h = blockHash(b)
    pithos.failBlock(h, { times: 2 })
    const updates = pithos.updateRequests
    const failed = await postBlock('c9', b)
    expect(failed.status).toBe(503)
    expect((await postBlock('c9', b)).status).toBe(503)
    expect(pithos.hasBlock(h)).toBe(false)
    expect((await postBlock('c9', b)).status).toBe(202)
    expect(pithos.hasBlock(h)).toBe(true)
    expect(pithos.updateRequests).toBe(updates + 3)
    // A block that never uploads: the hashmap PUT keeps reporting it.
    const never = block(11)
    pithos.failBlock(blockHash(never), { times: 'always' })
    for (let i = 0; i < 5; i++) expect((await postBlock('c9', never)).status).toBe(503)
    expect(await (await putHashmap('/c9/never.bin', never)).json()).toEqual([blockHash(never)])
    // Failing one block of a multi-block body fails the request and stores nothing.
    const before = pithos.blockCount()
    expect((await postBlock('c9', concat(block(12), never))).status).toBe(503)
    expect(pithos.blockCount()).toBe(before)
    pithos.clearFaults()
    expect((await postBlock('c9', never)).status).toBe(202)
    // A corrupted block: the server answers another hash and still lacks the client's block.
    const c = block(13)
    pithos.corruptNextBlock()
    const corrupted = (await (await postBlock('c9', c)).json()) as string[]
    expect(corrupted).toHaveLength(1)
    expect(corrupted[0]).not.toBe(blockHash(c))
    expect(await (await putHashmap('/c9/c.bin', c)).json()).toEqual([blockHash(c)])
    expect(await (await postBlock('c9', c)).json()).toEqual([blockHash(c)]) // only the next block was corrupted
    expect((await putHashmap('/c9/c.bin', c)).status).toBe(201)
  })

  it('answers JSON faults when asked to, as Synnefo 0.14+ does', async () => {
    const other = await createFakeCloud({ baseUrl: 'http://json.strato.test' })
    const p = createFakePithos({ keystone: other.keystone, clock: other.clock, errorFormat: 'json' })
    other.addService({ ...p.service, prefix: '/pithos-json', catalogPath: '/pithos-json/v1/%(project_id)s' })
    msw.use(...other.handlers)
    const token = await tokenFor(other.baseUrl, 'demo', 'demo-secret', 'demo')
    const r = await fetch(`${other.baseUrl}/pithos-json/v1/${DEMO}/none`, { method: 'HEAD', headers: { 'X-Auth-Token': token } })
    expect(r.status).toBe(404)
    const g = await fetch(`${other.baseUrl}/pithos-json/v1/${DEMO}/none`, { headers: { 'X-Auth-Token': token } })
    expect(await g.json()).toEqual({ itemNotFound: { code: 404, message: 'Container does not exist', details: '' } })
    expect(p.blockSize).toBe(4 * 1024 * 1024)
  })
})

describe('fake Pithos over real HTTP and through PithosClient', () => {
  it('does the hashmap protocol on 127.0.0.1 and serves public URLs there', async () => {
    const cloud = await createFakeCloud({ pithosBlockSize: BS })
    const server = await cloud.listen()
    try {
      const token = await tokenFor(server.url, 'demo', 'demo-secret', 'demo')
      const base = `${server.url}/pithos/v1/${DEMO}`
      const h = { 'X-Auth-Token': token }
      expect((await fetch(`${base}/net`, { method: 'PUT', headers: h })).status).toBe(201)
      const data = concat(block(20), block(21, 100))
      const body = JSON.stringify({ bytes: data.byteLength, hashes: hashesOf(data) })
      const hm = { ...h, 'Content-Type': 'application/octet-stream' }
      const missing = await fetch(`${base}/net/o.bin?hashmap&format=json`, { method: 'PUT', headers: hm, body })
      expect(missing.status).toBe(409)
      expect(await missing.json()).toEqual(hashesOf(data))
      const up = await fetch(`${base}/net?update&format=json`, { method: 'POST', headers: hm, body: data })
      expect(await up.json()).toEqual(hashesOf(data))
      expect((await fetch(`${base}/net/o.bin?hashmap&format=json`, { method: 'PUT', headers: hm, body })).status).toBe(201)
      const ranged = await fetch(`${base}/net/o.bin`, { headers: { ...h, Range: 'bytes=1020-1030' } })
      expect(ranged.status).toBe(206)
      expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(data.subarray(1020, 1031))
      await fetch(`${base}/net/o.bin`, { method: 'POST', headers: { ...h, 'X-Object-Public': 'true' } })
      const where = (await fetch(`${base}/net/o.bin`, { method: 'HEAD', headers: h })).headers.get('x-object-public')!
      const pub = await fetch(`${server.url}${where}`)
      expect(new Uint8Array(await pub.arrayBuffer())).toEqual(data)
    } finally {
      await server.close()
    }
  })

  it("fits strato's PithosClient: upload resends a failed block, rejects a corrupted one, and re-uploads cost nothing", async () => {
    const cloud = await createFakeCloud({ pithosBlockSize: BS })
    const pithos = cloud.pithos
    const server = await cloud.listen()
    try {
      const session = await KeystoneSession.password({ authUrl: `${server.url}/identity/v3`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
      const client = new PithosClient({ session, serviceType: 'pithos', retry: false })
      await (await client.put('/up')).discard()
      const data = concat(block(30), block(31), block(30), block(32, 7))
      pithos.failBlock(blockHash(block(31)))
      const first = await client.uploadHashmap('up', 'f.bin', data)
      expect(first).toMatchObject({ blocks: 4, blocksSent: 3, rounds: 3 })
      expect(pithos.objectBytes(DEMO, 'up', 'f.bin')).toEqual(data)
      const again = await client.uploadHashmap('up', 'g.bin', data)
      expect(again).toMatchObject({ blocksSent: 0, rounds: 1 })
      pithos.corruptNextBlock()
      const other = block(33)
      const fixed = await client.uploadHashmap('up', 'h.bin', other)
      expect(fixed.blocksSent).toBe(1)
      expect(fixed.rounds).toBe(3)
      await session.close()
    } finally {
      await server.close()
    }
  })
})
