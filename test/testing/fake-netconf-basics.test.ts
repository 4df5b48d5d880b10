// test/testing/fake-netconf-basics.test.ts — the fake NETCONF device: hello and capabilities, framing, get/get-config with filters, get-schema, unknown operations, reply attributes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, onTestFinished } from 'vitest'
import { NetconfRpcError } from '../../src/netconf/rpc-errors.js'
import { RpcChannel } from '../../src/netconf/rpc-session.js'
import { connectSocketTransport } from '../../src/netconf/transport-socket.js'
import { encodeFrame } from '../../src/netconf/framing-encode.js'
import { FrameDecoder } from '../../src/netconf/framing.js'
import { CAP_BASE_10, CAP_BASE_11 } from '../../src/netconf/messages.js'
import { startFakeNetconfDevice, type FakeNetconfDevice, type FakeNetconfDeviceOptions } from '../../src/testing/netconf-device.js'

const SYS = 'urn:ietf:params:xml:ns:yang:ietf-system'
const IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces'
const RUNNING = `<system xmlns="${SYS}"><hostname>r1</hostname><location>lab</location><authentication><user><name>alice</name><password>a</password></user><user><name>bob</name><password>b</password></user></authentication></system><interfaces xmlns="${IF}"><interface><name>eth0</name><mtu>1500</mtu></interface><interface><name>eth1</name><mtu>9000</mtu></interface></interfaces>`

const devices: FakeNetconfDevice[] = []
const channels: RpcChannel[] = []
afterEach(async () => {
  await Promise.all(channels.splice(0).map((c) => c.close()))
  await Promise.all(devices.splice(0).map((d) => d.close()))
})

async function setup(opts: FakeNetconfDeviceOptions = {}): Promise<{ device: FakeNetconfDevice; channel: RpcChannel }> {
  const device = await startFakeNetconfDevice({ running: RUNNING, ...opts })
  devices.push(device)
  const channel = await RpcChannel.open(device.connectPair())
  channels.push(channel)
  return { device, channel }
}

async function rpcError(p: Promise<unknown>): Promise<NetconfRpcError> {
  const e = await p.then(() => undefined, (x: unknown) => x)
  expect(e).toBeInstanceOf(NetconfRpcError)
  return e as NetconfRpcError
}

describe('fake NETCONF device: hello and framing', () => {
  it('announces session-id and capabilities over TCP and switches to 1.1', async () => {
    const device = await startFakeNetconfDevice()
    devices.push(device)
    const channel = await RpcChannel.open(await connectSocketTransport({ host: '127.0.0.1', port: device.port! }))
    channels.push(channel)
    expect(channel.sessionId).toBe(1)
    expect(channel.framing).toBe('1.1')
    for (const c of ['candidate:1.0', 'confirmed-commit:1.1', 'confirmed-commit:1.0', 'validate:1.1', 'rollback-on-error:1.0', 'xpath:1.0', 'notification:1.0', 'interleave:1.0']) {
      expect(channel.hasCapability(`urn:ietf:params:netconf:capability:${c}`)).toBe(true)
    }
    expect(channel.serverCapabilities).toContain('http://netconfcentral.org/ns/toaster?module=toaster&revision=2009-11-20')
    expect(channel.hasCapability('urn:ietf:params:xml:ns:yang:ietf-system')).toBe(true)
    const reply = await channel.rpc('<get-config><source><running/></source></get-config>')
    expect(reply.data).toContain('<hostname>fake-device</hostname>')
    expect(device.sessions).toEqual([1])
  })

  it('stays on 1.0 framing when either side lacks base:1.1, and turns features off', async () => {
    const { channel } = await setup({ capabilities: { base11: false, candidate: false } })
    expect(channel.framing).toBe('1.0')
    expect(channel.hasCapability('urn:ietf:params:netconf:capability:candidate:1.0')).toBe(false)
    const e = await rpcError(channel.rpc('<commit/>'))
    expect(e.errors[0]).toMatchObject({ tag: 'operation-not-supported' })
    const e2 = await rpcError(channel.rpc('<get-config><source><candidate/></source></get-config>'))
    expect(e2.errors[0]).toMatchObject({ tag: 'invalid-value', info: { 'bad-element': 'candidate' } })
    const device2 = await startFakeNetconfDevice()
    devices.push(device2)
    const c2 = await RpcChannel.open(device2.connectPair(), { capabilities: [CAP_BASE_10] })
    channels.push(c2)
    expect(c2.framing).toBe('1.0')
    expect((await c2.rpc('<get/>')).data).toContain('netconf-state')
  })

  it('accepts a full capability list', async () => {
    const { channel } = await setup({ capabilities: [CAP_BASE_10, CAP_BASE_11, 'urn:example:x'] })
    expect(channel.serverCapabilities).toEqual([CAP_BASE_10, CAP_BASE_11, 'urn:example:x'])
    expect((await rpcError(channel.rpc('<lock><target><candidate/></target></lock>'))).errors[0]?.tag).toBe('invalid-value')
  })

  it('closes the session on a missing or garbled client hello, or one with a session-id', async () => {
    const device = await startFakeNetconfDevice()
    devices.push(device)
    for (const bad of ['<rpc message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get/></rpc>', '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:x</capability></capabilities></hello>', `<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>${CAP_BASE_10}</capability></capabilities><session-id>4</session-id></hello>`, '<hello <<garbage']) {
      const t = device.connectPair()
      const closed = new Promise<void>((r) => t.onClose(() => r()))
      const got: Buffer[] = []
      t.onData((b) => void got.push(Buffer.from(b)))
      await t.write(encodeFrame(bad, '1.0'))
      await closed
      expect(Buffer.concat(got).toString()).toContain('<session-id>')
    }
    expect(device.sessions).toEqual([])
  })

  it('closes a session whose client sends no hello in time', async () => {
    const device = await startFakeNetconfDevice({ helloTimeoutMs: 30 })
    devices.push(device)
    const t = device.connectPair()
    await new Promise<void>((r) => t.onClose(() => r()))
    expect(device.sessions).toEqual([])
  })

  it('sends replies in several chunks and answers pipelined RPCs in order', async () => {
    const { channel, device } = await setup({ maxChunkBytes: 16 })
    const replies = await Promise.all([1, 2, 3, 4].map(() => channel.rpc('<get-config><source><running/></source></get-config>')))
    expect(replies.map((r) => r.messageId)).toEqual(['1', '2', '3', '4'])
    expect(replies[0]?.data).toContain('<name>eth1</name>')
    expect(device.operations(channel.sessionId)).toEqual(['get-config', 'get-config', 'get-config', 'get-config'])
  })

  it('closes the session on broken framing or an oversized message', async () => {
    const { channel, device } = await setup({ maxMessageBytes: 600 })
    const closed = new Promise((r) => channel.once('close', r))
    await expect(channel.rpc(`<get-config><source><running/></source><filter>${'x'.repeat(1000)}</filter></get-config>`)).rejects.toThrow(/closed/)
    await closed
    const t = device.connectPair()
    const ended = new Promise<void>((r) => t.onClose(() => r()))
    t.onData(() => undefined)
    await t.write(encodeFrame(`<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>${CAP_BASE_11}</capability></capabilities></hello>`, '1.0'))
    await t.write(Buffer.from('\n#zz\n'))
    await ended
    expect(device.sessions).toEqual([])
  })

  it('copies every <rpc> attribute onto <rpc-reply> and reports a missing message-id', async () => {
    const device = await startFakeNetconfDevice()
    devices.push(device)
    const t = device.connectPair()
    const dec = new FrameDecoder()
    const got: string[] = []
    t.onData((b) => {
      dec.push(b)
      for (let m = dec.next(); m; m = dec.next()) got.push(m.toString())
    })
    await t.write(encodeFrame(`<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>${CAP_BASE_10}</capability></capabilities></hello>`, '1.0'))
    await t.write(encodeFrame('<rpc message-id="101" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:ex="http://example.net/content/1.0" ex:user-id="fred"><get/></rpc>', '1.0'))
    await t.write(encodeFrame('<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get/></rpc>', '1.0'))
    await t.write(encodeFrame('<rpc message-id="3" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get', '1.0'))
    await new Promise((r) => setTimeout(r, 30))
    expect(got[1]).toMatch(/^<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="101" xmlns:ex="http:\/\/example.net\/content\/1.0" ex:user-id="fred"><data>/)
    expect(got[2]).toContain('<error-tag>missing-attribute</error-tag>')
    expect(got[2]).toContain('<bad-attribute>message-id</bad-attribute>')
    expect(got[3]).toContain('<error-tag>malformed-message</error-tag>')
    t.close()
  })
})

describe('fake NETCONF device: get and get-config', () => {
  it('get returns config and state (sessions, toaster status)', async () => {
    const { channel } = await setup({ running: `${RUNNING}<toaster xmlns="http://netconfcentral.org/ns/toaster"/>`, state: `<interfaces xmlns="${IF}"><interface><name>eth0</name><oper-status>up</oper-status></interface></interfaces>` })
    const data = (await channel.rpc('<get/>')).data!
    expect(data).toContain('<session><session-id>1</session-id>')
    expect(data).toContain('<toasterStatus>up</toasterStatus>')
    expect(data).toContain('<oper-status>up</oper-status>')
    const sessions = (await channel.rpc('<get><filter type="subtree"><netconf-state xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"><sessions/></netconf-state></filter></get>')).data!
    expect(sessions).toMatch(/^<netconf-state xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"><sessions><session>/)
    expect(sessions).not.toContain('hostname')
  })

  it('subtree filters: namespace selection, containment, selection and content match', async () => {
    const { channel } = await setup()
    const get = async (f: string): Promise<string> => (await channel.rpc(`<get-config><source><running/></source><filter type="subtree">${f}</filter></get-config>`)).data!
    expect(await get(`<system xmlns="${SYS}"/>`)).toBe(`<system xmlns="${SYS}"><hostname>r1</hostname><location>lab</location><authentication><user><name>alice</name><password>a</password></user><user><name>bob</name><password>b</password></user></authentication></system>`)
    expect(await get(`<system xmlns="${SYS}"><hostname/></system>`)).toBe(`<system xmlns="${SYS}"><hostname>r1</hostname></system>`)
    expect(await get(`<interfaces xmlns="${IF}"><interface><name>eth1</name></interface></interfaces>`)).toBe(`<interfaces xmlns="${IF}"><interface><name>eth1</name><mtu>9000</mtu></interface></interfaces>`)
    expect(await get(`<interfaces xmlns="${IF}"><interface><name>eth0</name><mtu/></interface></interfaces>`)).toBe(`<interfaces xmlns="${IF}"><interface><name>eth0</name><mtu>1500</mtu></interface></interfaces>`)
    expect(await get(`<interfaces xmlns="${IF}"><interface><name>eth9</name></interface></interfaces>`)).toBe('')
    expect(await get(`<system xmlns="urn:other"/>`)).toBe('')
    expect(await get('')).toBe('')
    expect((await channel.rpc('<get-config><source><running/></source></get-config>')).data).toContain('<interfaces')
  })

  it('xpath filters with prefixes from the filter element', async () => {
    const { channel } = await setup()
    const get = async (sel: string): Promise<string> => (await channel.rpc(`<get-config><source><running/></source><filter type="xpath" xmlns:sys="${SYS}" xmlns:if="${IF}" select="${sel}"/></get-config>`)).data!
    expect(await get('/sys:system/sys:hostname')).toBe(`<system xmlns="${SYS}"><hostname>r1</hostname></system>`)
    expect(await get("/if:interfaces/if:interface[if:name='eth1']/if:mtu")).toBe(`<interfaces xmlns="${IF}"><interface><name>eth1</name><mtu>9000</mtu></interface></interfaces>`)
    expect(await get('//sys:user[2]/sys:name')).toBe(`<system xmlns="${SYS}"><authentication><user><name>bob</name></user></authentication></system>`)
    expect(await get('/sys:system/sys:location | /if:interfaces/if:interface[1]/if:name')).toContain('<location>lab</location>')
    expect((await get('/')).length).toBeGreaterThan(100)
    const e = await rpcError(channel.rpc('<get-config><source><running/></source><filter type="xpath" select="/x:y"/></get-config>'))
    expect(e.errors[0]).toMatchObject({ tag: 'invalid-value' })
    const e2 = await rpcError(channel.rpc('<get-config><source><running/></source><filter type="xpath"/></get-config>'))
    expect(e2.errors[0]).toMatchObject({ tag: 'missing-attribute', info: { 'bad-attribute': 'select' } })
  })

  it('refuses missing and unknown parameters and unknown operations with full rpc-error fields', async () => {
    const { channel } = await setup()
    expect((await rpcError(channel.rpc('<get-config/>'))).errors[0]).toMatchObject({ type: 'protocol', tag: 'missing-element', path: '/nc:rpc/nc:get-config/nc:source', info: { 'bad-element': 'source' } })
    expect((await rpcError(channel.rpc('<get><bogus/></get>'))).errors[0]).toMatchObject({ type: 'protocol', tag: 'unknown-element', severity: 'error', appTag: 'data-invalid', info: { 'bad-element': 'bogus' } })
    const e = await rpcError(channel.rpc('<frobnicate xmlns="urn:example:x"/>'))
    expect(e.errors[0]).toMatchObject({ type: 'protocol', tag: 'operation-not-supported', severity: 'error', appTag: 'unknown-operation', message: 'operation frobnicate is not supported', info: { 'bad-element': 'frobnicate' } })
    expect(e.xml).toContain('<error-message xml:lang="en">')
  })

  it('get-schema returns YANG text; unknown identifiers are invalid-value', async () => {
    const { channel } = await setup()
    const M = 'urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring'
    const reply = await channel.rpc(`<get-schema xmlns="${M}"><identifier>toaster</identifier><version>2009-11-20</version><format>yang</format></get-schema>`)
    expect(reply.data).toContain('module toaster {')
    expect(reply.data).toContain('rpc make-toast')
    expect((await channel.rpc(`<get-schema xmlns="${M}"><identifier>ietf-system</identifier></get-schema>`)).data).toContain('module ietf-system')
    expect((await rpcError(channel.rpc(`<get-schema xmlns="${M}"><identifier>nope</identifier></get-schema>`))).errors[0]).toMatchObject({ tag: 'invalid-value', info: { 'bad-element': 'identifier' } })
    expect((await rpcError(channel.rpc(`<get-schema xmlns="${M}"><identifier>toaster</identifier><version>1999-01-01</version></get-schema>`))).errors[0]?.tag).toBe('invalid-value')
  })

  it('listens on a Unix socket and accepts the ncx-connect preamble', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strato-nc-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const path = join(dir, 'device.sock')
    const device = await startFakeNetconfDevice({ port: false, path })
    devices.push(device)
    expect(device.port).toBeUndefined()
    const { ncxConnectPreamble } = await import('../../src/netconf/transport-socket.js')
    const channel = await RpcChannel.open(await connectSocketTransport({ path, preamble: ncxConnectPreamble({ user: 'u' }) }))
    channels.push(channel)
    expect((await channel.rpc('<get-config><source><running/></source></get-config>')).ok).toBe(false)
  })
})
