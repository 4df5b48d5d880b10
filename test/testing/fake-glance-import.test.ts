// test/testing/fake-glance-import.test.ts — the fake Glance's interoperable import: stage + glance-direct, web-download, copy-image, failures, timing.
import { describe, expect, it } from 'vitest'
import { setupGlance, type Img, md5 } from './support/fake-glance.js'

const bytes = new TextEncoder().encode('hello world, glance!')

const stage = (call: Awaited<ReturnType<typeof setupGlance>>['call'], id: string, data: Uint8Array<ArrayBuffer>) =>
  call('PUT', `/v2/images/${id}/stage`, { body: data, headers: { 'content-type': 'application/octet-stream' } })
const importBody = (method: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ json: { method, ...extra } })

describe('fake Glance: discovery', () => {
  it('lists import methods and stores; store details are admin-only', async () => {
    const { call, admin } = await setupGlance({ stores: ['fs', 'ceph'] })
    expect(await (await call('GET', '/v2/info/import')).json()).toEqual({ 'import-methods': { description: 'Import methods available.', type: 'array', value: ['glance-direct', 'web-download', 'copy-image'] } })
    expect(await (await call('GET', '/v2/info/stores')).json()).toEqual({ stores: [{ id: 'fs', default: 'true' }, { id: 'ceph' }] })
    expect((await call('GET', '/v2/info/stores/detail')).status).toBe(403)
    expect((await call('GET', '/v2/info/stores/detail', { token: admin })).status).toBe(200)
  })
})

describe('fake Glance: glance-direct', () => {
  it('stages (uploading, size known), imports (202) and goes active with checksums and store properties', async () => {
    const { create, call, show, glance } = await setupGlance()
    const img = await create({ name: 'direct' })
    const early = await call('POST', `/v2/images/${img.id}/import`, importBody({ name: 'glance-direct' }))
    expect([early.status, await early.text()]).toEqual([409, expect.stringContaining('Image needs to be staged before &#x27;glance-direct&#x27; method can be used')])
    expect((await stage(call, img.id, bytes)).status).toBe(204)
    expect(await show(img.id)).toMatchObject({ status: 'uploading', size: 20, checksum: null })
    expect((await stage(call, img.id, bytes)).status).toBe(409)
    expect((await call('GET', `/v2/images/${img.id}/file`)).status).toBe(204)
    const r = await call('POST', `/v2/images/${img.id}/import`, importBody({ name: 'glance-direct' }))
    expect(r.status).toBe(202)
    const done = await show(img.id)
    expect(done).toMatchObject({ status: 'active', size: 20, checksum: md5(bytes), os_hash_algo: 'sha512', stores: 'fs', os_glance_importing_to_stores: '', os_glance_failed_import: '' })
    expect(done).not.toHaveProperty('os_glance_import_task')
    expect(glance.getImageBytes(img.id)).toEqual(bytes)
    const { tasks } = (await (await call('GET', `/v2/images/${img.id}/tasks`)).json()) as { tasks: { status: string; type: string; image_id: string }[] }
    expect(tasks).toEqual([expect.objectContaining({ status: 'success', type: 'api_image_import', image_id: img.id })])
  })

  it('stays importing until the fake clock passes importDelayMs, holding the import lock', async () => {
    const { create, call, show, cloud, glance } = await setupGlance({ importDelayMs: 5_000 })
    const img = await create()
    await stage(call, img.id, bytes)
    expect((await call('POST', `/v2/images/${img.id}/import`, importBody({ name: 'glance-direct' }))).status).toBe(202)
    const importing = await show(img.id)
    expect(importing).toMatchObject({ status: 'importing', os_glance_importing_to_stores: 'fs', os_glance_import_task: expect.any(String) })
    expect([...glance.tasks.values()][0]!.status).toBe('processing')
    cloud.clock.advance(4_000) // the fake clock also runs with real time: keep a margin
    expect((await show(img.id)).status).toBe('importing')
    expect((await stage(call, img.id, bytes)).status).toBe(409)
    cloud.clock.advance(1_000)
    expect((await show(img.id)).status).toBe('active')
    expect(glance.images.get(img.id)!.status).toBe('active')
  })

  it('checks the request as Glance does', async () => {
    const { create, call } = await setupGlance()
    const img = await create()
    const post = async (json: unknown) => {
      const r = await call('POST', `/v2/images/${img.id}/import`, { json })
      return [r.status, await r.text()] as const
    }
    expect(await post({})).toEqual([400, expect.stringContaining('Import request requires a &#x27;method&#x27; field.')])
    expect(await post({ method: {} })).toEqual([400, expect.stringContaining('Import request requires a &#x27;name&#x27; field.')])
    expect(await post({ method: { name: 'glance-download' } })).toEqual([400, expect.stringContaining('Unknown import method name &#x27;glance-download&#x27;.')])
    expect(await post({ method: { name: 'web-download', uri: 'http://x/' }, all_stores: 'yes' })).toEqual([400, expect.stringContaining('&#x27;all_stores&#x27; must be boolean value only')])
    expect(await post({ method: { name: 'web-download', uri: 'http://x/' }, stores: ['nope'] })).toEqual([409, expect.stringContaining('Store for identifier nope not found')])
    expect(await post({ method: { name: 'web-download', uri: 'file:///etc/passwd' } })).toEqual([400, expect.stringContaining('URI for web-download does not pass filtering: file:///etc/passwd')])
    const bare = (await (await call('POST', '/v2/images', { json: {} })).json()) as Img
    const noFormat = await call('POST', `/v2/images/${bare.id}/import`, importBody({ name: 'web-download', uri: 'http://x/' }))
    expect(await noFormat.text()).toContain('&#x27;container_format&#x27; needs to be set before import')
  })
})

describe('fake Glance: web-download and copy-image', () => {
  it('downloads the source through the injected fetchUrl', async () => {
    const seen: string[] = []
    const fetchUrl = async (url: string) => {
      seen.push(url)
      return new Response(url.endsWith('/missing') ? 'nope' : bytes, { status: url.endsWith('/missing') ? 404 : 200 })
    }
    const { create, call, show, glance } = await setupGlance({ fetchUrl })
    const img = await create()
    expect((await call('POST', `/v2/images/${img.id}/import`, importBody({ name: 'web-download', uri: 'https://images.example/cirros.img' }))).status).toBe(202)
    expect(await show(img.id)).toMatchObject({ status: 'active', checksum: md5(bytes), size: 20, stores: 'fs' })
    expect(seen).toEqual(['https://images.example/cirros.img'])
    const again = await call('POST', `/v2/images/${img.id}/import`, importBody({ name: 'web-download', uri: 'https://images.example/x' }))
    expect(await again.text()).toContain('Image with status active cannot be target for import')
    const missing = await create()
    expect((await call('POST', `/v2/images/${missing.id}/import`, importBody({ name: 'web-download', uri: 'https://images.example/missing' }))).status).toBe(202)
    expect(await show(missing.id)).toMatchObject({ status: 'queued', os_glance_failed_import: 'fs', os_glance_importing_to_stores: '' })
    expect([...glance.tasks.values()].at(-1)).toMatchObject({ status: 'failure', message: expect.stringContaining('404') })
  })

  it('copies an active image to a second store (admin only), leaving it active', async () => {
    const { create, upload, call, show, admin, glance } = await setupGlance({ stores: ['fs', 'ceph'] })
    const img = await create({ visibility: 'community' })
    await upload(img.id, bytes)
    const denied = await call('POST', `/v2/images/${img.id}/import`, importBody({ name: 'copy-image' }, { stores: ['ceph'] }))
    expect([denied.status, await denied.text()]).toEqual([403, expect.stringContaining('You are not authorized to complete copy_image action.')])
    const present = await call('POST', `/v2/images/${img.id}/import`, { ...importBody({ name: 'copy-image' }, { stores: ['fs'] }), token: admin })
    expect([present.status, await present.text()]).toEqual([400, expect.stringContaining('Image is already present at store &#x27;fs&#x27;')])
    expect((await call('POST', `/v2/images/${img.id}/import`, { ...importBody({ name: 'copy-image' }, { stores: ['ceph'] }), token: admin })).status).toBe(202)
    expect(await show(img.id)).toMatchObject({ status: 'active', stores: 'fs,ceph', checksum: md5(bytes) })
    expect(glance.images.get(img.id)!.stores).toEqual(['fs', 'ceph'])
    // all_stores with nothing left to copy is a no-op 202
    expect((await call('POST', `/v2/images/${img.id}/import`, { ...importBody({ name: 'copy-image' }, { all_stores: true }), token: admin })).status).toBe(202)
    const queued = await create()
    expect(await (await call('POST', `/v2/images/${queued.id}/import`, { ...importBody({ name: 'copy-image' }, { stores: ['ceph'] }), token: admin })).text()).toContain('Only images with status active can be targeted for copying')
  })
})

describe('fake Glance: failNextImport', () => {
  it('fails the next import: the image goes back to queued with os_glance_failed_import, once', async () => {
    const { create, call, show, glance } = await setupGlance()
    const img = await create()
    await stage(call, img.id, bytes)
    glance.failNextImport('store is on fire')
    expect((await call('POST', `/v2/images/${img.id}/import`, importBody({ name: 'glance-direct' }))).status).toBe(202)
    expect(await show(img.id)).toMatchObject({ status: 'queued', size: null, os_glance_failed_import: 'fs', os_glance_importing_to_stores: '' })
    expect([...glance.tasks.values()][0]).toMatchObject({ status: 'failure', message: 'store is on fire' })
    await stage(call, img.id, bytes)
    expect((await call('POST', `/v2/images/${img.id}/import`, importBody({ name: 'glance-direct' }))).status).toBe(202)
    expect(await show(img.id)).toMatchObject({ status: 'active', os_glance_failed_import: '' })
  })

  it('with all_stores_must_succeed=false, lists only the failed store and goes active on the others', async () => {
    const { create, call, show, glance } = await setupGlance({ stores: ['fs', 'ceph', 'swift'] })
    const img = await create()
    await stage(call, img.id, bytes)
    glance.failNextImport('ceph down', { stores: ['ceph'] })
    const r = await call('POST', `/v2/images/${img.id}/import`, importBody({ name: 'glance-direct' }, { stores: ['fs', 'ceph', 'swift'], all_stores_must_succeed: false }))
    expect(r.status).toBe(202)
    expect(await show(img.id)).toMatchObject({ status: 'active', stores: 'fs,swift', os_glance_failed_import: 'ceph', os_glance_importing_to_stores: '' })
    const strict = await create()
    await stage(call, strict.id, bytes)
    glance.failNextImport('ceph down', { stores: ['ceph'] })
    await call('POST', `/v2/images/${strict.id}/import`, importBody({ name: 'glance-direct' }, { stores: ['fs', 'ceph'] }))
    expect(await show(strict.id)).toMatchObject({ status: 'queued', os_glance_failed_import: 'ceph' })
    expect(await show(strict.id)).not.toHaveProperty('stores')
  })
})
