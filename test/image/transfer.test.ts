// test/image/transfer.test.ts — image data through msw: streamed uploads with digests, verified downloads, stage + import, waitFor.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { AbortError, ClientError, InputError, ServerError, TimeoutError } from '../../src/core/errors.js'
import { WaitFailedError } from '../../src/core/waiter.js'
import { ImageChecksumError, ImageClient } from '../../src/image/index.js'
import { FakeGlance, GLANCE, V2, bytes, imageRecord, md5, sha512 } from './support.js'

const server = setupServer()
let glance: FakeGlance
let image: ImageClient
let dir: string

beforeAll(async () => {
  server.listen({ onUnhandledFrame: 'error' })
  dir = await mkdtemp(join(tmpdir(), 'strato-image-'))
})
beforeEach(() => {
  glance = new FakeGlance()
  server.use(...glance.handlers)
  image = new ImageClient({ endpoint: GLANCE, token: 'tok', retry: { backoff: { baseMs: 1, maxMs: 2 } } })
})
afterEach(async () => {
  await image.close()
  server.resetHandlers()
})
afterAll(() => server.close())

describe('upload', () => {
  it('streams a file with Content-Type and Content-Length, reports progress, then verifies md5 and sha512', async () => {
    const data = bytes(1_000_000, 3)
    const file = join(dir, 'disk.raw')
    await writeFile(file, data)
    glance.store('i')
    const progress: number[] = []
    const r = await image.images.upload('i', file, { onProgress: (p) => progress.push(p.bytes) })
    const put = glance.seen[0]!
    expect(put).toMatchObject({ method: 'PUT', path: '/v2/images/i/file' })
    expect(put.headers['content-type']).toBe('application/octet-stream')
    expect(put.headers['content-length']).toBe(String(data.length))
    expect(md5(put.body!)).toBe(md5(data))
    expect(glance.seen.map((s) => `${s.method} ${s.path}`)).toEqual(['PUT /v2/images/i/file', 'GET /v2/images/i'])
    // Read in chunks, not whole: several progress steps, the last one the full size.
    expect(progress.length).toBeGreaterThan(2)
    expect(progress.at(-1)).toBe(data.length)
    expect(r).toMatchObject({ size: data.length, checksum: md5(data), os_hash_algo: 'sha512', os_hash_value: sha512(data), verified: true })
    expect(r.image).toMatchObject({ status: 'active' })
  })

  it('accepts bytes, a Blob, a Node Readable and a web ReadableStream', async () => {
    const data = bytes(300_000, 4)
    const sources = [Buffer.from(data), data.buffer.slice(0), new Blob([data]), Readable.from([data.subarray(0, 1000), data.subarray(1000)]), new Blob([data]).stream()]
    for (const [n, source] of sources.entries()) {
      glance.store(`s${n}`)
      const r = await image.images.upload(`s${n}`, source as never, { size: data.length })
      expect(r.verified).toBe(true)
      expect(md5(glance.data.get(`s${n}`)!)).toBe(md5(data))
    }
    // A stream with a size goes with Content-Length; without one it is chunked.
    glance.store('chunked')
    await image.images.upload('chunked', new Blob([data]).stream())
    expect(glance.seen.filter((s) => s.method === 'PUT').map((s) => s.headers['content-length'])).toEqual([...sources.map(() => String(data.length)), undefined])
  })

  it('a digest mismatch is an ImageChecksumError that says the image was left as is', async () => {
    glance.store('i')
    glance.corrupt = true
    const err = await image.images.upload('i', bytes(1000)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ImageChecksumError)
    expect(err).toMatchObject({ name: 'ImageChecksumError', code: 'ChecksumMismatch', message: expect.stringContaining('left on the server as it is') })
    expect((err as ClientError).details).toEqual([expect.stringMatching(/^md5: computed [0-9a-f]{32}, Glance reported/), expect.stringMatching(/^sha512: computed/)])
    expect(glance.seen.map((s) => s.method)).toEqual(['PUT', 'GET']) // no DELETE
  })

  it('verify: false skips the GET', async () => {
    glance.store('i')
    const r = await image.images.upload('i', bytes(10), { verify: false })
    expect(r).toMatchObject({ image: undefined, verified: false, checksum: md5(bytes(10)) })
    expect(glance.seen.map((s) => s.method)).toEqual(['PUT'])
  })

  it('a file source is retried after a 503 and hashed afresh; a one-shot stream is not retried', async () => {
    const data = bytes(200_000, 5)
    const file = join(dir, 'retry.raw')
    await writeFile(file, data)
    glance.store('i')
    let fails = 1
    let attempts = 0
    server.use(
      http.put(`${V2}/images/:id/file`, async ({ request }) => {
        attempts++
        if (fails-- > 0) {
          await request.arrayBuffer()
          return new HttpResponse('503 Service Unavailable', { status: 503 })
        }
        return undefined as never // fall through to the fake
      }),
    )
    const r = await image.images.upload('i', file)
    expect(r).toMatchObject({ verified: true, checksum: md5(data), size: data.length })
    expect(attempts).toBe(2)
    fails = 1
    attempts = 0
    glance.store('j')
    await expect(image.images.upload('j', Readable.from([data]))).rejects.toBeInstanceOf(ServerError)
    expect(attempts).toBe(1)
    expect(glance.images.get('j')!.status).toBe('queued')
  })

  it('a stalled upload ends with TimeoutError', async () => {
    glance.store('i')
    const never = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) })
    await expect(image.images.upload('i', never, { stallTimeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError)
  })
})

describe('download', () => {
  it('into a file: temp file renamed, verified against checksum, os_hash_value and Content-MD5', async () => {
    const data = bytes(700_000, 6)
    glance.store('i', { status: 'active', size: data.length, checksum: md5(data), os_hash_algo: 'sha512', os_hash_value: sha512(data) })
    glance.data.set('i', data)
    const out = join(dir, 'out.raw')
    const progress: number[] = []
    const r = await image.images.download('i', out, { onProgress: (p) => progress.push(p.bytes) })
    expect(r).toEqual({ path: out, size: data.length, checksum: md5(data), os_hash_algo: 'sha512', os_hash_value: sha512(data), verified: true })
    expect(md5(await readFile(out))).toBe(md5(data))
    expect(progress.at(-1)).toBe(data.length)
    expect(glance.seen.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /v2/images/i', 'GET /v2/images/i/file'])
    expect((await readdir(dir)).filter((f) => f.endsWith('.part'))).toEqual([])
  })

  it('a mismatch throws ImageChecksumError and leaves no file', async () => {
    const data = bytes(5000, 7)
    glance.store('i', { status: 'active', size: data.length, checksum: md5(data), os_hash_algo: 'sha512', os_hash_value: sha512('something else') })
    glance.data.set('i', data)
    const sub = await mkdtemp(join(dir, 'mm-'))
    await expect(image.images.download('i', join(sub, 'x.raw'))).rejects.toMatchObject({ name: 'ImageChecksumError', details: [expect.stringMatching(/^sha512: computed/)] })
    expect(await readdir(sub)).toEqual([])
  })

  it('an abort mid-transfer rejects with AbortError and leaves nothing', async () => {
    glance.store('i', { status: 'active' })
    server.use(
      http.get(`${V2}/images/i/file`, () => {
        let sent = 0
        const body = new ReadableStream<Uint8Array>({
          async pull(c) {
            if (sent++ < 3) c.enqueue(bytes(64 * 1024))
            else await new Promise(() => undefined)
          },
        })
        return new HttpResponse(body, { status: 200, headers: { 'content-length': String(10 * 64 * 1024) } })
      }),
    )
    const sub = await mkdtemp(join(dir, 'abort-'))
    const ctl = new AbortController()
    const p = image.images.download('i', join(sub, 'x.raw'), { signal: ctl.signal, onProgress: (pr) => pr.bytes >= 128 * 1024 && ctl.abort() })
    await expect(p).rejects.toBeInstanceOf(AbortError)
    expect(await readdir(sub)).toEqual([])
  })

  it('as a stream: size and checksum from the headers; a body that differs errors at the end', async () => {
    const data = bytes(100_000, 8)
    glance.store('i', { status: 'active' })
    glance.data.set('i', data)
    const { stream, size, checksum } = await image.images.download('i')
    expect({ size, checksum }).toEqual({ size: data.length, checksum: md5(data) })
    expect(md5(new Uint8Array(await new Response(stream).arrayBuffer()))).toBe(md5(data))

    server.use(http.get(`${V2}/images/i/file`, () => new HttpResponse(bytes(10) as Uint8Array<ArrayBuffer>, { headers: { 'content-md5': Buffer.from(md5(bytes(11)), 'hex').toString('base64') } })))
    const bad = await image.images.download('i', { verify: true })
    expect(bad.checksum).toBe(md5(bytes(11)))
    await expect(new Response(bad.stream).arrayBuffer()).rejects.toBeInstanceOf(ImageChecksumError)
  })

  it('an image without data (204) is a ClientError NoImageData', async () => {
    glance.store('q')
    await expect(image.images.download('q', join(dir, 'q.raw'))).rejects.toMatchObject({ code: 'NoImageData' })
    await expect(image.images.download('q')).rejects.toBeInstanceOf(ClientError)
  })
})

describe('stage, import and waitFor', () => {
  it('stage PUTs /stage and returns the digests; import checks the method and stores, then POSTs 202', async () => {
    const data = bytes(50_000, 9)
    glance.store('i')
    const st = await image.images.stage('i', data)
    expect(st).toEqual({ size: data.length, checksum: md5(data), os_hash_algo: 'sha512', os_hash_value: sha512(data) })
    await image.images.import('i', { method: 'glance-direct', stores: ['fs', 'ceph'], allStoresMustSucceed: false })
    await image.images.import('i', { method: { name: 'web-download', uri: 'https://example.org/d.qcow2' }, allStores: true })
    expect(glance.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'PUT /v2/images/i/stage',
      'GET /v2/info/import',
      'GET /v2/info/stores',
      'POST /v2/images/i/import',
      'GET /v2/info/import',
      'POST /v2/images/i/import',
    ])
    expect(glance.seen[0]!.headers['content-type']).toBe('application/octet-stream')
    const bodies = glance.seen.filter((s) => s.path.endsWith('/import') && s.method === 'POST').map((s) => JSON.parse(new TextDecoder().decode(s.body)))
    expect(bodies).toEqual([
      { method: { name: 'glance-direct' }, stores: ['fs', 'ceph'], all_stores_must_succeed: false },
      { method: { name: 'web-download', uri: 'https://example.org/d.qcow2' }, all_stores: true },
    ])
  })

  it('a method the cloud did not enable, or an unknown store, is an InputError before the import', async () => {
    glance.importMethods = ['glance-direct']
    await expect(image.images.import('i', { method: 'copy-image' })).rejects.toThrow(/copy-image is not enabled/)
    await expect(image.images.import('i', { method: 'glance-direct', stores: ['s3'] })).rejects.toThrow(/unknown store s3/)
    expect(glance.seen.some((s) => s.method === 'POST')).toBe(false)
  })

  it('importMethods() and stores()', async () => {
    expect(await image.importMethods()).toEqual(['glance-direct', 'web-download', 'copy-image'])
    expect(await image.stores()).toEqual([
      { id: 'fs', default: true, 'read-only': false },
      { id: 'ceph', description: 'Ceph', default: false, 'read-only': false },
    ])
    expect(await image.images.importMethods()).toHaveLength(3)
  })

  it('waitFor polls until active', async () => {
    glance.store('i', { status: 'importing' })
    let polls = 0
    const img = await image.images.waitFor('i', 'active', {
      intervalMs: 1,
      onPoll: () => {
        if (++polls === 2) glance.images.get('i')!.status = 'active'
      },
    })
    expect(img.status).toBe('active')
    expect(polls).toBe(3)
  })

  it('waitFor fails fast on killed and on failed import stores', async () => {
    glance.store('k', { status: 'killed' })
    const killed = await image.images.waitFor('k', 'active', { intervalMs: 10_000, timeoutMs: 60_000 }).catch((e: unknown) => e)
    expect(killed).toBeInstanceOf(WaitFailedError)
    expect((killed as Error).message).toMatch(/failed in state killed/)
    glance.store('f', { status: 'importing', os_glance_failed_import: 'ceph,s3', os_glance_importing_to_stores: '' })
    await expect(image.images.waitFor('f', 'active', { intervalMs: 10_000 })).rejects.toMatchObject({ name: 'WaitFailedError', details: ['import failed for stores ceph, s3'] })
    expect(glance.seen.length).toBe(2)
  })

  it('waitFor times out with the last status', async () => {
    glance.store('s', { status: 'saving' })
    await expect(image.images.waitFor('s', 'active', { intervalMs: 5, timeoutMs: 30 })).rejects.toMatchObject({ name: 'TimeoutError', message: expect.stringContaining('last state: saving') })
  })

  it('rejects a bad source type with InputError', async () => {
    await expect(image.images.stage('i', {} as never)).rejects.toBeInstanceOf(InputError)
    expect(imageRecord('x').id).toBe('x')
  })
})
