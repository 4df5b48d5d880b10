// image.image against the fake Glance: a record, then data from a file or a web-download import; the ref recorded before any data moves.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useFakeCloud } from './support/cloud.js'
import { INFRA_ID, context, deleteContext, handlers, rejection } from './support/context.js'

const DISK = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff)
const f = useFakeCloud({ glance: { fetchUrl: async () => new Response(DISK) } })
const image = handlers['image.image']!
const formats = { disk_format: 'raw', container_format: 'bare' }
const gone = (id: string): boolean => {
  const img = f.cloud.glance.images.get(id)
  return img === undefined || img.status === 'deleted'
}
let dir: string
let file: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strato-infra-image-'))
  file = join(dir, 'disk.raw')
  await writeFile(file, DISK)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('image.image', () => {
  it('creates the record, reports it while still queued, uploads the file, and deletes it', async () => {
    const statusAtCreated: string[] = []
    const { ctx, refs } = context({
      params: { ...formats, file, min_ram: 64 },
      clients: f.clients,
      node: 'img',
      onCreated: (ref) => void statusAtCreated.push(f.cloud.glance.images.get((ref as { id: string }).id)!.status),
    })
    const { ref } = await image.create(ctx)
    const id = (ref as { id: string }).id
    expect(refs).toEqual([{ id }])
    expect(statusAtCreated).toEqual(['queued'])
    const stored = f.cloud.glance.images.get(id)!
    expect(stored).toMatchObject({ name: `${INFRA_ID.slice(0, 8)}-img-0`, status: 'active', size: DISK.length, disk_format: 'raw', min_ram: 64 })
    expect(await image.status!(ref, ctx)).toBe('ready')

    await image.delete(ref, deleteContext(f.clients, 'img'))
    expect(gone(id)).toBe(true)
    expect(await image.status!(ref, ctx)).toBe('gone')
    await image.delete(ref, deleteContext(f.clients, 'img')) // already gone: fine
  })

  it('imports from params.url with web-download and waits until active', async () => {
    const { ctx } = context({ params: { ...formats, name: 'from-the-web', url: 'https://images.example.org/disk.raw' }, clients: f.clients })
    const { ref } = await image.create(ctx)
    const id = (ref as { id: string }).id
    expect(f.cloud.glance.images.get(id)).toMatchObject({ name: 'from-the-web', status: 'active', size: DISK.length })
    await image.delete(ref, deleteContext(f.clients))
    expect(gone(id)).toBe(true)
  })

  it('without a data source the image stays queued, and is still deleted', async () => {
    const { ctx } = context({ params: formats, clients: f.clients, node: 'empty' })
    const { ref } = await image.create(ctx)
    expect(await image.status!(ref, ctx)).toBe('pending')
    await image.delete(ref, deleteContext(f.clients))
    expect(gone((ref as { id: string }).id)).toBe(true)
  })

  it('an abort after created() stops the upload and leaves a ref that delete removes', async () => {
    const { ctx, lastRef } = context({ params: { ...formats, file }, clients: f.clients, abortAfterCreated: 1 })
    const e = await rejection(image.create(ctx))
    expect(e.name).toBe('AbortError')
    const { id } = lastRef() as { id: string }
    expect(f.cloud.glance.images.get(id)?.status).toBe('queued')
    await image.delete({ id }, deleteContext(f.clients))
    expect(gone(id)).toBe(true)
  })

  it('refuses bad params and a missing client before any request', async () => {
    const mark = f.cloud.requests.length
    await expect(image.create(context({ params: { container_format: 'bare' }, clients: f.clients }).ctx)).rejects.toMatchObject({
      name: 'InputError',
      message: 'image.image needs params.disk_format',
    })
    await expect(image.create(context({ params: { disk_format: 'raw' }, clients: f.clients }).ctx)).rejects.toThrow('image.image needs params.container_format')
    await expect(image.create(context({ params: { ...formats, file: join(dir, 'missing.raw') }, clients: f.clients }).ctx)).rejects.toThrow('params.file must be the path of a readable file')
    await expect(image.create(context({ params: { ...formats, file, url: 'https://x.example/d' }, clients: f.clients }).ctx)).rejects.toThrow('give params.file or params.url, not both')
    await expect(image.create(context({ params: { ...formats, url: 'ftp://x.example/d' }, clients: f.clients }).ctx)).rejects.toThrow('params.url must be an http(s) URL')
    await expect(image.create(context({ params: formats }).ctx)).rejects.toThrow('image.image needs clients.image')
    expect(f.since(mark)).toEqual([])
  })
})
