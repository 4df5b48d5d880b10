// test/testing/fake-clixon-controller.test.ts — the fake Clixon controller over a real Unix socket: framing, hello, subscriptions, datastore, transactions.
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigTree, loadConfigTreeParser } from '../../src/netconf/config-tree.js'
import { encodeFrame } from '../../src/netconf/framing-encode.js'
import { FrameDecoder } from '../../src/netconf/framing.js'
import { buildHello, CAP_BASE_10 } from '../../src/netconf/messages.js'
import { NetconfRpcError } from '../../src/netconf/rpc-errors.js'
import { RpcChannel } from '../../src/netconf/rpc-session.js'
import { createSubscriptionXml, editActionsConfigXml, getActionsConfigXml, transactionGetXml } from '../../src/netconf/service-messages.js'
import { connectSocketTransport } from '../../src/netconf/transport-socket.js'
import { mergeConfig, selectXml, xpathToPath } from '../../src/testing/clixon-datastore.js'
import { startFakeClixonController, type FakeClixonController } from '../../src/testing/clixon-controller.js'

let n = 0
const sockPath = (): string => join(tmpdir(), `strato-fake-clixon-${process.pid}-${n++}.sock`)
const CO = 'http://clicon.org/controller'
const SVC = 'urn:example:svc'
const INITIAL = `<services xmlns="${SVC}"><svc><name>a</name><text>one</text></svc></services><devices xmlns="${CO}"><device><name>r1</name><config/></device></devices>`

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

async function controller(opts: Partial<Parameters<typeof startFakeClixonController>[0]> = {}): Promise<FakeClixonController> {
  const ctl = await startFakeClixonController({ socketPath: sockPath(), config: INITIAL, ...opts })
  cleanup.push(() => ctl.close())
  return ctl
}

async function client(ctl: FakeClixonController): Promise<RpcChannel> {
  const channel = await RpcChannel.open(await connectSocketTransport({ path: ctl.socketPath }), { framing: '1.1', fixedMessageId: '42', maxChunkBytes: Infinity })
  cleanup.push(() => channel.close())
  return channel
}

describe('fake Clixon controller: wire', () => {
  it('speaks 1.1 chunks from the hello on, with session-id and cl:username', async () => {
    const ctl = await controller({ username: 'ops' })
    const socket = connect({ path: ctl.socketPath })
    cleanup.push(async () => void socket.destroy())
    const decoder = new FrameDecoder({ framing: '1.1' })
    const hello = await new Promise<string>((resolve) => {
      socket.on('data', (b) => {
        const m = decoder.decode(b)[0]
        if (m) resolve(m.toString('utf8'))
      })
      socket.write(encodeFrame(buildHello([CAP_BASE_10]), '1.1'))
    })
    expect(hello).toMatch(/cl:username="ops"/)
    expect(hello).toMatch(/<session-id>\d+<\/session-id>/)
    expect(hello).toContain(CAP_BASE_10)
  })

  it('echoes message-id 42 and logs every rpc', async () => {
    const ctl = await controller()
    const channel = await client(ctl)
    const reply = await channel.rpc(createSubscriptionXml('controller-transaction'))
    expect(reply.ok).toBe(true)
    expect(reply.messageId).toBe('42')
    expect(reply.xml).toContain('message-id="42"')
    expect(ctl.rpcLog).toHaveLength(1)
  })

  it('accepts one services-commit subscriber; the second gets the registered error, a later one after the first left succeeds', async () => {
    const ctl = await controller()
    const first = await client(ctl)
    await first.rpc(createSubscriptionXml('services-commit'))
    const second = await client(ctl)
    const error = await second.rpc(createSubscriptionXml('services-commit')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetconfRpcError)
    expect((error as NetconfRpcError).message).toContain('services-commit client already registered')
    await first.close()
    await new Promise((r) => setTimeout(r, 20))
    expect((await second.rpc(createSubscriptionXml('services-commit'))).ok).toBe(true)
  })

  it('refuses unknown operations and other datastores with rpc-errors', async () => {
    const ctl = await controller()
    const channel = await client(ctl)
    await expect(channel.rpc('<lock><target><running/></target></lock>')).rejects.toThrow(/does not support <lock>/)
    await expect(channel.rpc('<get-config><source><running/></source></get-config>')).rejects.toThrow(/actions datastore/)
  })
})

describe('fake Clixon controller: actions datastore', () => {
  it('get-config with select / returns everything, a path returns the match with its ancestors', async () => {
    const ctl = await controller()
    const channel = await client(ctl)
    const all = await channel.rpc(getActionsConfigXml('/'))
    expect(all.data).toBe(INITIAL)
    const one = await channel.rpc(getActionsConfigXml("/s:services/s:svc[s:name='a']/s:text", { s: SVC }))
    expect(one.data).toBe(`<services xmlns="${SVC}"><svc><name>a</name><text>one</text></svc></services>`)
  })

  it('edit-config merges into actions (list entries by key, leaves replaced, operation delete honoured)', async () => {
    const ctl = await controller()
    const channel = await client(ctl)
    await channel.rpc(editActionsConfigXml(`<services xmlns="${SVC}"><svc><name>a</name><text>two</text></svc><svc><name>b</name></svc></services>`))
    expect(ctl.configXml()).toContain(`<svc><name>a</name><text>two</text></svc><svc><name>b</name></svc>`)
    await channel.rpc(editActionsConfigXml(`<services xmlns="${SVC}" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><svc nc:operation="delete"><name>b</name></svc></services>`))
    expect(ctl.configXml()).not.toContain('<name>b</name>')
    expect(ctl.actions.findAll('services/svc')).toHaveLength(1)
  })

  it('get of /transactions finds the transaction user', async () => {
    const ctl = await controller({ user: 'alice' })
    const result = ctl.commit() // no subscriber: fails at once, but the transaction is recorded
    await result
    const channel = await client(ctl)
    const reply = await channel.rpc(transactionGetXml('1'))
    expect(reply.data).toContain('<username>alice</username>')
    expect(reply.data).toContain('<result>FAILED</result>')
  })
})

describe('fake Clixon controller: transactions', () => {
  it('sends services-commit to the subscriber and resolves on transaction-actions-done, then notifies SUCCESS', async () => {
    const ctl = await controller()
    const channel = await client(ctl)
    await channel.rpc(createSubscriptionXml('services-commit'))
    await channel.rpc(createSubscriptionXml('controller-transaction'))
    const seen: string[] = []
    channel.on('notification', (note) => {
      seen.push(note.xml)
      if (note.event !== 'services-commit') return
      void channel
        .rpc(editActionsConfigXml(`<services xmlns="${SVC}"><svc><name>c</name></svc></services>`))
        .then(() => channel.rpc(`<transaction-actions-done xmlns="${CO}"><tid>1</tid><service>svc</service></transaction-actions-done>`))
        .catch(() => undefined)
    })
    const result = await ctl.commit({ services: ["svc[name='c']"], diff: true })
    expect(result).toMatchObject({ tid: '1', outcome: 'done', services: ['svc'], result: 'SUCCESS' })
    expect(result.edits).toEqual([`<services xmlns="${SVC}"><svc><name>c</name></svc></services>`])
    expect(result.config).toContain('<svc><name>c</name></svc>')
    await new Promise((r) => setTimeout(r, 20))
    expect(seen[0]).toContain("<service>svc[name='c']</service>")
    expect(seen[0]).toContain('<diff>true</diff>')
    expect(seen[1]).toContain('<result>SUCCESS</result>')
  })

  it('resolves with error on transaction-error and with timeout when nobody answers', async () => {
    const ctl = await controller({ serviceTimeoutMs: 50 })
    const channel = await client(ctl)
    await channel.rpc(createSubscriptionXml('services-commit'))
    const silent = await ctl.commit()
    expect(silent).toMatchObject({ outcome: 'timeout', result: 'FAILED' })
    channel.on('notification', () => void channel.rpc(`<transaction-error xmlns="${CO}"><tid>2</tid><origin>pyapi</origin><reason>nope</reason></transaction-error>`).catch(() => undefined))
    expect(await ctl.commit()).toMatchObject({ tid: '2', outcome: 'error', reason: 'nope', edits: [] })
  })

  it('close() ends sessions, removes the socket file and fails pending commits', async () => {
    const ctl = await startFakeClixonController({ socketPath: sockPath() })
    const channel = await client(ctl)
    await channel.rpc(createSubscriptionXml('services-commit'))
    const pending = ctl.commit()
    await ctl.close()
    expect(await pending).toMatchObject({ outcome: 'timeout', reason: 'the fake controller closed' })
    expect(existsSync(ctl.socketPath)).toBe(false)
  })
})

describe('fake Clixon controller: datastore helpers', () => {
  it('xpathToPath drops prefixes in steps and predicates', () => {
    expect(xpathToPath("/co:transactions/co:transaction[co:tid='7']")).toBe("/transactions/transaction[tid='7']")
  })

  it('mergeConfig treats a container by name and a keyed entry by key', async () => {
    await loadConfigTreeParser()
    const target = ConfigTree.parse(`<config><sys xmlns="urn:x"><host>a</host><user><name>u1</name><uid>1</uid></user></sys></config>`)
    mergeConfig(target, ConfigTree.parse(`<config><sys xmlns="urn:x"><host>b</host><user><name>u1</name><uid>5</uid></user><user><name>u2</name></user></sys></config>`))
    expect(selectXml(target, '/')).toBe(`<sys xmlns="urn:x"><host>b</host><user><name>u1</name><uid>5</uid></user><user><name>u2</name></user></sys>`)
  })
})
