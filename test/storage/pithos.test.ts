// test/storage/pithos.test.ts — PithosClient on the fake Pithos (msw): hashmap transfers, kamaki's defects, sharing, versions.
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeystoneSession } from '../../src/auth/keystone.js'
import { InputError } from '../../src/core/errors.js'
import { PithosClient, parseSharing } from '../../src/storage/pithos.js'
import { blockHashOf } from '../../src/storage/pithos-blocks.js'
import { createFakeCloud, type FakeCloud } from '../../src/testing/index.js'

const BS = 1024
const block = (seed: number, n = BS): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) % 251 || 1)
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]))
const DEMO = 'demo-project-id'

describe('PithosClient on the fake Pithos', () => {
  let cloud: FakeCloud
  let pithos: PithosClient
  let dir: string
  const msw = setupServer()
  beforeAll(async () => {
    cloud = await createFakeCloud({ pithosBlockSize: BS })
    msw.use(...cloud.handlers)
    msw.listen({ onUnhandledFrame: 'error' })
    const session = await KeystoneSession.password({ authUrl: `${cloud.baseUrl}/identity/v3`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
    pithos = new PithosClient({ session, serviceType: 'pithos', retry: { backoff: { baseMs: 1, maxMs: 2 } } })
    await pithos.containers.create('p')
    dir = await mkdtemp(join(tmpdir(), 'strato-pithos-'))
  })
  afterAll(async () => {
    await pithos.close()
    msw.close()
  })

  it('hashes blocks like Pithos: trailing NULs do not count', () => {
    expect(blockHashOf('sha256', new Uint8Array([1, 2, 0, 0]))).toBe(blockHashOf('sha256', new Uint8Array([1, 2])))
    expect(blockHashOf('sha256', new Uint8Array([0, 0, 1]))).not.toBe(blockHashOf('sha256', new Uint8Array([1])))
  })

  it('uploads only missing blocks, with progress; an unchanged re-upload sends nothing', async () => {
    const data = concat(block(1), block(2), block(1), block(3, 100))
    const seen: number[] = []
    const r = await pithos.uploadHashmap('p', 'a.bin', data, { onProgress: (p) => seen.push(p.blocksDone) })
    expect(r).toMatchObject({ blocks: 4, blocksSent: 3, rounds: 2, size: data.length })
    expect(seen.at(-1)).toBe(4)
    expect(cloud.pithos.objectBytes(DEMO, 'p', 'a.bin')).toEqual(data)
    const edited = concat(block(1), block(9), block(1), block(3, 100))
    expect((await pithos.uploadHashmap('p', 'a.bin', edited)).blocksSent).toBe(1)
    expect((await pithos.uploadHashmap('p', 'b.bin', edited)).blocksSent).toBe(0)
  })

  it('a block that never uploads fails after the round bound, naming it', async () => {
    const bad = block(40)
    cloud.pithos.failBlock(blockHashOf('sha256', bad), { times: 'always' })
    await expect(pithos.uploadHashmap('p', 'never.bin', concat(block(41), bad), { maxRounds: 2 })).rejects.toMatchObject({
      code: 'BlocksMissing',
      details: [expect.stringContaining(blockHashOf('sha256', bad))],
    })
    cloud.pithos.clearFaults()
    await expect(pithos.objects.head('p', 'never.bin')).rejects.toMatchObject({ status: 404 })
  })

  it('downloads each distinct block once, with no tail lost to repeats (kamaki defect 1)', async () => {
    const data = concat(block(5), block(6), block(5), block(5), block(7, 84))
    await pithos.uploadHashmap('p', 'rep.bin', data)
    const out = join(dir, 'rep.out')
    const r = await pithos.downloadHashmap('p', 'rep.bin', out)
    expect(r).toMatchObject({ size: data.length, blocks: 5, blocksFetched: 3 })
    expect(new Uint8Array(await readFile(out))).toEqual(data)
  })

  it('a ranged download is contiguous (kamaki defect 2), blocks with leading NULs included (defect 3)', async () => {
    const nul = concat(new Uint8Array(10), block(8, BS - 10))
    const data = concat(block(9), nul, block(10, 500))
    await pithos.uploadHashmap('p', 'range.bin', data)
    const out = join(dir, 'range.out')
    await pithos.downloadHashmap('p', 'range.bin', out, { range: { offset: 1000, length: 1100 } })
    expect(new Uint8Array(await readFile(out))).toEqual(data.subarray(1000, 2100))
    await expect(pithos.downloadHashmap('p', 'range.bin', out, { range: { offset: -1 } })).rejects.toBeInstanceOf(InputError)
  })

  it('conditional downloads: a matching If-None-Match writes nothing', async () => {
    const { etag } = await pithos.objects.head('p', 'rep.bin')
    const r = await pithos.downloadHashmap('p', 'rep.bin', join(dir, 'nm.out'), { ifNoneMatch: etag! })
    expect(r.notModified).toBe(true)
    await expect(readFile(join(dir, 'nm.out'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('sharing, public URLs and metadata survive each other', async () => {
    await pithos.objects.put('p', 's.txt', 'shared', { metadata: { keep: 'me' } })
    await pithos.setSharing('p', 's.txt', { read: ['*'], write: ['admin-user-id'] })
    expect(await pithos.getSharing('p', 's.txt')).toEqual({ read: ['*'], write: ['admin-user-id'] })
    const url = await pithos.publish('p', 's.txt')
    const pub = await fetch(url)
    expect(await pub.text()).toBe('shared')
    expect((await pithos.objects.head('p', 's.txt')).metadata).toEqual({ keep: 'me' })
    await pithos.unpublish('p', 's.txt')
    expect((await fetch(url)).status).toBe(404)
    expect(parseSharing('read=a, b; write=c')).toEqual({ read: ['a', 'b'], write: ['c'] })
    await expect(pithos.setSharing('p', 's.txt', { read: ['a;b'], write: [] })).rejects.toBeInstanceOf(InputError)
  })

  it('versions list and reads by version and by time', async () => {
    await pithos.objects.put('p', 'v.txt', 'one')
    const t1 = new Date(cloud.clock.now())
    cloud.clock.advance(5_000)
    await pithos.objects.put('p', 'v.txt', 'two')
    const versions = await pithos.versions('p', 'v.txt')
    expect(versions.length).toBeGreaterThanOrEqual(2)
    const first = await pithos.read('p', 'v.txt', { version: versions[0]!.version })
    expect(await new Response(first.body).text()).toBe('one')
    expect(await new Response((await pithos.read('p', 'v.txt', { until: t1 })).body).text()).toBe('one')
    expect(await new Response((await pithos.read('p', 'v.txt')).body).text()).toBe('two')
  })
})
