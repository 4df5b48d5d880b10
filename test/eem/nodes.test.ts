// test/eem/nodes.test.ts — eem.nodes against a scripted Valence: compose/manage bodies, action routes and bodies, attach refusals, InputErrors.
import { describe, expect, it } from 'vitest'
import { ConflictError, InputError, NotFoundError } from '../../src/core/errors.js'
import { DeviceUnavailableError } from '../../src/eem/index.js'
import { DEVICE, FLAVOR, NODE, PODM, device, flatError, node, useValence } from './support.js'

const t = useValence({  })

const routes = (): string[] => t.valence.seen.map((s) => `${s.method} ${s.path}`)

describe('nodes: read', () => {
  it('list sends the filters as Valence’s query names; bare and wrapped lists', async () => {
    t.valence.on('GET /v1/nodes', { json: [node(), node({ uuid: 'n2' })] })
    expect((await t.eem.nodes.list({ podmId: PODM, name: 'node1' }).toArray()).map((n) => n.uuid)).toEqual([NODE, 'n2'])
    expect(t.valence.seen[0]).toMatchObject({ method: 'GET', path: '/v1/nodes', query: { podm_id: PODM, name: 'node1' } })
    t.valence.on('GET /v1/nodes', { json: { nodes: [node()] } })
    expect(await t.eem.nodes.list().toArray()).toHaveLength(1)
    expect(t.valence.seen[1]!.query).toEqual({})
  })

  it('get returns the hardware fields under Valence’s names', async () => {
    t.valence.on(`GET /v1/nodes/${NODE}`, { json: node() })
    const n = await t.eem.nodes.get(NODE)
    expect(n).toMatchObject({ uuid: NODE, serial_number: 'abc-123', power_state: 'on', host_model: 'Express5800', mac_address: '8c:df:9d:91:1c:b0', pooled_group_id: '1234', index: '0x8cdf9d911cb0' })
  })
})

describe('nodes: compose, manage, delete, register', () => {
  it('compose with a flavor sends flavor_id and podm_id; 200 gives {uuid, name, index, resource_uri}', async () => {
    t.valence.on('POST /v1/nodes', { json: { uuid: NODE, name: 'n1', index: '0x8cdf9d911cb0', resource_uri: 'devices/0x8cdf9d911cb0', podm_id: PODM } })
    const n = await t.eem.nodes.compose({ name: 'n1', description: 'db', podmId: PODM, flavorId: FLAVOR })
    expect(n).toEqual({ uuid: NODE, name: 'n1', index: '0x8cdf9d911cb0', resource_uri: 'devices/0x8cdf9d911cb0', podm_id: PODM })
    expect(t.valence.seen[0]).toMatchObject({ method: 'POST', path: '/v1/nodes', json: { name: 'n1', description: 'db', podm_id: PODM, flavor_id: FLAVOR } })
  })

  it('compose with properties sends them under Valence’s names', async () => {
    t.valence.on('POST /v1/nodes', { json: { uuid: NODE, name: 'n1', index: '1', resource_uri: 'devices/1' } })
    const properties = { memory: { capacity_mib: 4096, type: 'DDR4' }, processor: { total_cores: 8, model: 'Xeon' }, pci_device: { type: ['SSD', 'NIC'] } }
    await t.eem.nodes.compose({ name: 'n1', properties })
    expect(t.valence.seen[0]!.json).toEqual({ name: 'n1', properties })
  })

  it('compose without a free EESV or device: NotFoundError with ExpEther’s code 40400', async () => {
    t.valence.on('POST /v1/nodes', flatError(404, '40400', 'Not Found', 'Requested device not available'))
    const e = await t.eem.nodes.compose({ name: 'n1', properties: { pci_device: { type: ['GPU'] } } }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(NotFoundError)
    expect(e).toMatchObject({ code: '40400', status: 404, requestId: 'req-7a1c', message: '404 Not Found: POST /v1/nodes: 40400 (Requested device not available)' })
  })

  it('manage sends {node_index, podm_id}; an already managed node is a ConflictError ResourceExists', async () => {
    t.valence.on('POST /v1/nodes/manage', { json: node() })
    expect((await t.eem.nodes.manage({ podmId: PODM, nodeIndex: '0x8cdf9d911cb0' })).uuid).toBe(NODE)
    expect(t.valence.seen[0]).toMatchObject({ method: 'POST', path: '/v1/nodes/manage', json: { node_index: '0x8cdf9d911cb0', podm_id: PODM } })
    t.valence.on('POST /v1/nodes/manage', flatError(409, 'ResourceExists', 'Resource Exists', 'Node already managed'))
    await expect(t.eem.nodes.manage({ podmId: PODM, nodeIndex: 7 })).rejects.toSatisfy((e: unknown) => e instanceof ConflictError && e.code === 'ResourceExists')
    expect(t.valence.seen[1]!.json).toEqual({ node_index: '7', podm_id: PODM })
  })

  it('delete is done on 200 and on 204', async () => {
    t.valence.on(`DELETE /v1/nodes/${NODE}`, { status: 200, json: { code: 'DELETED' } })
    await t.eem.nodes.delete(NODE)
    t.valence.on(`DELETE /v1/nodes/${NODE}`, { status: 204 })
    await t.eem.nodes.delete(NODE)
    expect(routes()).toEqual([`DELETE /v1/nodes/${NODE}`, `DELETE /v1/nodes/${NODE}`])
  })

  it('register POSTs to /register and returns Valence’s answer', async () => {
    t.valence.on(`POST /v1/nodes/${NODE}/register`, { json: { ironic_node: 'i-1' } })
    expect(await t.eem.nodes.register(NODE)).toEqual({ ironic_node: 'i-1' })
    expect(t.valence.seen[0]).toMatchObject({ method: 'POST', path: `/v1/nodes/${NODE}/register`, json: {} })
    await t.eem.nodes.register(NODE, { driver_info: { ipmi_address: '10.0.0.9' } })
    expect(t.valence.seen[1]!.json).toEqual({ driver_info: { ipmi_address: '10.0.0.9' } })
  })
})

describe('nodes: actions', () => {
  it('boot and reset POST Valence’s action bodies and take 204', async () => {
    t.valence.on(`POST /v1/nodes/${NODE}/action`, { status: 204 })
    await t.eem.nodes.boot(NODE, { enabled: 'Once', target: 'Pxe' })
    await t.eem.nodes.reset(NODE, 'GracefulRestart')
    expect(t.valence.seen.map((s) => s.json)).toEqual([{ Boot: { Enabled: 'Once', Target: 'Pxe' } }, { Reset: { Type: 'GracefulRestart' } }])
    expect(routes()).toEqual([`POST /v1/nodes/${NODE}/action`, `POST /v1/nodes/${NODE}/action`])
  })

  it('detach sends detach.resource_id (not the mockup’s uuid), no check first', async () => {
    t.valence.on(`POST /v1/nodes/${NODE}/action`, { status: 204 })
    await t.eem.nodes.detach(NODE, DEVICE)
    expect(t.valence.seen).toMatchObject([{ method: 'POST', path: `/v1/nodes/${NODE}/action`, json: { detach: { resource_id: DEVICE } } }])
  })

  it('attach reads the device and the node, then sends attach.resource_id', async () => {
    t.valence.on(`GET /v1/devices/${DEVICE}`, { json: device() }).on(`GET /v1/nodes/${NODE}`, { json: node() }).on(`POST /v1/nodes/${NODE}/action`, { status: 204 })
    await t.eem.nodes.attach(NODE, DEVICE)
    expect(routes()).toEqual([`GET /v1/devices/${DEVICE}`, `GET /v1/nodes/${NODE}`, `POST /v1/nodes/${NODE}/action`])
    expect(t.valence.seen[2]!.json).toEqual({ attach: { resource_id: DEVICE } })
  })

  it('attach with check: false sends the attach alone', async () => {
    t.valence.on(`POST /v1/nodes/${NODE}/action`, { status: 204 })
    await t.eem.nodes.attach(NODE, DEVICE, { check: false })
    expect(routes()).toEqual([`POST /v1/nodes/${NODE}/action`])
  })

  const refusals: [string, Record<string, unknown>, Record<string, unknown>, string, RegExp][] = [
    ['allocated to another node', { node_id: '0xothereesv', state: 'allocated', pooled_group_id: '77' }, {}, 'DeviceAllocated', /allocated to the node with index 0xothereesv/],
    ['already attached to this node (node_id is the EESV index)', { node_id: '0x8cdf9d911cb0', state: 'allocated', pooled_group_id: '1234' }, {}, 'DeviceAlreadyAttached', /already attached to this node/],
    ['already attached to this node (by uuid)', { node_id: NODE, state: 'allocated' }, {}, 'DeviceAlreadyAttached', /already attached/],
    ['in another state', { state: 'allocated' }, {}, 'DeviceNotFree', /state is 'allocated', not 'free'/],
    ['outside the free group', { pooled_group_id: '1234' }, {}, 'DeviceNotInFreePool', /pooled group 1234, not the free group 4093/],
    ['on another pod manager', {}, { podm_id: 'other-podm' }, 'PodManagerMismatch', /pod manager 0b4cf4b2.*other-podm/],
  ]
  for (const [what, dev, nd, code, message] of refusals) {
    it(`attach refuses a device ${what}: ConflictError ${code}, no attach sent`, async () => {
      t.valence.on(`GET /v1/devices/${DEVICE}`, { json: device(dev) }).on(`GET /v1/nodes/${NODE}`, { json: node(nd) })
      const e = await t.eem.nodes.attach(NODE, DEVICE).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(DeviceUnavailableError)
      expect(e).toBeInstanceOf(ConflictError)
      expect(e).toMatchObject({ name: 'DeviceUnavailableError', code, status: 0, deviceId: DEVICE })
      expect((e as Error).message).toMatch(message)
      expect((e as DeviceUnavailableError).details).toContain(`state: ${String(device(dev).state)}`)
      expect(routes().some((r) => r.endsWith('/action'))).toBe(false)
    })
  }

  it('attach: the holding node is found by its index and named by uuid on the error, ready for a detach', async () => {
    const OTHER = 'b1b2b3b4-0000-4000-8000-000000000009'
    t.valence
      .on(`GET /v1/devices/${DEVICE}`, { json: device({ node_id: '0xothereesv', state: 'allocated' }) })
      .on(`GET /v1/nodes/${NODE}`, { json: node() })
      .on('GET /v1/nodes', (s) => ({ json: s.query.index === '0xothereesv' ? [node({ uuid: OTHER, name: 'db', index: '0xothereesv' })] : [] }))
    const e = await t.eem.nodes.attach(NODE, DEVICE).catch((x: unknown) => x as DeviceUnavailableError)
    expect(e).toMatchObject({ code: 'DeviceAllocated', nodeId: OTHER, nodeIndex: '0xothereesv', message: expect.stringContaining(`allocated to node ${OTHER} (db)`) })
  })

  it('attach of an unknown device or to an unknown node: NotFoundError, no attach sent', async () => {
    await expect(t.eem.nodes.attach(NODE, DEVICE)).rejects.toBeInstanceOf(NotFoundError)
    t.valence.on(`GET /v1/devices/${DEVICE}`, { json: device() })
    await expect(t.eem.nodes.attach(NODE, DEVICE)).rejects.toBeInstanceOf(NotFoundError)
    expect(routes()).toEqual([`GET /v1/devices/${DEVICE}`, `GET /v1/devices/${DEVICE}`, `GET /v1/nodes/${NODE}`])
  })

  it('Valence’s own refusal (400 from the driver) still comes through as BadRequestError', async () => {
    t.valence.on(`POST /v1/nodes/${NODE}/action`, flatError(400, 'BadRequest', 'Bad Request', `Device ${DEVICE} already assigned to a different node: 0x1`))
    await expect(t.eem.nodes.attach(NODE, DEVICE, { check: false })).rejects.toMatchObject({ name: 'BadRequestError', code: 'BadRequest' })
  })
})

describe('nodes: InputErrors before any request', () => {
  it('refuses bad arguments naming the field', async () => {
    const bad: [() => Promise<unknown>, RegExp][] = [
      [() => t.eem.nodes.compose({ name: 'n' }), /exactly one of flavorId and properties/],
      [() => t.eem.nodes.compose({ name: 'n', flavorId: FLAVOR, properties: {} }), /exactly one of flavorId and properties/],
      [() => t.eem.nodes.compose({ name: '', flavorId: FLAVOR }), /compose\.name/],
      [() => t.eem.nodes.compose({ name: 'n', properties: { pci_device: { type: [] } } }), /pci_device\.type/],
      [() => t.eem.nodes.compose({ name: 'n', properties: { memory: { capacity_mib: -1 } } }), /memory\.capacity_mib/],
      [() => t.eem.nodes.compose({ name: 'n', properties: { pci_devices: {} } as never }), /pci_devices|Unrecognized/i],
      [() => t.eem.nodes.compose({ name: 'n', flavor_id: FLAVOR } as never), /flavor_id|Unrecognized/i],
      [() => t.eem.nodes.manage({ podmId: PODM } as never), /nodeIndex/],
      [() => t.eem.nodes.manage({ podmId: '', nodeIndex: 'x' }), /podmId/],
      [() => t.eem.nodes.boot(NODE, { enabled: 'Always' as 'Once', target: 'Pxe' }), /boot\.enabled/],
      [() => t.eem.nodes.boot(NODE, { enabled: 'Once', target: 'Usb' as 'Pxe' }), /boot\.target/],
      [() => t.eem.nodes.reset(NODE, 'PowerCycle' as 'On'), /reset type/],
      [() => t.eem.nodes.attach('', DEVICE), /nodeId/],
      [() => t.eem.nodes.attach(NODE, ''), /resourceId/],
      [() => t.eem.nodes.detach(NODE, undefined as never), /resourceId/],
      [() => t.eem.nodes.get(''), /nodeId/],
      [() => t.eem.nodes.delete(''), /nodeId/],
      [() => t.eem.nodes.register(NODE, [] as never), /params/],
      [() => t.eem.nodes.list({ podm_id: PODM } as never).toArray(), /node filters/],
    ]
    for (const [call, message] of bad) {
      const e = await call().catch((x: unknown) => x)
      expect(e, String(message)).toBeInstanceOf(InputError)
      expect((e as Error).message).toMatch(message)
    }
    expect(t.valence.seen).toEqual([])
  })
})
