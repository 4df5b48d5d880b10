// test/eem/devices-flavors.test.ts — eem.devices (filters, brief list fields, sync) and eem.flavors CRUD against a scripted Valence.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { EXPETHER_FREE_GROUP } from '../../src/eem/index.js'
import { DEVICE, FLAVOR, NODE, PODM, VALENCE, device, flavor, useValence } from './support.js'

const t = useValence({ endpoint: `${VALENCE}/v1/` })

const brief = (extra: Record<string, unknown> = {}): Record<string, unknown> => {
  const { uuid, podm_id, type, state, node_id, resource_uri, pooled_group_id } = device(extra)
  return { uuid, podm_id, type, state, node_id, resource_uri, pooled_group_id }
}

describe('devices', () => {
  it('list sends type, state, podm_id, node_id as Valence’s query names and returns the brief fields', async () => {
    t.valence.on('GET /v1/devices', { json: [brief(), brief({ uuid: 'd2', state: 'allocated', node_id: '0x8cdf9d911cb0', pooled_group_id: '1234' })] })
    const list = await t.eem.devices.list({ type: 'SSD', state: 'free', podmId: PODM, nodeId: NODE }).toArray()
    expect(t.valence.seen[0]).toMatchObject({ method: 'GET', path: '/v1/devices', query: { type: 'SSD', state: 'free', podm_id: PODM, node_id: NODE } })
    expect(list[0]).toEqual({ uuid: DEVICE, podm_id: PODM, type: 'SSD', state: 'free', node_id: null, resource_uri: 'devices/0x1111111111', pooled_group_id: EXPETHER_FREE_GROUP })
    expect(list[1]).toMatchObject({ uuid: 'd2', state: 'allocated', node_id: '0x8cdf9d911cb0', pooled_group_id: '1234' })
  })

  it('list takes a wrapped list, fills missing node_id/pooled_group_id with null and makes ids strings', async () => {
    t.valence.on('GET /v1/devices', { json: { devices: [{ uuid: 'd3', state: 'free', type: 'NIC', podm_id: PODM, pooled_group_id: 4093 }] } })
    expect(await t.eem.devices.list({ podmId: PODM }).toArray()).toEqual([{ uuid: 'd3', state: 'free', type: 'NIC', podm_id: PODM, node_id: null, pooled_group_id: '4093' }])
    expect(t.valence.seen[0]!.query).toEqual({ podm_id: PODM })
  })

  it('a device without uuid or state is a ResponseError', async () => {
    t.valence.on('GET /v1/devices', { json: [{ type: 'SSD' }] })
    await expect(t.eem.devices.list().toArray()).rejects.toMatchObject({ name: 'ResponseError' })
  })

  it('get returns every field', async () => {
    t.valence.on(`GET /v1/devices/${DEVICE}`, { json: device() })
    const d = await t.eem.devices.get(DEVICE)
    expect(d).toMatchObject({ uuid: DEVICE, properties: { device_id: '0x1111111111', model: 'ExpEther board' }, extra: { vendor_name: 'Intel' }, created_at: '2018-01-10 10:00:00 UTC' })
  })

  it('sync POSTs {podm_id} for one pod manager, no body for all; returns the per-podm results', async () => {
    t.valence.on('POST /v1/devices/sync', { json: [{ podm_id: PODM, status: 'SUCCESS' }] })
    expect(await t.eem.devices.sync(PODM)).toEqual([{ podm_id: PODM, status: 'SUCCESS' }])
    expect(t.valence.seen[0]).toMatchObject({ method: 'POST', path: '/v1/devices/sync', json: { podm_id: PODM } })
    t.valence.on('POST /v1/devices/sync', { json: [{ podm_id: PODM, status: 'SUCCESS' }, { podm_id: 'p2', status: 'FAILED' }] })
    expect((await t.eem.devices.sync()).map((r) => r.status)).toEqual(['SUCCESS', 'FAILED'])
    expect(t.valence.seen[1]!.json).toBeUndefined()
    t.valence.on('POST /v1/devices/sync', { status: 204 })
    expect(await t.eem.devices.sync(PODM)).toEqual([])
    t.valence.on('POST /v1/devices/sync', { json: { podm_id: PODM, status: 'SUCCESS' } })
    expect(await t.eem.devices.sync(PODM)).toEqual([{ podm_id: PODM, status: 'SUCCESS' }])
  })

  it('bad filters and ids are InputErrors before any request', async () => {
    for (const call of [
      () => t.eem.devices.list({ podm_id: PODM } as never).toArray(),
      () => t.eem.devices.list({ state: '' }).toArray(),
      () => t.eem.devices.get(''),
      () => t.eem.devices.sync(''),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(InputError)
    }
    expect(t.valence.seen).toEqual([])
  })
})

describe('flavors', () => {
  it('create, list (bare and wrapped), get, update, delete (200 and 204)', async () => {
    t.valence
      .on('POST /v1/flavors', { json: flavor() })
      .on('GET /v1/flavors', { json: [flavor()] })
      .on(`GET /v1/flavors/${FLAVOR}`, { json: flavor() })
      .on(`PATCH /v1/flavors/${FLAVOR}`, ({ json }) => ({ json: flavor(json as Record<string, unknown>) }))
      .on(`DELETE /v1/flavors/${FLAVOR}`, { json: { code: 'DELETED', detail: 'DELETED', request_id: 'r' } })
    const properties = { pci_device: { type: ['SSD', 'SSD'] } }
    const f = await t.eem.flavors.create({ name: 'two-ssd', description: 'two SSDs', properties })
    expect(f).toMatchObject({ uuid: FLAVOR, name: 'two-ssd', properties })
    expect(t.valence.seen[0]).toMatchObject({ method: 'POST', path: '/v1/flavors', json: { name: 'two-ssd', description: 'two SSDs', properties } })
    expect((await t.eem.flavors.list().toArray()).map((x) => x.uuid)).toEqual([FLAVOR])
    t.valence.on('GET /v1/flavors', { json: { flavors: [flavor(), flavor({ uuid: 'f2' })] } })
    expect(await t.eem.flavors.list().toArray()).toHaveLength(2)
    expect((await t.eem.flavors.get(FLAVOR)).name).toBe('two-ssd')
    expect((await t.eem.flavors.update(FLAVOR, { description: 'bigger' })).description).toBe('bigger')
    expect(t.valence.seen.at(-1)).toMatchObject({ method: 'PATCH', path: `/v1/flavors/${FLAVOR}`, json: { description: 'bigger' } })
    await t.eem.flavors.delete(FLAVOR)
    t.valence.on(`DELETE /v1/flavors/${FLAVOR}`, { status: 204 })
    await t.eem.flavors.delete(FLAVOR)
    expect(t.valence.seen.filter((s) => s.method === 'DELETE')).toHaveLength(2)
  })

  it('bad flavors are InputErrors before any request', async () => {
    for (const call of [
      () => t.eem.flavors.create({ name: 'x' } as never),
      () => t.eem.flavors.create({ name: '', properties: {} }),
      () => t.eem.flavors.create({ name: 'x', properties: { processor: { total_cores: 1.5 } } }),
      () => t.eem.flavors.update(FLAVOR, {}),
      () => t.eem.flavors.update('', { name: 'x' }),
      () => t.eem.flavors.get(''),
      () => t.eem.flavors.delete(''),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(InputError)
    }
    expect(t.valence.seen).toEqual([])
  })
})
