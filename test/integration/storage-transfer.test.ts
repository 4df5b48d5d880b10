// test/integration/storage-transfer.test.ts — segmented uploads, verified downloads, bulk delete, corruption and re-auth on a real Swift.
// A missing server fails these tests: nothing here is skipped.
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parallel } from '../../src/core/concurrency.js'
import { AbortError } from '../../src/core/errors.js'
import type { KeystoneSession } from '../../src/auth/keystone.js'
import { StorageClient } from '../../src/storage/client.js'
import { ChecksumError } from '../../src/storage/errors.js'
import { corruptingProxy } from './support/corrupting-proxy.js'
import { bytes, env, swiftClient, unique, type SwiftAuth, type SwiftFixture } from './support/swift.js'

const MiB = 1024 * 1024
const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex')

async function segmentNames(fx: SwiftFixture, container: string): Promise<string[]> {
  try {
    return (await fx.storage.objects.list(`${container}_segments`).toArray()).map((e) => ('name' in e ? e.name : e.subdir))
  } catch {
    return []
  }
}

describe.each<SwiftAuth>(['tempauth', 'keystone'])('transfers on a real Swift (%s)', (auth) => {
  let fx: SwiftFixture
  let c: string
  let dir: string
  beforeAll(async () => {
    fx = await swiftClient(auth)
    c = unique('xfer')
    dir = await mkdtemp(join(tmpdir(), 'strato-xfer-'))
    await fx.storage.containers.create(c)
  })
  afterAll(async () => {
    for (const name of [c, `${c}_segments`]) await fx?.storage.containers.delete(name, { force: true }).catch(() => undefined)
    await fx?.close()
  })

  it('forced SLO from a file: parallel segments, manifest ETag, verified segment-by-segment download', async () => {
    const data = bytes(5 * MiB + 123, 7)
    const file = join(dir, 'slo.bin')
    await writeFile(file, data)
    const seen: number[] = []
    const r = await fx.storage.upload(c, 'big/slo.bin', file, { segmentSize: MiB, concurrency: 4, onProgress: (p) => seen.push(p.segmentsDone) })
    expect(r).toMatchObject({ size: data.length, segments: 6, manifest: 'slo', skipped: false })
    expect(seen.at(-1)).toBe(6)
    const head = await fx.storage.objects.head(c, 'big/slo.bin')
    expect(head.manifest).toBe('slo')
    expect(head.etag).toBe(r.etag)
    const out = join(dir, 'slo.out')
    const d = await fx.storage.download(c, 'big/slo.bin', out, { concurrency: 3 })
    expect(d).toMatchObject({ size: data.length, manifest: 'slo', parts: 6, verified: true })
    expect(md5(await readFile(out))).toBe(md5(data))
  })

  it('forced DLO from a web stream; download by segments', async () => {
    const data = bytes(3 * MiB + 5, 8)
    const r = await fx.storage.upload(c, 'big/dlo.bin', new Blob([data as Uint8Array<ArrayBuffer>]).stream(), { segmentSize: MiB, useSlo: false })
    expect(r).toMatchObject({ size: data.length, segments: 4, manifest: 'dlo' })
    const head = await fx.storage.objects.head(c, 'big/dlo.bin')
    expect(head.manifest).toBe('dlo')
    expect(head.size).toBe(data.length)
    const out = join(dir, 'dlo.out')
    expect(await fx.storage.download(c, 'big/dlo.bin', out)).toMatchObject({ manifest: 'dlo', parts: 4, verified: true })
    expect(md5(await readFile(out))).toBe(md5(data))
  })

  it('small sources go up in one PUT; a plain object downloads in parallel ranges', async () => {
    const data = bytes(2 * MiB + 17, 9)
    const r = await fx.storage.upload(c, 'plain.bin', data)
    expect(r).toMatchObject({ segments: 0, manifest: null, etag: md5(data) })
    const out = join(dir, 'plain.out')
    expect(await fx.storage.download(c, 'plain.bin', out, { rangeSize: 256 * 1024, concurrency: 4 })).toMatchObject({ parts: 9, verified: true })
    expect(md5(await readFile(out))).toBe(md5(data))
    const empty = await fx.storage.upload(c, 'empty.bin', new Uint8Array(0))
    expect(empty.size).toBe(0)
    const eout = join(dir, 'empty.out')
    expect(await fx.storage.download(c, 'empty.bin', eout)).toMatchObject({ size: 0, parts: 0 })
    expect((await readFile(eout)).length).toBe(0)
  })

  it('overwriting a segmented object removes its old segments; skipIdentical sends nothing', async () => {
    const first = join(dir, 'ow1.bin')
    await writeFile(first, bytes(3 * MiB, 10))
    await fx.storage.upload(c, 'ow.bin', first, { segmentSize: MiB })
    const before = (await segmentNames(fx, c)).filter((n) => n.startsWith('ow.bin/'))
    expect(before).toHaveLength(3)
    const again = await fx.storage.upload(c, 'ow.bin', first, { segmentSize: MiB, skipIdentical: true })
    expect(again.skipped).toBe(true)
    const second = join(dir, 'ow2.bin')
    await writeFile(second, bytes(2 * MiB + 1, 11))
    await fx.storage.upload(c, 'ow.bin', second, { segmentSize: MiB })
    const after = (await segmentNames(fx, c)).filter((n) => n.startsWith('ow.bin/'))
    expect(after).toHaveLength(3)
    expect(after.some((n) => before.includes(n))).toBe(false)
    await fx.storage.upload(c, 'ow.bin', Buffer.from('now small'))
    expect((await segmentNames(fx, c)).filter((n) => n.startsWith('ow.bin/'))).toEqual([])
    expect(await new Response((await fx.storage.objects.get(c, 'ow.bin')).body).text()).toBe('now small')
  })

  it('resume after an aborted upload reuses the stored segments', async () => {
    const data = bytes(8 * MiB, 12)
    const file = join(dir, 'resume.bin')
    await writeFile(file, data)
    const ac = new AbortController()
    await expect(
      fx.storage.upload(c, 'resume.bin', file, {
        segmentSize: MiB,
        concurrency: 1,
        resume: true,
        signal: ac.signal,
        onProgress: (p) => p.segmentsDone === 3 && ac.abort(),
      }),
    ).rejects.toBeInstanceOf(AbortError)
    expect((await segmentNames(fx, c)).filter((n) => n.startsWith('resume.bin/')).length).toBeGreaterThanOrEqual(3)
    const r = await fx.storage.upload(c, 'resume.bin', file, { segmentSize: MiB, resume: true })
    expect(r.reusedSegments).toBeGreaterThanOrEqual(3)
    expect(r.segments).toBe(8)
    const out = join(dir, 'resume.out')
    await fx.storage.download(c, 'resume.bin', out)
    expect(md5(await readFile(out))).toBe(md5(data))
  })

  it('an aborted upload without resume leaves no segments behind', async () => {
    const ac = new AbortController()
    await expect(
      fx.storage.upload(c, 'gone.bin', bytes(6 * MiB, 13), { segmentSize: MiB, concurrency: 2, signal: ac.signal, onProgress: (p) => p.segmentsDone === 2 && ac.abort() }),
    ).rejects.toBeInstanceOf(AbortError)
    expect((await segmentNames(fx, c)).filter((n) => n.startsWith('gone.bin/'))).toEqual([])
    await expect(fx.storage.objects.head(c, 'gone.bin')).rejects.toMatchObject({ status: 404 })
  })

  it('copying a large object shares its manifest unless asked to concatenate', async () => {
    await fx.storage.upload(c, 'lo.bin', bytes(2 * MiB + 1, 14), { segmentSize: MiB })
    await fx.storage.objects.copy(c, 'lo.bin', c, 'lo-copy.bin')
    expect((await fx.storage.objects.head(c, 'lo-copy.bin')).manifest).toBe('slo')
    await fx.storage.objects.copy(c, 'lo.bin', c, 'lo-flat.bin', { concatenate: true })
    const flat = await fx.storage.objects.head(c, 'lo-flat.bin')
    expect(flat.manifest).toBeNull()
    expect(flat.size).toBe(2 * MiB + 1)
  })
})

describe('transfers on a real Swift: failure paths (tempauth)', () => {
  let fx: SwiftFixture
  let c: string
  beforeAll(async () => {
    fx = await swiftClient('tempauth')
    c = unique('fail')
    await fx.storage.containers.create(c)
  })
  afterAll(async () => {
    for (const name of [c, `${c}_segments`]) await fx?.storage.containers.delete(name, { force: true }).catch(() => undefined)
    await fx?.close()
  })

  it('a segment corrupted once on the way is detected and sent again', async () => {
    let n = 0
    const proxy = await corruptingProxy(env('STRATO_SWIFT_TEMPAUTH_PROXY'), (_m, p) => p.includes('_segments/') && ++n === 2)
    const endpoint = (await fx.storage.endpoint()).replace(env('STRATO_SWIFT_TEMPAUTH_PROXY'), proxy.url)
    await using storage = new StorageClient({ endpoint, token: () => fx.session.token() })
    try {
      const data = bytes(4 * MiB, 15)
      const r = await storage.upload(c, 'healed.bin', data, { segmentSize: MiB, concurrency: 1 })
      expect(proxy.corrupted).toBe(1)
      expect(r.segments).toBe(4)
      const got = new Uint8Array(await new Response((await fx.storage.objects.get(c, 'healed.bin')).body).arrayBuffer())
      expect(md5(got)).toBe(md5(data))
    } finally {
      await proxy.close()
    }
  })

  it('a segment corrupted every time fails the upload with ChecksumError and stores nothing', async () => {
    const proxy = await corruptingProxy(env('STRATO_SWIFT_TEMPAUTH_PROXY'), (_m, p) => p.endsWith('/00000001'))
    const endpoint = (await fx.storage.endpoint()).replace(env('STRATO_SWIFT_TEMPAUTH_PROXY'), proxy.url)
    await using storage = new StorageClient({ endpoint, token: () => fx.session.token() })
    try {
      await expect(storage.upload(c, 'bad.bin', bytes(3 * MiB, 16), { segmentSize: MiB })).rejects.toBeInstanceOf(ChecksumError)
      await expect(fx.storage.objects.head(c, 'bad.bin')).rejects.toMatchObject({ status: 404 })
      expect((await segmentNames(fx, c)).filter((x) => x.startsWith('bad.bin/'))).toEqual([])
      // A single PUT whose bytes were altered is removed, never left looking valid.
      const single = await corruptingProxy(env('STRATO_SWIFT_TEMPAUTH_PROXY'), (_m, p) => p.endsWith('/single.bin'))
      await using direct = new StorageClient({ endpoint: endpoint.replace(proxy.url, single.url), token: () => fx.session.token() })
      await expect(direct.objects.put(c, 'single.bin', { file: await tmpFile(bytes(100_000, 17)) })).rejects.toBeInstanceOf(ChecksumError)
      await expect(fx.storage.objects.head(c, 'single.bin')).rejects.toMatchObject({ status: 404 })
      await single.close()
    } finally {
      await proxy.close()
    }
  })

  it('bulk delete of 2,500 objects, with per-item results', async () => {
    const names = Array.from({ length: 2500 }, (_, i) => `bulk/${String(i).padStart(5, '0')} ü`)
    const t0 = performance.now()
    await parallel(names, (n, _i, signal) => fx.storage.objects.put(c, n, 'x', { signal }), { concurrency: 24 })
    const t1 = performance.now()
    const r = await fx.storage.bulkDelete([...names.map((n) => `${c}/${n}`), `${c}/bulk/never-existed`], { batchSize: 1000 })
    console.log(`2500 PUTs ${Math.round(t1 - t0)} ms, bulk delete ${Math.round(performance.now() - t1)} ms`)
    expect(r.deleted).toBe(2500)
    expect(r.notFound).toBe(1)
    expect(r.errors).toEqual([])
    expect(r.results).toHaveLength(2501)
    expect(r.results.every((x) => x.ok)).toBe(true)
    expect(await fx.storage.objects.list(c, { prefix: 'bulk/' }).toArray()).toEqual([])
    const notEmpty = unique('full')
    await fx.storage.containers.create(notEmpty)
    await fx.storage.objects.put(notEmpty, 'x', 'x')
    const refused = await fx.storage.bulkDelete([notEmpty])
    expect(refused.results[0]).toMatchObject({ ok: false, status: 409 })
    await fx.storage.containers.delete(notEmpty, { force: true })
  }, 180_000)
})

describe('transfers on a real Swift: re-authentication (keystone)', () => {
  it('a token revoked mid-upload is replaced once and the upload completes', async () => {
    const fx = await swiftClient('keystone')
    const c = unique('reauth')
    try {
      await fx.storage.containers.create(c)
      const session = fx.session as KeystoneSession
      const victim = await session.token()
      const authUrl = env('STRATO_KEYSTONE_URL').replace(/\/+$/, '').replace(/(\/v3)?$/, '/v3')
      const admin = await fetch(`${authUrl}/auth/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'admin', domain: { id: 'default' }, password: 'secret' } } }, scope: { project: { name: 'admin', domain: { id: 'default' } } } } }),
      })
      const adminToken = admin.headers.get('x-subject-token')!
      let revoked: Promise<Response> | undefined
      const data = bytes(20 * 256 * 1024, 18)
      const r = await fx.storage.upload(c, 'reauth.bin', data, {
        segmentSize: 256 * 1024,
        concurrency: 1,
        onProgress: (p) => {
          if (p.segmentsDone === 2 && !revoked) {
            revoked = fetch(`${authUrl}/auth/tokens`, { method: 'DELETE', headers: { 'X-Auth-Token': adminToken, 'X-Subject-Token': victim } })
          }
        },
      })
      expect((await revoked!).status).toBe(204)
      expect(r.segments).toBe(20)
      expect(session.authentications).toBe(2)
      expect(await session.token()).not.toBe(victim)
    } finally {
      for (const name of [c, `${c}_segments`]) await fx.storage.containers.delete(name, { force: true }).catch(() => undefined)
      await fx.close()
    }
  })
})

async function tmpFile(data: Uint8Array): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'strato-one-'))
  const f = join(d, 'f.bin')
  await writeFile(f, data)
  return f
}
