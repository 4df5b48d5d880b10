// test/testing/fake-valence-expether.test.ts — the fake Valence's ExpEther semantics: compose, manage, attach, detach, node delete, actions, register, sync of hardware changes.
import { describe, expect, it } from 'vitest'
import { setupValence, type Json } from './support/fake-valence.js'

describe('fake Valence: compose and nodes', () => {
  it('composes a node with a NIC: the first free EESV gets its own group, the NIC moves into it', async () => {
    const { compose, json, devices, cloud, podm } = await setupValence()
    const node = await compose(['NIC'])
    expect(Object.keys(node).sort()).toEqual(['index', 'name', 'podm_id', 'resource_uri', 'uuid'])
    expect(node).toMatchObject({ name: 'n1', podm_id: podm, resource_uri: `devices/${node.index}` })
    const eesv = cloud.valence.hardware.board(node.index)!
    expect(eesv.group_id).not.toBe('4094')
    const [nic] = await devices('?state=allocated')
    expect(nic).toMatchObject({ type: 'NIC', node_id: node.index, pooled_group_id: eesv.group_id })
    expect(cloud.valence.hardware.board(cloud.valence.devices.get(nic!.uuid)!.properties.device_id)!.group_id).toBe(eesv.group_id)
    const shown = await json('GET', `/nodes/${node.uuid}`, 200)
    expect(shown).toMatchObject({ uuid: node.uuid, name: 'n1', index: node.index, power_state: 'on', pooled_group_id: eesv.group_id, serial_number: eesv.serial_number, mac_address: eesv.mac_address })
    expect(await json('GET', '/nodes', 200)).toEqual([node])
    expect(await json('GET', `/nodes?index=${node.index}`, 200)).toEqual([node])
    expect(await json('GET', '/nodes?name=other', 200)).toEqual([])
  })

  it('composes from a flavor; fails with 404 "40400" when no EESV or device is free', async () => {
    const { compose, json, call, podm } = await setupValence()
    const flavor = await json<{ uuid: string }>('POST', '/flavors', 200, { name: 'gpu', properties: { pci_device: { type: ['GPU'] } } })
    const n1 = await json<{ index: string }>('POST', '/nodes', 200, { name: 'g', podm_id: podm, flavor_id: flavor.uuid })
    expect((await call('GET', `/devices?type=GPU`)).body).toMatchObject([{ node_id: n1.index, state: 'allocated' }])
    expect(await call('POST', '/nodes', { name: 'g2', podm_id: podm, properties: { pci_device: { type: ['GPU'] } } })).toMatchObject({ status: 404, body: { code: '40400', title: 'ExpEther Exception', detail: 'Requested device not available' } })
    await compose([], 'plain')
    expect(await call('POST', '/nodes', { name: 'n3', podm_id: podm })).toMatchObject({ status: 404, body: { code: '40400', detail: 'Node not available' } })
    expect(await call('POST', '/nodes', { name: 'x', podm_id: podm, flavor_id: 'nope' })).toMatchObject({ status: 404, body: { detail: 'Flavor nope not found in database.' } })
    expect(await call('POST', '/nodes', { name: 'x' })).toMatchObject({ status: 500, body: { code: 'KeyError', detail: "'podm_id'" } })
    expect(await call('POST', '/nodes', { podm_id: podm })).toMatchObject({ status: 400, body: { title: 'Validation Error' } })
  })

  it('manages an existing EESV (409 when already managed, 500 for an EEIO, EEM 404 for an unknown id)', async () => {
    const { json, call, podm, cloud, compose } = await setupValence()
    const node = await compose([])
    expect(await call('POST', '/nodes/manage', { node_index: node.index, podm_id: podm })).toMatchObject({ status: 409, body: { code: 'Conflict', title: 'Resource Already Exists', detail: `Node '${node.index}' already managed by Valence` } })
    const other = [...cloud.valence.hardware.boards().values()].find((b) => b.status === 'eesv' && b.id !== node.index)!
    expect(await json('POST', '/nodes/manage', 200, { node_index: other.id, podm_id: podm })).toMatchObject({ name: other.id, index: other.id })
    const eeio = [...cloud.valence.hardware.boards().values()].find((b) => b.status === 'eeio')!
    expect(await call('POST', '/nodes/manage', { node_index: eeio.id, podm_id: podm })).toMatchObject({ status: 500, body: { detail: `Not a valid EESV node ${eeio.id}` } })
    expect(await call('POST', '/nodes/manage', { node_index: '0xdead', podm_id: podm })).toMatchObject({ status: 404, body: { code: '40400' } })
  })

  it('deleting a node detaches its devices first (200 null), then 404', async () => {
    const { compose, call, devices } = await setupValence()
    const node = await compose(['NIC', 'SSD'])
    expect((await devices('?state=allocated')).length).toBe(2)
    expect(await call('DELETE', `/nodes/${node.uuid}`)).toMatchObject({ status: 200, text: 'null\n' })
    expect(await devices('?state=allocated')).toEqual([])
    expect(await call('GET', `/nodes/${node.uuid}`)).toMatchObject({ status: 404, body: { detail: `Composed node '${node.uuid}' not found in database.` } })
  })
})

describe('fake Valence: node actions', () => {
  it('attach moves a free device in (204), detach returns it to 4093 (204, twice is fine)', async () => {
    const { compose, action, devices, cloud } = await setupValence()
    const node = await compose([])
    const gpu = (await devices('?type=GPU'))[0]!
    expect(await action(node.uuid, { attach: { resource_id: gpu.uuid } })).toMatchObject({ status: 204, text: '' })
    const group = cloud.valence.hardware.board(node.index)!.group_id
    expect(cloud.valence.devices.get(gpu.uuid)).toMatchObject({ state: 'allocated', node_id: node.index, pooled_group_id: group })
    expect((await action(node.uuid, { detach: { resource_id: gpu.uuid } })).status).toBe(204)
    expect(cloud.valence.devices.get(gpu.uuid)).toMatchObject({ state: 'free', node_id: null, pooled_group_id: '4093' })
    expect(cloud.valence.hardware.board(cloud.valence.devices.get(gpu.uuid)!.properties.device_id)!.group_id).toBe('4093')
    expect((await action(node.uuid, { detach: { resource_id: gpu.uuid } })).status).toBe(204)
  })

  it('refuses a device allocated to another node or in another group (400), past max_eeio_count (500), unknown ones (404)', async () => {
    const { compose, action, devices, cloud } = await setupValence()
    const a = await compose(['NIC'], 'a')
    const b = await compose([], 'b') // the second EESV: max_eeio_count 2
    const [taken] = await devices('?state=allocated')
    expect(await action(b.uuid, { attach: { resource_id: taken!.uuid } })).toMatchObject({ status: 400, body: { code: 'Bad Request', detail: `Device ${taken!.uuid} already assigned to a different node: ${a.index}` } })
    const ssd = (await devices('?type=SSD'))[0]!
    cloud.valence.devices.get(ssd.uuid)!.pooled_group_id = '777'
    expect(await action(b.uuid, { attach: { resource_id: ssd.uuid } })).toMatchObject({ status: 400, body: { detail: `Device ${ssd.uuid} already assigned to a different node: None` } })
    const free = await devices('?state=free&type=NIC')
    const gpu = (await devices('?type=GPU'))[0]!
    expect((await action(b.uuid, { attach: { resource_id: free[0]!.uuid } })).status).toBe(204)
    expect((await action(b.uuid, { attach: { resource_id: gpu.uuid } })).status).toBe(204)
    cloud.valence.hardware.addDevice({ type: 'NIC' })
    cloud.valence.sync()
    const extra = (await devices('?state=free&type=NIC'))[0]!
    expect(await action(b.uuid, { attach: { resource_id: extra.uuid } })).toMatchObject({ status: 500, body: { title: 'Internal server error', detail: `Node ${b.index} has already maximun number of devices attached` } })
    expect(await action(b.uuid, { attach: { resource_id: 'nope' } })).toMatchObject({ status: 404, body: { detail: 'Device nope not found in database.' } })
    expect(await action('nope', { attach: { resource_id: 'x' } })).toMatchObject({ status: 404 })
  })

  it('checks the action body; ExpEther has no Boot or Reset (400), a redfishv1 node takes them', async () => {
    const { compose, action, json, cloud } = await setupValence()
    const node = await compose([])
    expect((await action(node.uuid, { attach: { uuid: 'x' } })).body).toMatchObject({ status: 400, title: 'Validation Error' })
    expect((await action(node.uuid, { attach: { resource_id: 'x' }, detach: { resource_id: 'x' } })).body).toMatchObject({ status: 400, detail: expect.stringContaining('is valid under each of') })
    expect((await action(node.uuid, {})).body).toMatchObject({ detail: '{} is not valid under any of the given schemas' })
    expect((await action(node.uuid, { Reset: { Type: 'Off' } })).body).toMatchObject({ detail: "Invalid input for field/attribute 'Type' Value: 'Off'. 'Off' is not one of ['On', 'ForceOn', 'ForceOff', 'GracefulRestart']" })
    expect(await action(node.uuid, { Boot: { Enabled: 'Once', Target: 'Pxe' } })).toMatchObject({ status: 400, body: { detail: 'Unsupported action: Boot' } })
    const url = 'http://rsd.strato.test/redfish/v1'
    const server = cloud.valence.hardware.addServer({ url })
    const rf = await json<{ uuid: string }>('POST', '/pod_managers', 200, { name: 'rsd', url, authentication: [{ type: 'basic', auth_items: { username: 'u', password: 'p' } }] })
    const rnode = await json<{ uuid: string }>('POST', '/nodes', 200, { name: 'r', podm_id: rf.uuid })
    expect((await action(rnode.uuid, { Reset: { Type: 'ForceOff' } })).status).toBe(204)
    expect(server.power_status).toBe('off')
    expect((await action(rnode.uuid, { Boot: { Enabled: 'Once', Target: 'Pxe' } })).status).toBe(204)
  })

  it('register: 200 with managed_by ironic given driver_info and mac; 500 otherwise, as Valence', async () => {
    const { compose, call, json } = await setupValence()
    const node = await compose([])
    expect(await call('POST', `/nodes/${node.uuid}/register`, { mac: '11:11:11:11:11:11' })).toMatchObject({ status: 500, body: { detail: expect.stringContaining('Missing driver_info') } })
    expect(await call('POST', `/nodes/${node.uuid}/register`, { driver_info: {} })).toMatchObject({ status: 500, body: { detail: expect.stringContaining("'port_args'") } })
    expect(await json('POST', `/nodes/${node.uuid}/register`, 200, { driver_info: { ipmi_address: '10.0.0.1' }, mac: '11:11:11:11:11:11' })).toMatchObject({ uuid: node.uuid, managed_by: 'ironic' })
    expect((await call('POST', '/nodes/nope/register', {})).status).toBe(404)
  })
})

describe('fake Valence: sync and hardware changes', () => {
  it('hardware added, removed, regrouped or downed shows after POST /devices/sync, not before', async () => {
    const { devices, json, cloud, podm } = await setupValence()
    const hw = cloud.valence.hardware
    const fpga = hw.addDevice({ type: 'Multi' })
    const tenG = hw.addDevice({ link: '10g' })
    const nic = [...hw.boards().values()].find((b) => b.status === 'eeio' && b.pcie_class_code === '0x020000')!
    hw.removeDevice(nic.id)
    const ssd = [...hw.boards().values()].find((b) => b.pcie_class_code === '0x010000')!
    const eesv = [...hw.boards().values()].find((b) => b.status === 'eesv')!
    hw.changeDevice(eesv.id, { group_id: '555' })
    hw.changeDevice(ssd.id, { group_id: '555' })
    const gpu = [...hw.boards().values()].find((b) => b.pcie_class_code === '0x030000')!
    hw.changeDevice(gpu.id, { notification_status0: ['down', 'down'] })
    expect((await devices()).length).toBe(4)
    expect(await json('POST', '/devices/sync', 200)).toEqual([{ podm_id: podm, status: 'SUCCESS' }])
    const after = await devices()
    expect(after.map((d) => d.type).sort()).toEqual(['Multi', 'NIC', 'SSD', null].sort())
    expect(after.find((d) => d.resource_uri === `devices/${ssd.id}`)).toMatchObject({ state: 'allocated', node_id: eesv.id, pooled_group_id: '555' })
    expect(after.find((d) => d.resource_uri === `devices/${tenG.id}`)).toMatchObject({ type: null, state: 'free' })
    expect(after.some((d) => d.resource_uri === `devices/${fpga.id}`)).toBe(true)
  })

  it('sync with {podm_id}; an unreachable EEM reports FAILED; an unknown podm_id is 404', async () => {
    const { json, call, cloud, podm } = await setupValence()
    expect(await json('POST', '/devices/sync', 200, { podm_id: podm })).toEqual([{ podm_id: podm, status: 'SUCCESS' }])
    cloud.valence.hardware.unreachable.add(cloud.valence.eemUrl)
    expect(await json('POST', '/devices/sync', 200)).toEqual([{ podm_id: podm, status: 'FAILED' }])
    expect(await call('POST', '/nodes', { name: 'x', podm_id: podm })).toMatchObject({ status: 503, body: { code: 'Service Unavailable', title: 'Connection Error' } })
    expect(await json('POST', '/devices/sync', 200, { podm_id: 'nope' })).toEqual([{ podm_id: 'nope', status: 'FAILED' }])
    expect((await call('GET', '/devices')).status).toBe(200)
  })

  it('periodic sync: a request after the interval on the fake clock syncs first', async () => {
    const { devices, cloud } = await setupValence({ periodicSyncMs: 30_000 })
    cloud.valence.hardware.addDevice({ type: 'GPU' })
    expect((await devices('?type=GPU')).length).toBe(1)
    cloud.clock.advance(30_000)
    expect((await devices('?type=GPU')).length).toBe(2)
  })

  it('deleting a pod manager drops its nodes (devices detached) and devices; re-adding its URL syncs them again', async () => {
    const { json, compose, devices, cloud, podm } = await setupValence()
    await compose(['NIC'])
    await json('DELETE', `/pod_managers/${podm}`, 200)
    expect([cloud.valence.nodes.size, (await devices()).length]).toEqual([0, 0])
    const again = await json<Json & { uuid: string }>('POST', '/pod_managers', 200, { name: 'eem1', url: cloud.valence.eemUrl, driver: 'expether', authentication: [{ type: 'basic', auth_items: { username: 'a', password: 'b' } }] })
    const list = await devices()
    expect(list.length).toBe(4)
    expect(list.every((d) => d.podm_id === again.uuid && d.state === 'free')).toBe(true)
  })
})
