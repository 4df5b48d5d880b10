// test/testing/fake-nova-glance.test.ts — the fake cloud's Nova boots and rebuilds from what its Glance holds.
import { describe, expect, it } from 'vitest'
import { setupNova } from './support/fake-nova.js'

/** Creates an image in the cloud's Glance as demo, optionally uploading bytes; returns its id. */
async function glanceImage(n: Awaited<ReturnType<typeof setupNova>>, fields: Record<string, unknown>, data?: Uint8Array<ArrayBuffer>): Promise<string> {
  const headers = { 'x-auth-token': n.demo, 'content-type': 'application/json' }
  const created = await n.cloud.handle(new Request(`${n.cloud.baseUrl}/image/v2/images`, { method: 'POST', headers, body: JSON.stringify({ disk_format: 'raw', container_format: 'bare', ...fields }) }))
  const { id } = (await created.json()) as { id: string }
  if (data) {
    const put = await n.cloud.handle(new Request(`${n.cloud.baseUrl}/image/v2/images/${id}/file`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: data }))
    expect(put.status).toBe(204)
  }
  return id
}

describe('fake Nova with the fake Glance', () => {
  it('boots an active Glance image, refuses a queued one, and no longer finds a deleted one', async () => {
    const n = await setupNova()
    const queued = await glanceImage(n, { name: 'empty' })
    expect(await n.fail('POST', '/servers', { json: { server: { name: 'a', imageRef: queued, flavorRef: '1' } } })).toEqual([400, { badRequest: { code: 400, message: `Image ${queued} is not active.` } }])
    const ready = await glanceImage(n, { name: 'disk' }, new Uint8Array(4096))
    const id = await n.active({ imageRef: ready })
    expect(await n.show(id)).toMatchObject({ status: 'ACTIVE', image: { id: ready } })
    await n.cloud.handle(new Request(`${n.cloud.baseUrl}/image/v2/images/${ready}`, { method: 'DELETE', headers: { 'x-auth-token': n.demo } }))
    expect(await n.fail('POST', '/servers', { json: { server: { name: 'b', imageRef: ready, flavorRef: '1' } } })).toEqual([400, { badRequest: { code: 400, message: 'Can not find requested image' } }])
    expect(n.nova.images.has(ready)).toBe(false) // looked up in Glance each time, never copied into Nova
  })

  it("applies the Glance image's min_ram and min_disk, and rebuilds from Glance images", async () => {
    const n = await setupNova()
    const big = await glanceImage(n, { name: 'big', min_ram: 1024, min_disk: 10 }, new Uint8Array(16))
    expect(await n.fail('POST', '/servers', { json: { server: { name: 'a', imageRef: big, flavorRef: '1' } } })).toEqual([400, { badRequest: { code: 400, message: "Flavor's memory is too small for requested image." } }])
    const id = await n.active({ imageRef: big, flavorRef: '2' })
    const other = await glanceImage(n, { name: 'other' }, new Uint8Array(16))
    expect((await n.action(id, { rebuild: { imageRef: other } })).status).toBe(202)
    n.settle()
    expect(await n.show(id)).toMatchObject({ status: 'ACTIVE', image: { id: other } })
  })
})
