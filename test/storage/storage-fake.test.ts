// test/storage/storage-fake.test.ts — StorageClient against the fake cloud (msw): auth via the catalog, errors, transfers, faults.
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeystoneSession } from '../../src/auth/keystone.js'
import { AbortError, InputError, NotFoundError, ServerError } from '../../src/core/errors.js'
import { ChecksumError } from '../../src/storage/errors.js'
import { StorageClient } from '../../src/storage/client.js'
import { createFakeCloud, type FakeCloud } from '../../src/testing/index.js'

const MiB = 1024 * 1024
const md5 = (b: Uint8Array | string): string => createHash('md5').update(b).digest('hex')
const data = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff)

describe('StorageClient on the fake cloud', () => {
  let cloud: FakeCloud
  let session: KeystoneSession
  let storage: StorageClient
  let dir: string
  const msw = setupServer()
  beforeAll(async () => {
    cloud = await createFakeCloud()
    msw.use(...cloud.handlers)
    msw.listen({ onUnhandledFrame: 'error' })
    session = await KeystoneSession.password({ authUrl: `${cloud.baseUrl}/identity/v3`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
    storage = new StorageClient({ session, retry: { backoff: { baseMs: 1, maxMs: 5 } } })
    await storage.containers.create('c')
    dir = await mkdtemp(join(tmpdir(), 'strato-fake-'))
  })
  afterAll(async () => {
    await storage.close()
    msw.close()
  })

  it('finds the object store in the catalog and maps Swift HTML errors to NotFoundError', async () => {
    expect(await storage.endpoint()).toBe(`${cloud.baseUrl}/swift/v1/AUTH_demo-project-id`)
    await expect(storage.objects.head('c', 'missing')).rejects.toBeInstanceOf(NotFoundError)
    await expect(storage.objects.get('nope', 'x')).rejects.toMatchObject({ status: 404, requestId: expect.any(String) })
  })

  it('refuses bad options before any request', async () => {
    cloud.clearRequests()
    await expect(storage.upload('c', 'x', data(10, 1), { concurrency: 0 })).rejects.toBeInstanceOf(InputError)
    await expect(storage.upload('c', 'x', new Blob(['x']).stream(), { skipIdentical: true })).rejects.toBeInstanceOf(InputError)
    await expect(storage.tempUrl('GET', 'c', 'x', { expiresIn: -1, key: 'k' })).rejects.toBeInstanceOf(InputError)
    await expect(storage.tempUrl('PATCH' as 'GET', 'c', 'x', { expiresIn: 1, key: 'k' })).rejects.toBeInstanceOf(InputError)
    await expect(storage.download('c', 'x', join(dir, 'x'), { rangeSize: 0 })).rejects.toBeInstanceOf(InputError)
    await expect(storage.objects.put('c', 'x', 'x', { deleteAfter: 1.5 })).rejects.toBeInstanceOf(InputError)
    expect(cloud.requests).toEqual([])
  })

  it('a segment that fails with 503 is retried alone; the object is assembled right', async () => {
    const f = cloud.swift.faults.add({ method: 'PUT', path: /_segments\/.*\/00000001$/, status: 503, times: 2 })
    const body = data(3 * MiB + 7, 2)
    const r = await storage.upload('c', 'retried.bin', body, { segmentSize: MiB })
    expect(f.hits).toBe(2)
    expect(r).toMatchObject({ segments: 4, manifest: 'slo', size: body.length })
    expect(md5(cloud.swift.getObjectBytes('AUTH_demo-project-id', 'c', 'retried.bin')!)).toBe(md5(body))
  })

  it('a segment that keeps failing fails the upload and removes the segments already sent', async () => {
    cloud.swift.faults.add({ method: 'PUT', path: /_segments\/.*\/00000002$/, status: 500, times: Infinity })
    await expect(storage.upload('c', 'broken.bin', data(4 * MiB, 3), { segmentSize: MiB, concurrency: 1 })).rejects.toBeInstanceOf(ServerError)
    cloud.swift.faults.clear()
    expect(cloud.swift.objectNames('AUTH_demo-project-id', 'c_segments').filter((n) => n.startsWith('broken.bin/'))).toEqual([])
    await expect(storage.objects.head('c', 'broken.bin')).rejects.toBeInstanceOf(NotFoundError)
  })

  it('a corrupted segment is never referenced by a manifest', async () => {
    cloud.swift.faults.add({ method: 'PUT', path: /_segments\/.*\/00000000$/, corruptBody: true, times: Infinity })
    await expect(storage.upload('c', 'corrupt.bin', data(2 * MiB, 4), { segmentSize: MiB })).rejects.toBeInstanceOf(ChecksumError)
    cloud.swift.faults.clear()
    await expect(storage.objects.head('c', 'corrupt.bin')).rejects.toBeInstanceOf(NotFoundError)
    expect(cloud.swift.objectNames('AUTH_demo-project-id', 'c_segments').filter((n) => n.startsWith('corrupt.bin/'))).toEqual([])
  })

  it('download detects a corrupted range and leaves no file behind', async () => {
    const body = data(MiB, 5)
    await storage.upload('c', 'plain.bin', body)
    cloud.swift.faults.add({ method: 'GET', path: '/c/plain.bin', corruptBody: true })
    const out = join(dir, 'plain.out')
    await expect(storage.download('c', 'plain.bin', out, { rangeSize: 256 * 1024 })).rejects.toBeInstanceOf(ChecksumError)
    await expect(readFile(out)).rejects.toMatchObject({ code: 'ENOENT' })
    const ok = await storage.download('c', 'plain.bin', out, { rangeSize: 256 * 1024 })
    expect(ok).toMatchObject({ parts: 4, verified: true })
    expect(md5(await readFile(out))).toBe(md5(body))
  })

  it('stream sources keep at most concurrency segments in memory and report progress', async () => {
    let produced = 0
    const chunks = (async function* () {
      for (let i = 0; i < 40; i++) {
        produced++
        yield data(256 * 1024, i)
      }
    })()
    const seen: number[] = []
    const r = await storage.upload('c', 'stream.bin', new ReadableStream({
      async pull(ctl) {
        const n = await chunks.next()
        if (n.done) ctl.close()
        else ctl.enqueue(n.value)
      },
    }), { segmentSize: MiB, concurrency: 2, onProgress: (p) => seen.push(p.bytes) })
    expect(produced).toBe(40)
    expect(r).toMatchObject({ segments: 10, size: 10 * MiB })
    expect(seen.at(-1)).toBe(10 * MiB)
  })

  it('abort during an upload rejects with AbortError and cleans up', async () => {
    const ac = new AbortController()
    cloud.swift.faults.add({ method: 'PUT', path: /_segments\//, delayMs: 50, times: Infinity })
    const p = storage.upload('c', 'aborted.bin', data(4 * MiB, 6), { segmentSize: MiB, concurrency: 2, signal: ac.signal })
    setTimeout(() => ac.abort(), 20)
    await expect(p).rejects.toBeInstanceOf(AbortError)
    cloud.swift.faults.clear()
    expect(cloud.swift.objectNames('AUTH_demo-project-id', 'c_segments').filter((n) => n.startsWith('aborted.bin/'))).toEqual([])
  })

  it('bulk delete reports per-item failures; without the bulk middleware it deletes one by one', async () => {
    await storage.objects.put('c', 'b1', '1')
    await storage.containers.create('full')
    await storage.objects.put('full', 'x', 'x')
    const r = await storage.bulkDelete(['c/b1', 'c/never', 'full'])
    expect(r).toMatchObject({ deleted: 1, notFound: 1 })
    expect(r.results).toEqual([{ path: 'c/b1', ok: true }, { path: 'c/never', ok: true }, { path: 'full', ok: false, status: 409, reason: 'Conflict' }])
    cloud.swift.disable('bulk_delete')
    const plain = new StorageClient({ session })
    try {
      await plain.objects.put('c', 'b2', '2')
      const one = await plain.bulkDelete(['c/b2', 'c/never', 'full'])
      expect(one).toMatchObject({ deleted: 1, notFound: 1, errors: [{ path: 'full', status: 409 }] })
    } finally {
      cloud.swift.enable('bulk_delete')
      await plain.close()
    }
    await storage.containers.delete('full', { force: true })
  })

  it('temp URLs work without a token and are signed over the /v1 path', async () => {
    await storage.objects.put('c', 'shared.txt', 'shared')
    await storage.account.setMetadata({ 'Temp-URL-Key': 'k1' })
    const url = await storage.tempUrl('GET', 'c', 'shared.txt', { expiresIn: 60 })
    expect(new URL(url).searchParams.get('temp_url_sig')).toMatch(/^[0-9a-f]{64}$/)
    const res = await fetch(url)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('shared')
  })

  it('file uploads: skipIdentical and resume read but do not resend', async () => {
    const file = join(dir, 'f.bin')
    await writeFile(file, data(3 * MiB, 7))
    await storage.upload('c', 'f.bin', file, { segmentSize: MiB })
    cloud.swift.resetCounts()
    expect((await storage.upload('c', 'f.bin', file, { segmentSize: MiB, skipIdentical: true })).skipped).toBe(true)
    expect(cloud.swift.requestCounts.PUT ?? 0).toBe(0)
    const resumed = await storage.upload('c', 'f.bin', file, { segmentSize: MiB, resume: true, leaveSegments: true })
    expect(resumed.reusedSegments).toBe(3)
  })
})
