// test/testing/fake-netconf-events.test.ts — the fake NETCONF device's notifications, toaster, faults, and clean shutdown over TCP.
import { afterEach, describe, expect, it } from 'vitest'
import { NetconfFramingError } from '../../src/netconf/framing-errors.js'
import { NetconfRpcError } from '../../src/netconf/rpc-errors.js'
import { RpcChannel } from '../../src/netconf/rpc-session.js'
import type { NetconfNotification } from '../../src/netconf/rpc-types.js'
import { connectSocketTransport } from '../../src/netconf/transport-socket.js'
import { startFakeNetconfDevice, type FakeNetconfDevice, type FakeNetconfDeviceOptions } from '../../src/testing/netconf-device.js'

const N = 'urn:ietf:params:xml:ns:netconf:notification:1.0'
const T = 'http://netconfcentral.org/ns/toaster'
const devices: FakeNetconfDevice[] = []
const channels: RpcChannel[] = []
afterEach(async () => {
  await Promise.all(channels.splice(0).map((c) => c.close()))
  await Promise.all(devices.splice(0).map((d) => d.close()))
})

async function setup(opts: FakeNetconfDeviceOptions = {}): Promise<{ device: FakeNetconfDevice; channel: RpcChannel }> {
  const device = await startFakeNetconfDevice(opts)
  devices.push(device)
  const channel = await RpcChannel.open(device.connectPair())
  channels.push(channel)
  return { device, channel }
}

function nextNotification(channel: RpcChannel): Promise<NetconfNotification> {
  return new Promise((r) => channel.once('notification', r))
}

async function rpcError(p: Promise<unknown>): Promise<NetconfRpcError> {
  const e = await p.then(() => undefined, (x: unknown) => x)
  expect(e).toBeInstanceOf(NetconfRpcError)
  return e as NetconfRpcError
}

describe('fake NETCONF device: notifications and toaster', () => {
  it('delivers device.notify() events to subscribed sessions only, with eventTime', async () => {
    const { device, channel } = await setup()
    const other = await RpcChannel.open(device.connectPair())
    channels.push(other)
    expect(device.notify('<linkDown xmlns="urn:ex"/>')).toBe(0)
    expect((await channel.rpc(`<create-subscription xmlns="${N}"/>`)).ok).toBe(true)
    const got = nextNotification(channel)
    expect(device.notify('<linkDown xmlns="urn:ex"><if>eth0</if></linkDown>', { eventTime: '2026-01-01T00:00:00Z' })).toBe(1)
    const n = await got
    expect(n).toMatchObject({ event: 'linkDown', eventTime: '2026-01-01T00:00:00Z' })
    expect(n.xml).toBe(`<notification xmlns="${N}"><eventTime>2026-01-01T00:00:00Z</eventTime><linkDown xmlns="urn:ex"><if>eth0</if></linkDown></notification>`)
    expect((await rpcError(channel.rpc(`<create-subscription xmlns="${N}"/>`))).errors[0]?.tag).toBe('operation-failed')
    expect((await channel.rpc('<get-config><source><running/></source></get-config>')).data).toContain('hostname') // interleave
  })

  it('filters events and refuses unknown streams and replay', async () => {
    const { device, channel } = await setup()
    expect((await rpcError(channel.rpc(`<create-subscription xmlns="${N}"><stream>nope</stream></create-subscription>`))).errors[0]?.tag).toBe('invalid-value')
    expect((await rpcError(channel.rpc(`<create-subscription xmlns="${N}"><startTime>2026-01-01T00:00:00Z</startTime></create-subscription>`))).errors[0]?.tag).toBe('operation-failed')
    await channel.rpc(`<create-subscription xmlns="${N}"><filter type="subtree"><linkUp xmlns="urn:ex"/></filter></create-subscription>`)
    expect(device.notify('<linkDown xmlns="urn:ex"/>')).toBe(0)
    expect(device.notify('<linkUp xmlns="urn:ex"/>')).toBe(1)
  })

  it('make-toast answers <ok/> then sends toastDone; cancel-toast cancels', async () => {
    const { channel } = await setup({ toasterDoneMs: 10 })
    await channel.rpc(`<create-subscription xmlns="${N}"/>`)
    const done = nextNotification(channel)
    expect((await channel.rpc(`<make-toast xmlns="${T}"><toasterDoneness>3</toasterDoneness></make-toast>`)).ok).toBe(true)
    expect((await rpcError(channel.rpc(`<make-toast xmlns="${T}"/>`))).errors[0]?.tag).toBe('in-use')
    const n = await done
    expect(n.event).toBe('toastDone')
    expect(n.xml).toContain('<toastStatus>done</toastStatus>')
    const { device: slow, channel: c2 } = await setup({ toasterDoneMs: 10_000 })
    await c2.rpc(`<create-subscription xmlns="${N}"/>`)
    await c2.rpc(`<make-toast xmlns="${T}"/>`)
    expect((await c2.rpc('<get/>')).data).toContain('<toasterStatus>down</toasterStatus>')
    const cancelled = nextNotification(c2)
    await c2.rpc(`<cancel-toast xmlns="${T}"/>`)
    expect((await cancelled).xml).toContain('<toastStatus>cancelled</toastStatus>')
    expect((await rpcError(c2.rpc(`<cancel-toast xmlns="${T}"/>`))).errors[0]?.tag).toBe('resource-denied')
    slow.setDatastore('running', '<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"/>')
    expect((await rpcError(c2.rpc(`<make-toast xmlns="${T}"/>`))).errors[0]?.tag).toBe('resource-denied')
  })
})

describe('fake NETCONF device: faults', () => {
  it('injects rpc-errors, delays and dropped replies', async () => {
    const { device, channel } = await setup()
    const f = device.faults.next({ operation: 'get-config', reply: 'rpc-error', error: { type: 'application', tag: 'resource-denied', message: 'busy', appTag: 'x' } })
    const e = await rpcError(channel.rpc('<get-config><source><running/></source></get-config>'))
    expect(e.errors[0]).toMatchObject({ type: 'application', tag: 'resource-denied', message: 'busy', appTag: 'x' })
    expect(f.hits).toBe(1)
    expect((await channel.rpc('<get-config><source><running/></source></get-config>')).data).toBeDefined()
    device.faults.next({ operation: 'get', drop: true })
    await expect(channel.rpc('<get/>', { timeoutMs: 50 })).rejects.toThrow(/no reply within 50 ms/)
    device.faults.next({ delayMs: 80 })
    const t0 = Date.now()
    await channel.rpc('<get/>')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(70)
    expect(device.faults.pending).toBe(0)
  })

  it('closes the session abruptly or breaks the framing', async () => {
    const { device, channel } = await setup()
    device.faults.next({ operation: 'lock', closeSession: true })
    await expect(channel.rpc('<lock><target><running/></target></lock>')).rejects.toThrow(/closed/)
    const c2 = await RpcChannel.open(device.connectPair())
    channels.push(c2)
    device.faults.next({ garbage: true })
    const closed = new Promise<unknown>((r) => c2.once('close', r))
    await expect(c2.rpc('<get/>')).rejects.toBeInstanceOf(NetconfFramingError)
    expect(await closed).toBeInstanceOf(NetconfFramingError)
  })

  it('fails the server hello on request', async () => {
    const { device } = await setup()
    device.faults.next({ operation: 'hello', drop: true })
    await expect(RpcChannel.open(device.connectPair(), { helloTimeoutMs: 50 })).rejects.toThrow(/hello/)
  })

  it('replyDelayMs delays every reply; close() ends TCP sessions and leaves nothing behind', async () => {
    const device = await startFakeNetconfDevice({ replyDelayMs: 30 })
    const channel = await RpcChannel.open(await connectSocketTransport({ host: '127.0.0.1', port: device.port! }))
    const t0 = Date.now()
    await channel.rpc('<get/>')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25)
    await channel.rpc('<commit><confirmed/></commit>')
    await channel.rpc(`<create-subscription xmlns="${N}"/>`)
    await channel.rpc(`<make-toast xmlns="${T}"/>`)
    const closed = new Promise((r) => channel.once('close', r))
    await device.close()
    await closed
    expect(channel.closed).toBe(true)
    expect(device.sessions).toEqual([])
    await expect(connectSocketTransport({ host: '127.0.0.1', port: device.port!, connectTimeoutMs: 500 })).rejects.toThrow()
  })
})
