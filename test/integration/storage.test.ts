// test/integration/storage.test.ts — StorageClient's account, container and object verbs on a real Swift, with both auths.
// A missing server fails these tests: nothing here is skipped.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConflictError, InputError, NotFoundError, PreconditionFailedError } from '../../src/core/errors.js'
import type { ObjectListEntry } from '../../src/storage/types.js'
import { bytes, swiftClient, unique, type SwiftAuth, type SwiftFixture } from './support/swift.js'

const text = async (body: ReadableStream<Uint8Array>): Promise<string> => new Response(body).text()

describe.each<SwiftAuth>(['tempauth', 'keystone'])('StorageClient on a real Swift (%s)', (auth) => {
  let fx: SwiftFixture
  let c: string
  beforeAll(async () => {
    fx = await swiftClient(auth)
    c = unique('it')
    await fx.storage.containers.create(c)
  })
  afterAll(async () => {
    await fx?.storage.containers.delete(c, { force: true }).catch(() => undefined)
    await fx?.close()
  })

  it('account: info with capabilities, metadata set and removed', async () => {
    const { storage } = fx
    await storage.account.setMetadata({ 'strato-it': 'ja, ü' })
    let info = await storage.account.info()
    expect(info.metadata['strato-it']).toBe('ja, ü')
    expect(info.containerCount).toBeGreaterThanOrEqual(0)
    expect(info.capabilities.slo?.max_manifest_segments).toBeGreaterThan(0)
    expect(info.capabilities.bulk_delete).toBeDefined()
    await storage.account.deleteMetadata(['strato-it'])
    info = await storage.account.info()
    expect(info.metadata['strato-it']).toBeUndefined()
  })

  it('containers: create with metadata and ACLs, info, list with prefix and pages, setMetadata, delete', async () => {
    const { storage } = fx
    const base = unique('ctr')
    expect(await storage.containers.create(`${base}-a`, { metadata: { owner: 'ops' }, readAcl: '.r:*' })).toEqual({ created: true })
    expect(await storage.containers.create(`${base}-a`)).toEqual({ created: false })
    await storage.containers.create(`${base}-b`)
    await storage.containers.create(`${base}-c`)
    const info = await storage.containers.info(`${base}-a`)
    expect(info.metadata.owner).toBe('ops')
    expect(info.readAcl).toBe('.r:*')
    expect(info.storagePolicy).toBeTruthy()
    const names = (await storage.containers.list({ prefix: base, pageSize: 2 }).toArray()).map((x) => x.name)
    expect(names).toEqual([`${base}-a`, `${base}-b`, `${base}-c`])
    const reversed = (await storage.containers.list({ prefix: base, reverse: true }).toArray()).map((x) => x.name)
    expect(reversed).toEqual([`${base}-c`, `${base}-b`, `${base}-a`])
    await storage.containers.setMetadata(`${base}-a`, { tier: 'gold' }, { remove: ['owner'], readAcl: '' })
    const after = await storage.containers.info(`${base}-a`)
    expect(after.metadata).toMatchObject({ tier: 'gold' })
    expect(after.metadata.owner).toBeUndefined()
    expect(after.readAcl).toBeUndefined()
    await storage.objects.put(`${base}-b`, 'x', 'x')
    await expect(storage.containers.delete(`${base}-b`)).rejects.toBeInstanceOf(ConflictError)
    for (const s of ['a', 'b', 'c']) await storage.containers.delete(`${base}-${s}`, { force: true })
    await expect(storage.containers.info(`${base}-a`)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('objects: every source kind, unicode and slashes in names, 0 bytes', async () => {
    const { storage } = fx
    const dir = await mkdtemp(join(tmpdir(), 'strato-it-'))
    const file = join(dir, 'f.bin')
    await writeFile(file, bytes(70_000, 3))
    const sources: [string, Parameters<typeof storage.objects.put>[2], number][] = [
      ['kinds/string.txt', 'héllo wörld', Buffer.byteLength('héllo wörld')],
      ['kinds/buffer.bin', Buffer.from(bytes(1000, 4)), 1000],
      ['kinds/blob.bin', new Blob([bytes(2000, 5) as Uint8Array<ArrayBuffer>]), 2000],
      ['kinds/file.bin', { file }, 70_000],
      ['kinds/readable.bin', Readable.from([Buffer.from('abc'), Buffer.from('def')]), 6],
      ['kinds/web.bin', new Blob(['web stream']).stream(), 10],
      ['kinds/empty', '', 0],
      ['ünïcødé/ずっと/a b+c?d#e%f.txt', 'unicode', 7],
    ]
    for (const [name, source, size] of sources) {
      const r = await storage.objects.put(c, name, source)
      expect(r.etag).toMatch(/^[0-9a-f]{32}$/)
      const head = await storage.objects.head(c, name)
      expect(head.size, name).toBe(size)
      expect(head.etag).toBe(r.etag)
    }
    const got = await storage.objects.get(c, 'ünïcødé/ずっと/a b+c?d#e%f.txt')
    expect(await text(got.body)).toBe('unicode')
    const listed = await storage.objects.list(c, { prefix: 'ünïcødé/' }).toArray()
    expect(listed.map((e) => ('name' in e ? e.name : e.subdir))).toEqual(['ünïcødé/ずっと/a b+c?d#e%f.txt'])
    expect(await text((await storage.objects.get(c, 'kinds/empty')).body)).toBe('')
  })

  it('objects: listings with delimiter and pages', async () => {
    const { storage } = fx
    for (const n of ['tree/a.txt', 'tree/b/1', 'tree/b/2', 'tree/c/1', 'tree/d.txt']) await storage.objects.put(c, n, n)
    const top = await storage.objects.list(c, { prefix: 'tree/', delimiter: '/', pageSize: 2 }).toArray()
    const show = (e: ObjectListEntry): string => ('subdir' in e ? `dir:${e.subdir}` : e.name)
    expect(top.map(show)).toEqual(['tree/a.txt', 'dir:tree/b/', 'dir:tree/c/', 'tree/d.txt'])
    const b = await storage.objects.list(c, { prefix: 'tree/b/' }).toArray()
    expect(b.map(show)).toEqual(['tree/b/1', 'tree/b/2'])
    expect(b[0]).toMatchObject({ bytes: 8, content_type: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{32}$/) })
    const between = await storage.objects.list(c, { prefix: 'tree/', marker: 'tree/a.txt', endMarker: 'tree/d.txt' }).toArray()
    expect(between.map(show)).toEqual(['tree/b/1', 'tree/b/2', 'tree/c/1'])
  })

  it('objects: ranges, conditionals, metadata, content type, expiry, If-None-Match', async () => {
    const { storage } = fx
    const put = await storage.objects.put(c, 'cond.txt', '0123456789', { contentType: 'text/x-digits', metadata: { color: 'blue' }, deleteAfter: 3600 })
    const head = await storage.objects.head(c, 'cond.txt')
    expect(head.contentType).toBe('text/x-digits')
    expect(head.metadata).toEqual({ color: 'blue' })
    expect(head.deleteAt!.getTime()).toBeGreaterThan(Date.now() + 3_000_000)
    const part = await storage.objects.get(c, 'cond.txt', { range: { offset: 2, length: 3 } })
    expect(part.status).toBe(206)
    expect(part.range).toEqual({ start: 2, end: 4, total: 10 })
    expect(await text(part.body)).toBe('234')
    expect(await text((await storage.objects.get(c, 'cond.txt', { range: { suffix: 2 } })).body)).toBe('89')
    const notModified = await storage.objects.get(c, 'cond.txt', { ifNoneMatch: put.etag })
    expect(notModified.status).toBe(304)
    await expect(storage.objects.get(c, 'cond.txt', { ifMatch: 'f'.repeat(32) })).rejects.toBeInstanceOf(PreconditionFailedError)
    await expect(storage.objects.put(c, 'cond.txt', 'again', { ifNoneMatch: '*' })).rejects.toBeInstanceOf(PreconditionFailedError)
    await storage.objects.setMetadata(c, 'cond.txt', { size: 'small' }, { merge: true })
    expect((await storage.objects.head(c, 'cond.txt')).metadata).toEqual({ color: 'blue', size: 'small' })
    await storage.objects.setMetadata(c, 'cond.txt', { only: 'this' })
    expect((await storage.objects.head(c, 'cond.txt')).metadata).toEqual({ only: 'this' })
    await expect(storage.objects.put(c, 'bad-md5', 'data', { etag: 'f'.repeat(32) })).rejects.toMatchObject({ status: 422 })
  })

  it('objects: copy and move across containers, delete', async () => {
    const { storage } = fx
    const other = unique('dst')
    await storage.containers.create(other)
    try {
      await storage.objects.put(c, 'src.txt', 'copy me', { metadata: { a: '1' } })
      await storage.objects.copy(c, 'src.txt', other, 'dir/copied.txt', { metadata: { b: '2' } })
      const copied = await storage.objects.head(other, 'dir/copied.txt')
      expect(copied.metadata).toEqual({ a: '1', b: '2' })
      await storage.objects.copy(c, 'src.txt', other, 'fresh.txt', { freshMetadata: true, metadata: { only: 'x' } })
      expect((await storage.objects.head(other, 'fresh.txt')).metadata).toEqual({ only: 'x' })
      await storage.objects.move(c, 'src.txt', other, 'moved.txt')
      await expect(storage.objects.head(c, 'src.txt')).rejects.toBeInstanceOf(NotFoundError)
      expect(await text((await storage.objects.get(other, 'moved.txt')).body)).toBe('copy me')
      await storage.objects.delete(other, 'moved.txt')
      await expect(storage.objects.delete(other, 'moved.txt')).rejects.toBeInstanceOf(NotFoundError)
    } finally {
      await storage.containers.delete(other, { force: true })
    }
  })

  it('refuses bad input before any request', async () => {
    const { storage } = fx
    await expect(storage.objects.put('a/b', 'x', 'x')).rejects.toBeInstanceOf(InputError)
    await expect(storage.objects.put(c, '', 'x')).rejects.toBeInstanceOf(InputError)
    await expect(storage.objects.put(c, 'x', 'x', { metadata: { 'bad key': 'v' } })).rejects.toBeInstanceOf(InputError)
    await expect(storage.objects.get(c, 'x', { range: { offset: -1 } })).rejects.toBeInstanceOf(InputError)
    await expect(storage.upload(c, 'x', '/nonexistent/file')).rejects.toBeInstanceOf(InputError)
  })

  it('temp URL fetched without a token; expired or forged URLs refused', async () => {
    const { storage } = fx
    const key = unique('key')
    await storage.account.setMetadata({ 'Temp-URL-Key': key })
    await storage.objects.put(c, 'temp/shared file.txt', 'shared')
    for (const digest of ['sha256', 'sha1', 'sha512'] as const) {
      const url = await storage.tempUrl('GET', c, 'temp/shared file.txt', { expiresIn: 60, digest })
      const res = await fetch(url)
      expect(res.status, digest).toBe(200)
      expect(await res.text()).toBe('shared')
    }
    const prefixUrl = await storage.tempUrl('GET', c, 'temp/', { expiresIn: 60, key, prefix: true })
    const underPrefix = new URL(prefixUrl)
    underPrefix.pathname += 'shared%20file.txt'
    const viaPrefix = await fetch(underPrefix)
    expect(viaPrefix.status).toBe(200)
    const expired = await storage.tempUrl('GET', c, 'temp/shared file.txt', { expiresAt: new Date(Date.now() - 1000), key })
    expect((await fetch(expired)).status).toBe(401)
    const forged = (await storage.tempUrl('GET', c, 'temp/shared file.txt', { expiresIn: 60, key: 'wrong' }))
    expect((await fetch(forged)).status).toBe(401)
  })
})
