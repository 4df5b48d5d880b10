// test/integration/image.test.ts — every ImageClient method on a real Glance with Keystone auth.
// A missing server fails these tests: nothing here is skipped.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../../src/core/waiter.js'
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../src/core/errors.js'
import { ImageClient } from '../../src/image/client.js'
import { ImageChecksumError } from '../../src/image/errors.js'
import type { Image } from '../../src/image/schemas.js'
import { corruptingProxy } from './support/corrupting-proxy.js'
import { glanceClient, staticSite, type GlanceFixture } from './support/glance.js'
import { bytes, env, unique } from './support/swift.js'

const MiB = 1024 * 1024
const digest = (algo: string, b: Uint8Array): string => createHash(algo).update(b).digest('hex')

describe('ImageClient on a real Glance (keystone auth)', () => {
  let demo: GlanceFixture
  let admin: GlanceFixture
  let dir: string
  const created: { fx: () => GlanceFixture; id: string }[] = []
  const track = (fx: () => GlanceFixture, img: Image): Image => {
    created.push({ fx, id: img.id })
    return img
  }

  beforeAll(async () => {
    demo = await glanceClient('demo')
    admin = await glanceClient('admin')
    dir = await mkdtemp(join(tmpdir(), 'strato-glance-'))
  })
  afterAll(async () => {
    for (const { fx, id } of created.reverse()) await fx().image.images.delete(id).catch(() => undefined)
    await demo?.close()
    await admin?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('finds Glance in the catalog and reads its import methods and stores', async () => {
    expect(await demo.image.endpoint()).toBe(`${env('STRATO_GLANCE_URL')}/v2`)
    expect(await demo.image.importMethods()).toEqual(expect.arrayContaining(['glance-direct', 'web-download', 'copy-image']))
    const stores = await demo.image.stores()
    expect(stores.map((s) => s.id).sort()).toEqual(env('STRATO_GLANCE_STORES').split(',').sort())
    expect(stores.find((s) => s.default)?.id).toBe('fs')
  })

  it('creates, gets, lists (following next), updates by JSON Patch, tags, and deletes', async () => {
    const tag = unique('t')
    const a = track(() => demo, await demo.image.images.create({ name: unique('crud-a'), disk_format: 'raw', container_format: 'bare', tags: [tag], min_ram: 64, flavour: 'vanilla' }))
    const b = track(() => demo, await demo.image.images.create({ name: unique('crud-b'), disk_format: 'qcow2', container_format: 'bare', tags: [tag] }))
    expect(a).toMatchObject({ status: 'queued', disk_format: 'raw', visibility: 'shared', min_ram: 64, flavour: 'vanilla', tags: [tag] })
    expect(await demo.image.images.get(a.id)).toMatchObject({ id: a.id, name: a.name })

    // limit 1 forces Glance to answer with `next`; the Paginator follows it to the second image
    const listed = await demo.image.images.list({ tag, limit: 1, sort: [{ key: 'name', dir: 'asc' }] }).toArray()
    expect(listed.map((i) => i.id)).toEqual([a.id, b.id])
    expect((await demo.image.images.list({ name: b.name! }).toArray()).map((i) => i.id)).toEqual([b.id])
    expect(await demo.image.images.list({ properties: { flavour: 'vanilla' }, tag }).toArray()).toHaveLength(1)

    const updated = await demo.image.images.update(a.id, { name: `${a.name}-renamed`, min_disk: 2, flavour: null, os_distro: 'debian' })
    expect(updated).toMatchObject({ name: `${a.name}-renamed`, min_disk: 2, os_distro: 'debian' })
    expect(updated).not.toHaveProperty('flavour')

    await demo.image.images.tags.add(a.id, 'extra')
    expect([...(await demo.image.images.get(a.id)).tags ?? []].sort()).toEqual(['extra', tag].sort())
    await demo.image.images.removeTag(a.id, 'extra')
    expect((await demo.image.images.get(a.id)).tags).toEqual([tag])

    await demo.image.images.delete(b.id)
    await expect(demo.image.images.get(b.id)).rejects.toBeInstanceOf(NotFoundError)
    await expect(demo.image.images.delete(b.id)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('refuses bad input before any request, and maps Glance’s own refusals', async () => {
    await expect(demo.image.images.create({ name: 'x', disk_format: 'floppy' as never })).rejects.toBeInstanceOf(InputError)
    await expect(demo.image.images.get('')).rejects.toBeInstanceOf(InputError)
    const img = track(() => demo, await demo.image.images.create({ name: unique('refuse'), disk_format: 'raw', container_format: 'bare' }))
    // read-only attributes are refused here; what only Glance's policy knows comes back mapped
    await expect(demo.image.images.update(img.id, { status: 'active' } as never)).rejects.toBeInstanceOf(InputError)
    await expect(demo.image.images.update(img.id, { visibility: 'public' })).rejects.toBeInstanceOf(ForbiddenError)
    await demo.image.images.upload(img.id, Buffer.from('tiny'))
    await expect(demo.image.images.upload(img.id, Buffer.from('again'))).rejects.toBeInstanceOf(ConflictError)
  })

  it('streams a 200 MiB file up and down, verified against os_hash_value and checksum', async () => {
    const data = bytes(200 * MiB, 11)
    const file = join(dir, 'disk.raw')
    await writeFile(file, data)
    const md5 = digest('md5', data)
    const sha512 = digest('sha512', data)
    const img = track(() => demo, await demo.image.images.create({ name: unique('big'), disk_format: 'raw', container_format: 'bare' }))
    let lastProgress = 0
    const up = await demo.image.images.upload(img.id, file, { onProgress: (p) => (lastProgress = p.bytes) })
    expect(up).toMatchObject({ size: data.length, checksum: md5, os_hash_algo: 'sha512', os_hash_value: sha512, verified: true })
    expect(lastProgress).toBe(data.length)
    const active = await demo.image.images.waitFor(img.id, 'active', { timeoutMs: 30_000, intervalMs: 200 })
    expect(active).toMatchObject({ size: data.length, checksum: md5, os_hash_value: sha512 })

    const out = join(dir, 'disk.copy')
    const down = await demo.image.images.download(img.id, out)
    expect(down).toMatchObject({ path: out, size: data.length, checksum: md5, verified: true })
    expect((await stat(out)).size).toBe(data.length)
    expect(digest('sha512', await readFile(out))).toBe(sha512)

    const streamed = await demo.image.images.download(img.id)
    expect(streamed.size).toBe(data.length)
    const hash = createHash('md5')
    for await (const chunk of streamed.stream) hash.update(chunk)
    expect(hash.digest('hex')).toBe(md5)
  })

  it('uploads from a Node stream with a declared size', async () => {
    const data = bytes(3 * MiB + 17, 5)
    const file = join(dir, 'stream.raw')
    await writeFile(file, data)
    const img = track(() => demo, await demo.image.images.create({ name: unique('stream'), disk_format: 'raw', container_format: 'bare' }))
    const up = await demo.image.images.upload(img.id, createReadStream(file), { size: data.length })
    expect(up).toMatchObject({ size: data.length, checksum: digest('md5', data), verified: true })
  })

  it('deactivates (downloads refused to members) and reactivates', async () => {
    const img = track(() => demo, await demo.image.images.create({ name: unique('deact'), disk_format: 'raw', container_format: 'bare' }))
    await demo.image.images.upload(img.id, Buffer.from('deactivate me'))
    await admin.image.images.deactivate(img.id)
    expect((await demo.image.images.get(img.id)).status).toBe('deactivated')
    await expect(demo.image.images.download(img.id)).rejects.toBeInstanceOf(ForbiddenError)
    await admin.image.images.reactivate(img.id)
    const back = await demo.image.images.download(img.id, join(dir, 'deact.out'))
    expect(back.verified).toBe(true)
  })

  it('stages and imports with glance-direct', async () => {
    const data = bytes(2 * MiB + 5, 3)
    const img = track(() => demo, await demo.image.images.create({ name: unique('direct'), disk_format: 'raw', container_format: 'bare' }))
    const staged = await demo.image.images.stage(img.id, Buffer.from(data))
    expect(staged.size).toBe(data.length)
    expect((await demo.image.images.get(img.id)).status).toBe('uploading')
    await demo.image.images.import(img.id, { method: 'glance-direct' })
    const active = await demo.image.images.waitFor(img.id, 'active', { timeoutMs: 30_000, intervalMs: 200 })
    expect(active).toMatchObject({ size: data.length, checksum: digest('md5', data), os_hash_value: digest('sha512', data) })
    expect(active.stores).toBe('fs')
  })

  it('imports with web-download from a local HTTP server', async () => {
    const data = bytes(MiB + 99, 4)
    const site = await staticSite({ '/disk.raw': data })
    try {
      const img = track(() => demo, await demo.image.images.create({ name: unique('web'), disk_format: 'raw', container_format: 'bare' }))
      await demo.image.images.import(img.id, { method: { name: 'web-download', uri: `${site.url}/disk.raw` } })
      const active = await demo.image.images.waitFor(img.id, 'active', { timeoutMs: 30_000, intervalMs: 200 })
      expect(active).toMatchObject({ size: data.length, checksum: digest('md5', data) })
      expect(site.hits).toBeGreaterThanOrEqual(1)
    } finally {
      await site.close()
    }
  })

  it('a web-download whose source is missing fails the wait with the failed store named', async () => {
    const site = await staticSite({})
    try {
      const img = track(() => demo, await demo.image.images.create({ name: unique('web404'), disk_format: 'raw', container_format: 'bare' }))
      await demo.image.images.import(img.id, { method: { name: 'web-download', uri: `${site.url}/missing.raw` } })
      await expect(demo.image.images.waitFor(img.id, 'active', { timeoutMs: 30_000, intervalMs: 200 })).rejects.toThrow(/import failed for store fs/)
    } finally {
      await site.close()
    }
  })

  it('copies an image to a second store with copy-image (admin)', async () => {
    const img = track(() => admin, await admin.image.images.create({ name: unique('copy'), disk_format: 'raw', container_format: 'bare' }))
    await admin.image.images.upload(img.id, Buffer.from(bytes(MiB, 8)))
    expect((await admin.image.images.get(img.id)).stores).toBe('fs')
    await admin.image.images.import(img.id, { method: 'copy-image', stores: ['fs2'] })
    const copied = await waitFor((signal) => admin.image.images.get(img.id, { signal }), {
      until: (i) => String(i.stores ?? '').split(',').includes('fs2'),
      timeoutMs: 30_000,
      intervalMs: 200,
    })
    expect(String(copied.stores).split(',').sort()).toEqual(['fs', 'fs2'])
  })

  it('shares an image: add a member, the member accepts and sees it, then it is removed', async () => {
    const img = track(() => admin, await admin.image.images.create({ name: unique('shared'), disk_format: 'raw', container_format: 'bare', visibility: 'shared' }))
    const added = await admin.image.members.add(img.id, demo.projectId)
    expect(added).toMatchObject({ image_id: img.id, member_id: demo.projectId, status: 'pending' })
    expect((await admin.image.members.get(img.id, demo.projectId)).status).toBe('pending')
    const accepted = await demo.image.members.updateStatus(img.id, demo.projectId, 'accepted')
    expect(accepted.status).toBe('accepted')
    expect((await admin.image.members.list(img.id).toArray()).map((m) => [m.member_id, m.status])).toEqual([[demo.projectId, 'accepted']])
    const seen = await demo.image.images.list({ visibility: 'shared', member_status: 'accepted' }).toArray()
    expect(seen.map((i) => i.id)).toContain(img.id)
    await admin.image.members.remove(img.id, demo.projectId)
    await expect(demo.image.images.get(img.id)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('a byte flipped on the way up is caught: ImageChecksumError, never a silent success', async () => {
    const proxy = await corruptingProxy(env('STRATO_GLANCE_URL'), (_m, path) => path.endsWith('/file'))
    const viaProxy = new ImageClient({ session: demo.session, endpoint: proxy.url })
    try {
      const data = bytes(MiB, 9)
      const img = track(() => demo, await viaProxy.images.create({ name: unique('corrupt'), disk_format: 'raw', container_format: 'bare' }))
      const failure = await viaProxy.images.upload(img.id, Buffer.from(data)).catch((e: unknown) => e)
      expect(failure).toBeInstanceOf(ImageChecksumError)
      expect((failure as ImageChecksumError).details.join(' ')).toContain(digest('md5', data))
      expect(proxy.corrupted).toBe(1)
    } finally {
      await viaProxy.close()
      await proxy.close()
    }
  })
})
