// test/testing/fake-netconf-edit.test.ts — the fake NETCONF device's edit-config, copy/delete-config, locks between sessions, commit and confirmed commit, validate, kill-session.
import { afterEach, describe, expect, it } from 'vitest'
import { NetconfRpcError } from '../../src/netconf/rpc-errors.js'
import { RpcChannel } from '../../src/netconf/rpc-session.js'
import { startFakeNetconfDevice, type FakeNetconfDevice, type FakeNetconfDeviceOptions } from '../../src/testing/netconf-device.js'

const SYS = 'urn:ietf:params:xml:ns:yang:ietf-system'
const IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces'
const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0'
const RUNNING = `<system xmlns="${SYS}"><hostname>r1</hostname></system><interfaces xmlns="${IF}"><interface><name>eth0</name><mtu>1500</mtu></interface></interfaces>`

const devices: FakeNetconfDevice[] = []
const channels: RpcChannel[] = []
afterEach(async () => {
  await Promise.all(channels.splice(0).map((c) => c.close()))
  await Promise.all(devices.splice(0).map((d) => d.close()))
})

async function setup(opts: FakeNetconfDeviceOptions = {}): Promise<{ device: FakeNetconfDevice; a: RpcChannel; b: RpcChannel }> {
  const device = await startFakeNetconfDevice({ running: RUNNING, ...opts })
  devices.push(device)
  const a = await RpcChannel.open(device.connectPair())
  const b = await RpcChannel.open(device.connectPair())
  channels.push(a, b)
  return { device, a, b }
}

async function rpcError(p: Promise<unknown>): Promise<NetconfRpcError> {
  const e = await p.then(() => undefined, (x: unknown) => x)
  expect(e).toBeInstanceOf(NetconfRpcError)
  return e as NetconfRpcError
}

const edit = (target: string, config: string, extra = ''): string => `<edit-config><target><${target}/></target>${extra}<config>${config}</config></edit-config>`
const hostname = (d: FakeNetconfDevice, ds: 'running' | 'candidate' = 'running'): string | undefined => d[ds].find('system/hostname')?.text

describe('fake NETCONF device: edit-config', () => {
  it('merges, replaces, creates, deletes and removes', async () => {
    const { device, a } = await setup()
    await a.rpc(edit('running', `<system xmlns="${SYS}"><hostname>r2</hostname><contact>ops</contact></system>`))
    expect(hostname(device)).toBe('r2')
    expect(device.running.find('system/contact')?.text).toBe('ops')
    await a.rpc(edit('running', `<interfaces xmlns="${IF}"><interface><name>eth1</name><mtu>9000</mtu></interface></interfaces>`))
    expect(device.running.findAll('interfaces/interface').map((i) => i.child('name')?.text)).toEqual(['eth0', 'eth1'])
    const dup = await rpcError(a.rpc(edit('running', `<interfaces xmlns="${IF}"><interface xmlns:nc="${NC}" nc:operation="create"><name>eth1</name></interface></interfaces>`)))
    expect(dup.errors[0]).toMatchObject({ type: 'application', tag: 'data-exists', path: "/interfaces/interface[name='eth1']", info: { 'bad-element': 'interface' } })
    await a.rpc(edit('running', `<interfaces xmlns="${IF}"><interface xmlns:nc="${NC}" nc:operation="delete"><name>eth1</name></interface></interfaces>`))
    expect(device.running.findAll('interfaces/interface')).toHaveLength(1)
    expect((await rpcError(a.rpc(edit('running', `<interfaces xmlns="${IF}"><interface xmlns:nc="${NC}" nc:operation="delete"><name>eth1</name></interface></interfaces>`)))).errors[0]?.tag).toBe('data-missing')
    await a.rpc(edit('running', `<interfaces xmlns="${IF}"><interface xmlns:nc="${NC}" nc:operation="remove"><name>eth1</name></interface></interfaces>`))
    await a.rpc(edit('running', `<system xmlns="${SYS}" xmlns:nc="${NC}" nc:operation="replace"><hostname>r3</hostname></system>`))
    expect(device.running.find('system')?.children().map((c) => `${c.name}=${c.text}`)).toEqual(['hostname=r3'])
    expect(device.running.find('system')?.operation()).toBeUndefined()
    expect((await rpcError(a.rpc(edit('running', `<system xmlns="${SYS}" xmlns:nc="${NC}" nc:operation="bogus"/>`)))).errors[0]?.tag).toBe('bad-attribute')
  })

  it('default-operation replace and none, test-only, error-option continue-on-error', async () => {
    const { device, a } = await setup()
    await a.rpc(edit('running', `<system xmlns="${SYS}"><hostname>only</hostname></system>`, '<default-operation>replace</default-operation>'))
    expect(device.running.children().map((c) => c.name)).toEqual(['system'])
    await a.rpc(edit('running', `<system xmlns="${SYS}"><hostname>ignored</hostname><contact xmlns:nc="${NC}" nc:operation="create">c</contact></system>`, '<default-operation>none</default-operation>'))
    expect(hostname(device)).toBe('only')
    expect(device.running.find('system/contact')?.text).toBe('c')
    await a.rpc(edit('running', `<system xmlns="${SYS}"><hostname>test</hostname></system>`, '<test-option>test-only</test-option>'))
    expect(hostname(device)).toBe('only')
    const e = await rpcError(a.rpc(edit('running', `<system xmlns="${SYS}" xmlns:nc="${NC}"><location nc:operation="delete"/><hostname>cont</hostname></system>`, '<error-option>continue-on-error</error-option>')))
    expect(e.errors[0]?.tag).toBe('data-missing')
    expect(hostname(device)).toBe('cont')
    await rpcError(a.rpc(edit('running', `<system xmlns="${SYS}" xmlns:nc="${NC}"><hostname>rolled</hostname><location nc:operation="delete"/></system>`, '<error-option>rollback-on-error</error-option>')))
    expect(hostname(device)).toBe('cont')
    expect((await rpcError(a.rpc(edit('running', '', '<default-operation>merge-ish</default-operation>')))).errors[0]?.tag).toBe('invalid-value')
  })

  it('validates with the user hook, copies and deletes configurations', async () => {
    const { device, a } = await setup({ validate: (t) => (t.find('system/hostname')?.text === 'bad' ? [{ tag: 'invalid-value', message: 'bad hostname' }] : undefined) })
    expect((await rpcError(a.rpc(edit('candidate', `<system xmlns="${SYS}"><hostname>bad</hostname></system>`)))).errors[0]?.message).toBe('bad hostname')
    await a.rpc(edit('candidate', `<system xmlns="${SYS}"><hostname>bad</hostname></system>`, '<test-option>set</test-option>'))
    expect((await rpcError(a.rpc('<validate><source><candidate/></source></validate>'))).errors[0]?.message).toBe('bad hostname')
    expect((await rpcError(a.rpc('<commit/>'))).errors[0]?.tag).toBe('invalid-value')
    expect((await a.rpc(`<validate><source><config><system xmlns="${SYS}"><hostname>ok</hostname></system></config></source></validate>`)).ok).toBe(true)
    await a.rpc('<discard-changes/>')
    await a.rpc('<copy-config><target><startup/></target><source><running/></source></copy-config>')
    expect(device.startup.find('system/hostname')?.text).toBe('r1')
    await a.rpc(`<copy-config><target><candidate/></target><source><config><system xmlns="${SYS}"><hostname>inline</hostname></system></config></source></copy-config>`)
    expect(hostname(device, 'candidate')).toBe('inline')
    await a.rpc('<delete-config><target><startup/></target></delete-config>')
    expect(device.startup.children()).toEqual([])
    expect((await rpcError(a.rpc('<delete-config><target><running/></target></delete-config>'))).errors[0]?.tag).toBe('invalid-value')
  })
})

describe('fake NETCONF device: locks and sessions', () => {
  it('denies a held lock with the holder, refuses other sessions edits, releases on session end', async () => {
    const { device, a, b } = await setup()
    await a.rpc('<lock><target><running/></target></lock>')
    const denied = await rpcError(b.rpc('<lock><target><running/></target></lock>'))
    expect(denied.errors[0]).toMatchObject({ type: 'protocol', tag: 'lock-denied', info: { 'session-id': String(a.sessionId) } })
    expect((await rpcError(a.rpc('<lock><target><running/></target></lock>'))).errors[0]?.tag).toBe('lock-denied')
    const inUse = await rpcError(b.rpc(edit('running', `<system xmlns="${SYS}"><hostname>x</hostname></system>`)))
    expect(inUse.errors[0]).toMatchObject({ tag: 'in-use', info: { 'session-id': String(a.sessionId) } })
    expect((await rpcError(b.rpc('<unlock><target><running/></target></unlock>'))).errors[0]?.tag).toBe('operation-failed')
    await a.rpc(edit('running', `<system xmlns="${SYS}"><hostname>mine</hostname></system>`))
    expect(device.locks.get('running')).toBe(a.sessionId)
    await a.rpc('<close-session/>')
    await new Promise((r) => setTimeout(r, 5))
    expect(device.sessions).toEqual([b.sessionId])
    expect((await b.rpc('<lock><target><running/></target></lock>')).ok).toBe(true)
    expect(hostname(device)).toBe('mine')
  })

  it('refuses to lock a modified candidate; a locked candidate is discarded when its session ends', async () => {
    const { device, a, b } = await setup()
    await a.rpc(edit('candidate', `<system xmlns="${SYS}"><hostname>c</hostname></system>`))
    expect((await rpcError(b.rpc('<lock><target><candidate/></target></lock>'))).errors[0]).toMatchObject({ tag: 'lock-denied', info: { 'session-id': '0' } })
    await a.rpc('<discard-changes/>')
    await b.rpc('<lock><target><candidate/></target></lock>')
    await b.rpc(edit('candidate', `<system xmlns="${SYS}"><hostname>b</hostname></system>`))
    expect((await rpcError(a.rpc('<commit/>'))).errors[0]?.tag).toBe('in-use')
    expect((await a.rpc(`<kill-session><session-id>${b.sessionId}</session-id></kill-session>`)).ok).toBe(true)
    await new Promise((r) => setTimeout(r, 5))
    expect(b.closed).toBe(true)
    expect(hostname(device, 'candidate')).toBe('r1')
    expect(device.locks.size).toBe(0)
    const self = await rpcError(a.rpc(`<kill-session><session-id>${a.sessionId}</session-id></kill-session>`))
    expect(self.errors[0]).toMatchObject({ tag: 'invalid-value', info: { 'bad-element': 'session-id' } })
    expect((await rpcError(a.rpc('<kill-session><session-id>99</session-id></kill-session>'))).errors[0]?.tag).toBe('invalid-value')
  })
})

describe('fake NETCONF device: commit', () => {
  it('commits the candidate and discards changes', async () => {
    const { device, a } = await setup()
    await a.rpc(edit('candidate', `<system xmlns="${SYS}"><hostname>c1</hostname></system>`))
    expect(hostname(device)).toBe('r1')
    await a.rpc('<commit/>')
    expect(hostname(device)).toBe('c1')
    await a.rpc(edit('candidate', `<system xmlns="${SYS}"><hostname>c2</hostname></system>`))
    await a.rpc('<discard-changes/>')
    expect(hostname(device, 'candidate')).toBe('c1')
  })

  it('reverts a confirmed commit after its timeout, keeps a confirmed one', async () => {
    const { device, a } = await setup()
    await a.rpc(edit('candidate', `<system xmlns="${SYS}"><hostname>trial</hostname></system>`))
    await a.rpc('<commit><confirmed/><confirm-timeout>1</confirm-timeout></commit>')
    expect(hostname(device)).toBe('trial')
    expect(device.confirmedCommitPending).toBe(true)
    await new Promise((r) => setTimeout(r, 1100))
    expect(hostname(device)).toBe('r1')
    expect(device.confirmedCommitPending).toBe(false)
    await a.rpc(edit('candidate', `<system xmlns="${SYS}"><hostname>kept</hostname></system>`))
    await a.rpc('<commit><confirmed/><confirm-timeout>1</confirm-timeout></commit>')
    await a.rpc('<commit/>')
    await new Promise((r) => setTimeout(r, 1100))
    expect(hostname(device)).toBe('kept')
  })

  it('persist / persist-id, cancel-commit, and revert when the issuing session ends', async () => {
    const { device, a, b } = await setup()
    await a.rpc(edit('candidate', `<system xmlns="${SYS}"><hostname>p</hostname></system>`))
    await a.rpc('<commit><confirmed/><persist>tok</persist></commit>')
    expect((await rpcError(b.rpc('<commit/>'))).errors[0]).toMatchObject({ tag: 'invalid-value', info: { 'bad-element': 'persist-id' } })
    expect((await rpcError(b.rpc('<cancel-commit><persist-id>nope</persist-id></cancel-commit>'))).errors[0]?.tag).toBe('invalid-value')
    await b.rpc('<cancel-commit><persist-id>tok</persist-id></cancel-commit>')
    expect(hostname(device)).toBe('r1')
    expect((await rpcError(b.rpc('<cancel-commit/>'))).errors[0]?.tag).toBe('operation-failed')
    await b.rpc(edit('candidate', `<system xmlns="${SYS}"><hostname>q</hostname></system>`))
    await b.rpc('<commit><confirmed/></commit>')
    expect(hostname(device)).toBe('q')
    await b.close()
    await new Promise((r) => setTimeout(r, 5))
    expect(hostname(device)).toBe('r1')
    expect(device.confirmedCommitPending).toBe(false)
  })

  it('refuses confirmed commits without the capability', async () => {
    const { a } = await setup({ capabilities: { confirmedCommit: false } })
    expect((await rpcError(a.rpc('<commit><confirmed/></commit>'))).errors[0]).toMatchObject({ tag: 'unknown-element', info: { 'bad-element': 'confirmed' } })
    expect((await rpcError(a.rpc('<cancel-commit/>'))).errors[0]?.tag).toBe('operation-not-supported')
  })
})
