// test/eem/devices-flavors.test.ts — eem.devices (filters, brief list fields, sync) and eem.flavors CRUD against a scripted Valence.
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { EXPETHER_FREE_GROUP, EemClient } from '../../src/eem/index.js'
import { DEVICE, FLAVOR, FakeValence, NODE, PODM, VALENCE, device, flavor } from './support.js'

const server = setupServer()
let valence: FakeValence
let eem: EemClient

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
beforeEach(() => {
  valence = new FakeValence()
  server.use(...valence.handlers)
  eem = new EemClient({ endpoint: `${VALENCE}/v1/`, retry: 0 })
})
afterEach(async () => {
  await eem.close()
  server.resetHandlers()
})
afterAll(() => server.close())

const brief = (extra: Record<string, unknown> = {}): Record<string, unknown> => {
  const { uuid, podm_id, type, state, node_id, resource_uri, pooled_group_id } = device(extra)
  return { uuid, podm_id, type, state, node_id, resource_uri, pooled_group_id }
}

describe('devices', () => {
  it('list sends type, state, podm_id, node_id as Valence’s query names and returns the brief fields', async () => {
    valence.on('GET /v1/devices', { json: [brief(), brief({ uuid: 'd2', state: 'allocated', node_id: '0x8cdf9d911cb0', pooled_group_id: '1234' })] })
    const list = await eem.devices.list({ type: 'SSD', state: 'free', podmId: PODM, nodeId: NODE }).toArray()
    expect(valence.seen[0]).toMatchObject({ method: 'GET', path: '/v1/devices', query: { type: 'SSD', state: 'free', podm_id: PODM, node_id: NODE } })
    expect(list[0]).toEqual({ uuid: DEVICE, podm_id: PODM, type: 'SSD', state: 'free', node_id: null, resource_uri: 'devices/0x1111111111', pooled_group_id: EXPETHER_FREE_GROUP })
    expect(list[1]).toMatchObject({ uuid: 'd2', state: 'allocated', node_id: '0x8cdf9d911cb0', pooled_group_id: '1234' })
  })

  it('list takes a wrapped list, fills missing node_id/pooled_group_id with null and makes ids strings', async () => {
    valence.on('GET /v1/devices', { json: { devices: [{ uuid: 'd3', state: 'free', type: 'NIC', podm_id: PODM, pooled_group_id: 4093 }] } })
    expect(await eem.devices.list({ podmId: PODM }).toArray()).toEqual([{ uuid: 'd3', state: 'free', type: 'NIC', podm_id: PODM, node_id: null, pooled_group_id: '4093' }])
    expect(valence.seen[0]!.query).toEqual({ podm_id: PODM })
  })

  it('a device without uuid or state is a ResponseError', async () => {
    valence.on('GET /v1/devices', { json: [{ type: 'SSD' }] })
    await expect(eem.devices.list().toArray()).rejects.toMatchObject({ name: 'ResponseError' })
  })

  it('get returns every field', async () => {
    valence.on(`GET /v1/devices/${DEVICE}`, { json: device() })
    const d = await eem.devices.get(DEVICE)
    expect(d).toMatchObject({ uuid: DEVICE, properties: { device_id: '0x1111111111', model: 'ExpEther board' }, extra: { vendor_name: 'Intel' }, created_at: '2018-01-10 10:00:00 UTC' })
  })

  it('sync POSTs {podm_id} for one pod manager, no body for all; returns the per-podm results', async () => {
    valence.on('POST /v1/devices/sync', { json: [{ podm_id: PODM, status: 'SUCCESS' }] })
    expect(await eem.devices.sync(PODM)).toEqual([{ podm_id: PODM, status: 'SUCCESS' }])
    expect(valence.seen[0]).toMatchObject({ method: 'POST', path: '/v1/devices/sync', json: { podm_id: PODM } })
    valence.on('POST /v1/devices/sync', { json: [{ podm_id: PODM, status: 'SUCCESS' }, { podm_id: 'p2', status: 'FAILED' }] })
    expect((await eem.devices.sync()).map((r) => r.status)).toEqual(['SUCCESS', 'FAILED'])
    expect(valence.seen[1]!.json).toBeUndefined()
    valence.on('POST /v1/devices/sync', { status: 204 })
    expect(await eem.devices.sync(PODM)).toEqual([])
    valence.on('POST /v1/devices/sync', { json: { podm_id: PODM, status: 'SUCCESS' } })
    expect(await eem.devices.sync(PODM)).toEqual([{ podm_id: PODM, status: 'SUCCESS' }])
  })

  it('bad filters and ids are InputErrors before any request', async () => {
    for (const call of [
      () => eem.devices.list({ podm_id: PODM } as never).toArray(),
      () => eem.devices.list({ state: '' }).toArray(),
      () => eem.devices.get(''),
      () => eem.devices.sync(''),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(InputError)
    }
    expect(valence.seen).toEqual([])
  })
})

describe('flavors', () => {
  it('create, list (bare and wrapped), get, update, delete (200 and 204)', async () => {
    valence
      .on('POST /v1/flavors', { json: flavor() })
      .on('GET /v1/flavors', { json: [flavor()] })
      .on(`GET /v1/flavors/${FLAVOR}`, { json: flavor() })
      .on(`PATCH /v1/flavors/${FLAVOR}`, ({ json }) => ({ json: flavor(json as Record<string, unknown>) }))
      .on(`DELETE /v1/flavors/${FLAVOR}`, { json: { code: 'DELETED', detail: 'DELETED', request_id: 'r' } })
    const properties = { pci_device: { type: ['SSD', 'SSD'] } }
    const f = await eem.flavors.create({ name: 'two-ssd', description: 'two SSDs', properties })
    expect(f).toMatchObject({ uuid: FLAVOR, name: 'two-ssd', properties })
    expect(valence.seen[0]).toMatchObject({ method: 'POST', path: '/v1/flavors', json: { name: 'two-ssd', description: 'two SSDs', properties } })
    expect((await eem.flavors.list().toArray()).map((x) => x.uuid)).toEqual([FLAVOR])
    valence.on('GET /v1/flavors', { json: { flavors: [flavor(), flavor({ uuid: 'f2' })] } })
    expect(await eem.flavors.list().toArray()).toHaveLength(2)
    expect((await eem.flavors.get(FLAVOR)).name).toBe('two-ssd')
    expect((await eem.flavors.update(FLAVOR, { description: 'bigger' })).description).toBe('bigger')
    expect(valence.seen.at(-1)).toMatchObject({ method: 'PATCH', path: `/v1/flavors/${FLAVOR}`, json: { description: 'bigger' } })
    await eem.flavors.delete(FLAVOR)
    valence.on(`DELETE /v1/flavors/${FLAVOR}`, { status: 204 })
    await eem.flavors.delete(FLAVOR)
    expect(valence.seen.filter((s) => s.method === 'DELETE')).toHaveLength(2)
  })

  it('bad flavors are InputErrors before any request', async () => {
    for (const call of [
      () => eem.flavors.create({ name: 'x' } as never),
      () => eem.flavors.create({ name: '', properties: {} }),
      () => eem.flavors.create({ name: 'x', properties: { processor: { total_cores: 1.5 } } }),
      () => eem.flavors.update(FLAVOR, {}),
      () => eem.flavors.update('', { name: 'x' }),
      () => eem.flavors.get(''),
      () => eem.flavors.delete(''),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(InputError)
    }
    expect(valence.seen).toEqual([])
  })
})
