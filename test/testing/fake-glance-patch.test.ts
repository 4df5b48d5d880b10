// test/testing/fake-glance-patch.test.ts — the fake Glance's PATCH dialects, tags, deactivate/reactivate and injected faults.
import { describe, expect, it } from 'vitest'
import { setupGlance, PATCH, md5 } from './support/fake-glance.js'

const bytes = new TextEncoder().encode('hello world, glance!')

describe('fake Glance: PATCH', () => {
  it('adds, replaces and removes attributes, custom properties and tags (v2.1)', async () => {
    const { create, patch, show } = await setupGlance()
    const img = await create({ name: 'a', tags: ['old'] })
    const r = await patch(img.id, [
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'add', path: '/os_distro', value: 'ubuntu' },
      { op: 'add', path: '/tags', value: ['x', 'y', 'x'] },
      { op: 'replace', path: '/min_ram', value: 512 },
      { op: 'replace', path: '/disk_format', value: 'qcow2' },
    ])
    expect(r.status).toBe(200)
    expect(await r.json()).toMatchObject({ name: 'renamed', os_distro: 'ubuntu', tags: ['x', 'y'], min_ram: 512, disk_format: 'qcow2' })
    expect((await patch(img.id, [{ op: 'remove', path: '/os_distro' }])).status).toBe(200)
    expect(await show(img.id)).not.toHaveProperty('os_distro')
    expect((await patch(img.id, [{ op: 'add', path: '/os_distro', value: 'a' }, { op: 'add', path: '/os_distro', value: 'b' }])).status).toBe(200) // add replaces in v2.1
    expect((await show(img.id)).os_distro).toBe('b')
  })

  it('answers Glance’s statuses for what may not be patched', async () => {
    const { create, upload, patch, show } = await setupGlance()
    const img = await create({ name: 'keep' })
    const text = async (ops: unknown, ct?: string) => {
      const r = await patch(img.id, ops, ct)
      return [r.status, await r.text()] as const
    }
    expect(await text([{ op: 'remove', path: '/nokey' }])).toEqual([409, expect.stringContaining('Property nokey does not exist.')])
    expect(await text([{ op: 'replace', path: '/nokey', value: 'v' }])).toEqual([409, expect.stringContaining('Property nokey does not exist.')])
    expect(await text([{ op: 'replace', path: '/status', value: 'active' }])).toEqual([403, expect.stringContaining('Attribute &#x27;status&#x27; is read-only.')])
    expect(await text([{ op: 'add', path: '/os_glance_x', value: 'v' }])).toEqual([403, expect.stringContaining('Attribute &#x27;os_glance_x&#x27; is reserved.')])
    expect(await text([{ op: 'remove', path: '/name' }])).toEqual([403, expect.stringContaining('Property name may not be removed.')])
    expect(await text([{ op: 'move', path: '/name', from: '/x' }])).toEqual([400, expect.stringContaining('Invalid operation: `move`. It must be one of the following: add, remove, replace.')])
    expect(await text([{ op: 'add', path: '/tags/-', value: 'z' }])).toEqual([400, expect.stringContaining('Invalid JSON pointer for this resource: &#x27;/tags/-&#x27;')])
    expect(await text([{ op: 'add', path: '/k', value: 5 }])).toEqual([400, expect.stringContaining('5 is not of type &#x27;string&#x27;')])
    expect(await text([{ op: 'add', path: '/name' }])).toEqual([400, expect.stringContaining('Operation &quot;add&quot; requires a member named &quot;value&quot;.')])
    expect(await text({ op: 'add' })).toEqual([400, expect.stringContaining('Request body must be a JSON array of operation objects.')])
    expect(await text([{ op: 'replace', path: '/visibility', value: 'public' }])).toEqual([403, expect.stringContaining('You are not authorized to complete publicize_image action.')])
    const wrongType = await patch(img.id, [], 'application/json')
    expect([wrongType.status, wrongType.headers.get('accept-patch')]).toEqual([415, 'application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch'])
    // all or nothing: the first op is not kept when the second fails
    expect((await patch(img.id, [{ op: 'replace', path: '/name', value: 'lost' }, { op: 'remove', path: '/nokey' }])).status).toBe(409)
    expect((await show(img.id)).name).toBe('keep')
    await upload(img.id, bytes)
    expect(await text([{ op: 'replace', path: '/disk_format', value: 'qcow2' }])).toEqual([403, expect.stringContaining('Attribute disk_format can be only replaced for a queued image.')])
  })

  it('speaks the v2.0 (draft 4) dialect: add of an existing property is a conflict', async () => {
    const { create, patch } = await setupGlance()
    const img = await create({ k: 'v' })
    const v20 = 'application/openstack-images-v2.0-json-patch'
    expect((await patch(img.id, [{ replace: '/name', value: 'old style' }], v20)).status).toBe(200)
    expect(await (await patch(img.id, [{ add: '/k', value: 'again' }], v20)).text()).toContain('Property k already present.')
    expect(await (await patch(img.id, [{ add: '/a', replace: '/b', value: 'x' }], v20)).text()).toContain('Operation objects must contain only one member named')
  })

  it('lets only the owner (or an admin) change an image', async () => {
    const { create, patch, admin } = await setupGlance()
    const img = await create({ visibility: 'community' })
    const own = (await (await setupGlance()).create()).id // another cloud: unknown here
    expect((await patch(own, [{ op: 'replace', path: '/name', value: 'x' }])).status).toBe(404)
    const adminImage = await create({ visibility: 'community' }, admin)
    const r = await patch(adminImage.id, [{ op: 'replace', path: '/name', value: 'mine now' }])
    expect([r.status, await r.text()]).toEqual([403, expect.stringContaining('You do not own this image')])
    expect((await patch(img.id, [{ op: 'replace', path: '/visibility', value: 'public' }], PATCH, admin)).status).toBe(200)
  })
})

describe('fake Glance: tags and actions', () => {
  it('adds and removes tags one by one', async () => {
    const { create, call, show } = await setupGlance()
    const img = await create({ tags: ['a'] })
    expect((await call('PUT', `/v2/images/${img.id}/tags/b`)).status).toBe(204)
    expect((await call('PUT', `/v2/images/${img.id}/tags/b`)).status).toBe(204)
    expect((await show(img.id)).tags).toEqual(['a', 'b'])
    expect((await call('DELETE', `/v2/images/${img.id}/tags/a`)).status).toBe(204)
    expect((await call('DELETE', `/v2/images/${img.id}/tags/a`)).status).toBe(404)
    expect((await show(img.id)).tags).toEqual(['b'])
    expect(await (await call('PUT', '/v2/images/11111111-2222-3333-4444-000000000000/tags/x')).text()).toContain('Image 11111111-2222-3333-4444-000000000000 not found.')
  })

  it('deactivates and reactivates; a deactivated image downloads only for admins', async () => {
    const { create, upload, call, show, admin } = await setupGlance()
    const img = await create({ visibility: 'community' })
    const queued = await call('POST', `/v2/images/${img.id}/actions/deactivate`)
    expect([queued.status, await queued.text()]).toEqual([403, expect.stringContaining('Not allowed to deactivate image in status &#x27;queued&#x27;')])
    await upload(img.id, bytes)
    expect((await call('POST', `/v2/images/${img.id}/actions/deactivate`)).status).toBe(204)
    expect((await call('POST', `/v2/images/${img.id}/actions/deactivate`)).status).toBe(204)
    expect((await show(img.id)).status).toBe('deactivated')
    const denied = await call('GET', `/v2/images/${img.id}/file`)
    expect([denied.status, await denied.text()]).toEqual([403, expect.stringContaining('The requested image has been deactivated. Image data download is forbidden.')])
    expect((await call('GET', `/v2/images/${img.id}/file`, { token: admin })).status).toBe(200)
    expect((await call('POST', `/v2/images/${img.id}/actions/reactivate`)).status).toBe(204)
    expect((await call('GET', `/v2/images/${img.id}/file`)).status).toBe(200)
    expect((await call('POST', `/v2/images/${img.id}/actions/bogus`)).status).toBe(404)
  })
})

describe('fake Glance: faults', () => {
  it('answers injected statuses N times, with Glance’s page or a given body', async () => {
    const { create, call, glance } = await setupGlance()
    const f = glance.faults.add({ method: 'POST', path: '/v2/images', status: 503, times: 2 })
    expect((await call('POST', '/v2/images', { json: {} })).status).toBe(503)
    const second = await call('POST', '/v2/images', { json: {}, headers: { accept: 'application/json' } })
    expect(await second.json()).toMatchObject({ code: '503 Service Unavailable' })
    expect((await call('POST', '/v2/images', { json: {} })).status).toBe(201)
    expect([f.hits, glance.faults.pending]).toEqual([2, 0])
    const img = await create()
    glance.faults.add({ path: /\/file$/, status: 500, body: 'boom', headers: { 'retry-after': '1' } })
    const boom = await call('GET', `/v2/images/${img.id}/file`)
    expect([boom.status, await boom.text(), boom.headers.get('retry-after')]).toEqual([500, 'boom', '1'])
  })

  it('corrupts uploads, downloads and stored data, and answers wrong checksums', async () => {
    const { create, upload, call, show, glance } = await setupGlance()
    const a = await create()
    glance.faults.add({ method: 'PUT', path: /\/file$/, corruptBody: true })
    await upload(a.id, bytes)
    expect((await show(a.id)).checksum).not.toBe(md5(bytes))
    expect(glance.getImageBytes(a.id)).not.toEqual(bytes)

    const b = await create()
    glance.faults.add({ method: 'PUT', path: /\/file$/, wrongChecksum: true })
    await upload(b.id, bytes)
    expect(glance.getImageBytes(b.id)).toEqual(bytes)
    expect((await show(b.id)).checksum).not.toBe(md5(bytes))

    const c = await create()
    await upload(c.id, bytes)
    glance.faults.add({ method: 'GET', path: /\/file$/, corruptBody: true })
    const bad = await call('GET', `/v2/images/${c.id}/file`)
    expect(bad.headers.get('content-md5')).toBe(md5(bytes))
    expect(md5(new Uint8Array(await bad.arrayBuffer()))).not.toBe(md5(bytes))
    glance.faults.add({ method: 'GET', path: /\/file$/, wrongChecksum: true })
    const wrong = await call('GET', `/v2/images/${c.id}/file`)
    expect(wrong.headers.get('content-md5')).not.toBe(md5(bytes))
    expect(new Uint8Array(await wrong.arrayBuffer())).toEqual(bytes)
    glance.corruptImageData(c.id)
    const stored = await call('GET', `/v2/images/${c.id}/file`)
    expect(md5(new Uint8Array(await stored.arrayBuffer()))).not.toBe(stored.headers.get('content-md5'))
  })
})
