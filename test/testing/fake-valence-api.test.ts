// test/testing/fake-valence-api.test.ts — the fake Valence's resources: root, pod managers, flavors, devices, systems, racks, dialects, errors, faults, real HTTP with GET bodies.
import { request as httpRequest } from 'node:http'
import { describe, expect, it } from 'vitest'
import { setupValence, type Json } from './support/fake-valence.js'

const ZERO = '00000000-0000-0000-0000-000000000000'
const auth = [{ type: 'basic', auth_items: { username: 'u', password: 'p' } }]

describe('fake Valence: root and pod managers', () => {
  it('answers the version root and the seeded expether pod manager, password in clear', async () => {
    const { json, podm, cloud } = await setupValence()
    expect(await json('GET', '', 200)).toMatchObject({ name: 'OpenStack Valence API', versions: [{ id: 'v1', status: 'CURRENT' }] })
    const list = await json<Json[]>('GET', '/pod_managers', 200)
    expect(list).toEqual([expect.objectContaining({ uuid: podm, name: 'eem1', driver: 'expether', status: 'Online', url: cloud.valence.eemUrl })])
    expect(list[0]!.authentication).toEqual([{ type: 'basic', auth_items: { username: 'admin', password: 'admin-secret' } }])
    expect(list[0]!.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/)
    expect(cloud.services.find((s) => s.name === 'valence')).toMatchObject({ type: 'composable-hardware', catalogPath: '/valence' })
  })

  it('creates (200, driver redfishv1 by default), shows, patches (not uuid or url) and deletes (200 DELETED)', async () => {
    const { json, call } = await setupValence()
    const p = await json<Json & { uuid: string }>('POST', '/pod_managers', 200, { name: 'p2', url: 'http://10.0.0.2:8443/eem', authentication: auth })
    expect(p).toMatchObject({ name: 'p2', driver: 'redfishv1', status: 'Online' })
    expect(await json('GET', `/pod_managers/${p.uuid}`, 200)).toEqual(p)
    const patched = await json('PATCH', `/pod_managers/${p.uuid}`, 200, { name: 'p2b', url: 'http://elsewhere', uuid: 'x' })
    expect(patched).toMatchObject({ uuid: p.uuid, name: 'p2b', url: 'http://10.0.0.2:8443/eem' })
    expect(await json('DELETE', `/pod_managers/${p.uuid}`, 200)).toEqual({ request_id: ZERO, code: '', detail: 'DELETED' })
    expect(await call('GET', `/pod_managers/${p.uuid}`)).toMatchObject({ status: 404, body: { request_id: ZERO, code: 'Not Found', status: 404, title: 'Resource could not be found', detail: `Pod Manager ${p.uuid} not found in database.` } })
  })

  it('refuses duplicates, bad bodies (jsonschema messages) and unknown drivers', async () => {
    const { call, cloud } = await setupValence()
    expect(await call('POST', '/pod_managers', { name: 'eem1', url: 'http://x', authentication: auth })).toMatchObject({ status: 400, body: { code: 'Bad Request', title: 'Bad Request', detail: 'duplicated name or url !' } })
    expect(await call('POST', '/pod_managers', { name: 'x', url: cloud.valence.eemUrl, authentication: auth })).toMatchObject({ status: 400 })
    expect((await call('POST', '/pod_managers', { name: 'x', url: 'http://x' })).body).toMatchObject({ status: 400, title: 'Validation Error', detail: "'authentication' is a required property" })
    expect((await call('POST', '/pod_managers', { name: 'x', url: 'http://x', authentication: [] })).body).toMatchObject({ detail: "Invalid input for field/attribute 'authentication' Value: '[]'. [] is too short" })
    expect((await call('POST', '/pod_managers', { name: 1, url: 'http://x', authentication: auth })).body).toMatchObject({ detail: "Invalid input for field/attribute 'name' Value: '1'. 1 is not of type 'string'" })
    expect((await call('POST', '/pod_managers', { name: 'x', url: 'http://x', authentication: auth, extra: 1 })).body).toMatchObject({ detail: "Additional properties are not allowed ('extra' was unexpected)" })
    expect(await call('POST', '/pod_managers', { name: 'x', url: 'http://x', driver: 'nope', authentication: auth })).toMatchObject({ status: 404, body: { title: 'Unsupported Driver Specified', detail: 'podmanager could not be loaded with specified driver nope' } })
  })

  it('answers lists wrapped and DELETE 204 when the dialect asks, and can change it live', async () => {
    const { json, call, cloud } = await setupValence({ dialect: { lists: 'wrapped', deleteStatus: 204 } })
    expect(await json('GET', '/pod_managers', 200)).toEqual({ pod_managers: [expect.objectContaining({ name: 'eem1' })] })
    expect(await json('GET', '/devices', 200)).toEqual({ devices: expect.any(Array) })
    const f = await json<{ uuid: string }>('POST', '/flavors', 200, { name: 'f', properties: {} })
    expect(await call('DELETE', `/flavors/${f.uuid}`)).toMatchObject({ status: 204, text: '' })
    cloud.valence.dialect.lists = 'bare'
    expect(Array.isArray(await json('GET', '/flavors', 200))).toBe(true)
  })
})

describe('fake Valence: flavors, devices, systems, racks', () => {
  it('flavors: create 200, list, get, patch, delete with code DELETED, 404 after', async () => {
    const { json, call } = await setupValence()
    const f = await json<Json & { uuid: string }>('POST', '/flavors', 200, { name: 'nic', description: 'one NIC', properties: { pci_device: { type: ['NIC'] } } })
    expect(f).toMatchObject({ name: 'nic', properties: { pci_device: { type: ['NIC'] } }, created_at: expect.any(String) })
    expect(await json('GET', '/flavors', 200)).toEqual([f])
    expect(await json('PATCH', `/flavors/${f.uuid}`, 200, { description: 'two' })).toMatchObject({ uuid: f.uuid, description: 'two' })
    expect((await call('POST', '/flavors', { name: 'x', properties: { disk: {} } })).body).toMatchObject({ status: 400, detail: "Invalid input for field/attribute 'properties' Value: '{'disk': {}}'. Additional properties are not allowed ('disk' was unexpected)" })
    expect(await json('DELETE', `/flavors/${f.uuid}`, 200)).toEqual({ request_id: ZERO, code: 'DELETED', detail: `This flavor ${f.uuid} has been deleted successfully` })
    expect((await call('GET', `/flavors/${f.uuid}`)).status).toBe(404)
  })

  it('devices: brief list with filters (type, state, podm_id, node_id), full record by uuid', async () => {
    const { devices, json, call, podm } = await setupValence()
    const all = await devices()
    expect(all.map((d) => d.type).sort()).toEqual(['GPU', 'NIC', 'NIC', 'SSD'])
    expect(Object.keys(all[0]!).sort()).toEqual(['node_id', 'podm_id', 'pooled_group_id', 'resource_uri', 'state', 'type', 'uuid'])
    expect(all.every((d) => d.state === 'free' && d.node_id === null && d.pooled_group_id === '4093')).toBe(true)
    expect((await devices('?type=NIC&state=free')).length).toBe(2)
    expect((await devices(`?podm_id=${podm}&type=GPU`)).length).toBe(1)
    expect(await devices('?state=allocated')).toEqual([])
    expect(await devices('?node_id=0x1')).toEqual([])
    const gpu = (await devices('?type=GPU'))[0]!
    expect(await json('GET', `/devices/${gpu.uuid}`, 200)).toMatchObject({ uuid: gpu.uuid, properties: { device_id: expect.stringMatching(/^0x/), model: '40g' }, extra: { vendor_name: 'NVIDIA Corporation' } })
    expect(await call('GET', '/devices/nope')).toMatchObject({ status: 404, body: { detail: 'Device nope not found in database.' } })
  })

  it('systems and racks read podm_id from the body or ?podm_id=; none → Valence\'s 500 TypeError', async () => {
    const { json, call, podm, cloud } = await setupValence()
    const systems = await json<Json[]>('GET', `/systems?podm_id=${podm}`, 200)
    expect(systems).toHaveLength(2)
    expect(systems[0]).toMatchObject({ resource_uri: `devices/${systems[0]!.id as string}`, pooled_group_id: '4094', type: '40g' })
    expect(await json('GET', `/systems/${systems[0]!.id as string}?podm_id=${podm}`, 200)).toMatchObject({ name: 'eesv', power_state: 'on', ee_version: 'v1.0' })
    const eeio = [...cloud.valence.devices.values()][0]!.properties.device_id
    expect(await call('GET', `/systems/${eeio}?podm_id=${podm}`)).toMatchObject({ status: 500, body: { title: 'ExpEther Exception', detail: `Not a valid EESV node ${eeio}` } })
    expect(await call('GET', '/systems')).toMatchObject({ status: 500, body: { code: 'TypeError', title: 'TypeError', detail: "'NoneType' object is not subscriptable" } })
    expect(await call('GET', '/systems?podm_id=nope')).toMatchObject({ status: 404 })
    expect(await call('GET', `/racks?podm_id=${podm}`)).toMatchObject({ status: 500, body: { code: 'AttributeError', detail: "'ExpEtherManager' object has no attribute 'list_racks'" } })
    const rf = await json<{ uuid: string }>('POST', '/pod_managers', 200, { name: 'rf', url: 'http://rf', authentication: auth })
    expect(await json('GET', `/racks?podm_id=${rf.uuid}`, 200)).toEqual([])
    expect((await call('GET', `/racks/r1?podm_id=${rf.uuid}`)).status).toBe(404)
  })
})

describe('fake Valence: errors, faults, real HTTP', () => {
  it('unknown routes 404, wrong methods 405, storages 501, broken JSON 400, all in the flat error format', async () => {
    const { call } = await setupValence()
    expect(await call('GET', '/nowhere')).toMatchObject({ status: 404, type: 'application/json', body: { request_id: ZERO, code: 'NotFound', status: 404 } })
    expect(await call('GET', '/devices/sync')).toMatchObject({ status: 405, body: { code: 'MethodNotAllowed', status: 405 } })
    expect(await call('PUT', '/pod_managers')).toMatchObject({ status: 405 })
    expect(await call('GET', '/storages')).toMatchObject({ status: 501, body: { code: 'NotImplemented' } })
    expect(await call('GET', '/nodes/x/storages')).toMatchObject({ status: 501 })
    const { cloud, api } = await setupValence()
    const r = await cloud.handle(new Request(`${api}/flavors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' }))
    expect([r.status, ((await r.json()) as Json).code]).toEqual([400, 'BadRequest'])
  })

  it('failNext and faults answer once (or n times) with the given status and body', async () => {
    const { call, cloud } = await setupValence()
    const f = cloud.valence.failNext('GET /v1/devices', { status: 503 })
    expect(await call('GET', '/devices')).toMatchObject({ status: 503, body: { request_id: ZERO, status: 503 } })
    expect((await call('GET', '/devices')).status).toBe(200)
    expect(f.hits).toBe(1)
    cloud.valence.failNext('/v1/flavors', { status: 500, body: { code: 'X', status: 500, title: 't', detail: 'd' }, times: 2 })
    expect(await call('POST', '/flavors', { name: 'x', properties: {} })).toMatchObject({ status: 500, body: { code: 'X' } })
    expect((await call('GET', '/flavors')).status).toBe(500)
    expect((await call('GET', '/flavors')).status).toBe(200)
    cloud.valence.faults.add({ path: /podm_id=/, status: 502, body: 'Bad Gateway' })
    expect(await call('GET', '/nodes?podm_id=x')).toMatchObject({ status: 502, text: 'Bad Gateway' })
    expect(cloud.valence.faults.pending).toBe(0)
  })

  it('over cloud.listen(): a GET with a JSON body {podm_id}, and plain fetch', async () => {
    const { cloud, podm } = await setupValence()
    await using server = await cloud.listen()
    const payload = JSON.stringify({ podm_id: podm })
    const got = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/valence/v1/systems`, { method: 'GET', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      req.end(payload)
    })
    expect(got.status).toBe(200)
    expect(JSON.parse(got.body)).toHaveLength(2)
    const r = await fetch(`${server.url}/valence/v1/devices?type=NIC`)
    expect([r.status, ((await r.json()) as unknown[]).length]).toEqual([200, 2])
    const s = await fetch(`${server.url}/valence/v1/devices/sync`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload })
    expect(await s.json()).toEqual([{ podm_id: podm, status: 'SUCCESS' }])
  })
})
