// test/netconf/session-errors.test.ts — NetconfSession failures against the fake device's faults: rpc-errors with every field, warnings, timeouts, aborts, dropped replies, sessions that close or break mid-RPC.
import { describe, expect, it } from 'vitest'
import { AbortError, NetworkError, TimeoutError } from '../../src/core/errors.js'
import { NetconfFramingError } from '../../src/netconf/framing-errors.js'
import { NetconfRpcError } from '../../src/netconf/rpc-errors.js'
import { SYS, hostname, open, rpcError, setup, useCleanup } from './support/session.js'

useCleanup()

const settle = (p: Promise<unknown>): Promise<unknown> => p.then(() => 'resolved', (e: unknown) => e)

describe('NetconfSession: rpc-errors', () => {
  it('maps every <rpc-error> with all its fields onto NetconfRpcError', async () => {
    const { device, session } = await setup()
    device.faults.next({
      operation: 'edit-config',
      reply: 'rpc-error',
      error: [
        { type: 'protocol', tag: 'data-exists', severity: 'error', appTag: 'dup', path: "/nc:rpc/nc:edit-config/nc:config/sys:system", message: 'already <there>', info: { 'bad-element': 'hostname', 'session-id': '0' } },
        { type: 'application', tag: 'operation-failed', message: 'second' },
      ],
    })
    const e = await rpcError(session.editConfig({ config: `<system xmlns="${SYS}"><hostname>x</hostname></system>` }))
    expect(e.name).toBe('NetconfRpcError')
    expect(e.code).toBe('data-exists')
    expect(e.message).toBe('NETCONF rpc-error data-exists (protocol): already <there> (and 1 more)')
    expect(e.errors).toEqual([
      { type: 'protocol', tag: 'data-exists', severity: 'error', appTag: 'dup', path: '/nc:rpc/nc:edit-config/nc:config/sys:system', message: 'already <there>', info: { 'bad-element': 'hostname', 'session-id': '0' } },
      { type: 'application', tag: 'operation-failed', severity: 'error', message: 'second' },
    ])
    expect(e.details).toEqual([
      'protocol/data-exists (error) at /nc:rpc/nc:edit-config/nc:config/sys:system: already <there> [app-tag dup] info {"bad-element":"hostname","session-id":"0"}',
      'application/operation-failed (error): second',
    ])
    expect(e.messageId).toBe(device.rpcLog.at(-1)?.messageId)
    expect(e.xml).toContain('<error-tag>data-exists</error-tag>')
    expect(hostname(device, 'candidate')).toBe('r1')
    // The session goes on.
    expect((await session.getConfig()).xml).toContain('<hostname>r1</hostname>')
  })

  it("the device's own refusals: lock-denied names the holder, in-use refuses another session's edit", async () => {
    const { device, session } = await setup()
    const other = await open(device)
    await other.lock('running')
    const denied = await rpcError(session.lock('running'))
    expect(denied.errors[0]).toMatchObject({ type: 'protocol', tag: 'lock-denied', severity: 'error', path: '/nc:rpc/nc:lock/nc:target', info: { 'session-id': String(other.sessionId) } })
    const inUse = await rpcError(session.editConfig({ target: 'running', config: `<system xmlns="${SYS}"><hostname>x</hostname></system>` }))
    expect(inUse.code).toBe('in-use')
  })

  it('an answer with only warnings succeeds and lists them', async () => {
    const { device, session } = await setup()
    device.faults.next({ operation: 'commit', reply: 'rpc-error', error: { severity: 'warning', tag: 'operation-failed', message: 'just so you know' } })
    const reply = await session.commit()
    expect(reply.warnings).toEqual([{ type: 'application', tag: 'operation-failed', severity: 'warning', message: 'just so you know' }])
  })
})

describe('NetconfSession: timeouts, aborts and dropped replies', () => {
  it('a dropped reply is a TimeoutError of that RPC only; the session keeps working', async () => {
    const { device, session } = await setup()
    device.faults.next({ operation: 'get', drop: true })
    const t0 = Date.now()
    const [dropped, next] = await Promise.all([settle(session.get({ timeoutMs: 60 })), session.getConfig()])
    expect(dropped).toBeInstanceOf(TimeoutError)
    expect((dropped as Error).message).toMatch(/got no reply within 60 ms/)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55)
    expect(next.xml).toContain('<hostname>r1</hostname>')
    expect(session.closed).toBe(false)
    await session.lock('running')
    expect(device.locks.get('running')).toBe(session.sessionId)
  })

  it('the session-wide timeoutMs applies to every RPC; a per-RPC timeoutMs overrides it', async () => {
    const { device } = await setup()
    const session = await open(device, 40)
    device.faults.next({ operation: 'get', delayMs: 150 })
    await expect(session.get()).rejects.toThrow(/within 40 ms/)
    device.faults.next({ operation: 'get', delayMs: 60 })
    expect((await session.get({ timeoutMs: 2_000 })).xml).toContain('netconf-state')
  })

  it('an abort rejects only its RPC with AbortError; an aborted signal sends nothing', async () => {
    const { device, session } = await setup()
    device.faults.next({ operation: 'get', delayMs: 100 })
    const ac = new AbortController()
    const p = settle(session.get({ signal: ac.signal }))
    setTimeout(() => ac.abort(), 20)
    expect(await p).toBeInstanceOf(AbortError)
    const before = device.rpcLog.length
    await expect(session.getConfig({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError)
    expect(device.rpcLog.length).toBe(before)
    expect((await session.getConfig()).xml).toContain('r1')
  })
})

describe('NetconfSession: the session ends under pending RPCs', () => {
  it('closeSession mid-RPC rejects every pending RPC with NetworkError and emits close', async () => {
    const { device, session } = await setup()
    device.faults.next({ operation: 'get-config', delayMs: 20, closeSession: true })
    const closed = new Promise((r) => session.once('close', r))
    const results = await Promise.all([settle(session.getConfig()), settle(session.get()), settle(session.lock('running'))])
    for (const r of results) expect(r).toBeInstanceOf(NetworkError)
    expect((results[0] as Error).message).toMatch(/closed with 3 RPCs pending/)
    expect(await closed).toBeInstanceOf(NetworkError)
    expect(session.closed).toBe(true)
    await expect(session.get()).rejects.toThrow(/the NETCONF session is closed/)
    await session.close()
  })

  it('a session killed by another rejects its pending RPC with NetworkError', async () => {
    const { device, session } = await setup()
    const victim = await open(device)
    device.faults.next({ operation: 'get', sessionId: victim.sessionId!, delayMs: 200 })
    const pending = settle(victim.get())
    await new Promise((r) => setTimeout(r, 20))
    await session.killSession(victim.sessionId!)
    expect(await pending).toBeInstanceOf(NetworkError)
    expect(victim.closed).toBe(true)
  })

  it('close() while RPCs are pending: they reject with NetworkError, close-session was sent', async () => {
    const { device, session } = await setup()
    device.faults.next({ operation: 'get', drop: true })
    const pending = settle(session.get({ timeoutMs: 0 }))
    await new Promise((r) => setTimeout(r, 10))
    await session.close()
    const e = await pending
    expect(e).toBeInstanceOf(NetworkError)
    expect(device.operations()).toEqual(['get', 'close-session'])
  })

  it('garbage on the wire is a NetconfFramingError that closes the session', async () => {
    const { device, session } = await setup()
    device.faults.next({ operation: 'get', garbage: true })
    const closed = new Promise((r) => session.once('close', r))
    const [a, b] = await Promise.all([settle(session.get()), settle(session.getConfig())])
    expect(a).toBeInstanceOf(NetconfFramingError)
    expect(b).toBeInstanceOf(NetconfFramingError)
    expect(await closed).toBeInstanceOf(NetconfFramingError)
    expect(session.closed).toBe(true)
    await new Promise((r) => setTimeout(r, 10))
    expect(device.sessions).toEqual([])
  })

  it('a reply to an unknown message-id is an anomaly: the RPC it replaced times out, later ones are answered', async () => {
    const { device, session } = await setup()
    const anomalies: string[] = []
    session.on('anomaly', (a) => anomalies.push(a.kind))
    device.faults.next({ operation: 'get', message: '<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="999"><ok/></rpc-reply>' })
    const p = settle(session.get({ timeoutMs: 50 }))
    expect((await session.getConfig()).xml).toContain('r1')
    expect(await p).toBeInstanceOf(TimeoutError)
    expect(anomalies).toEqual(['unknown-message-id', 'out-of-order'])
  })

  it('errors are NetconfRpcError, not a NetworkError, when the device answers and then closes', async () => {
    const { device, session } = await setup()
    device.faults.next({ operation: 'commit', reply: 'rpc-error' })
    const e = await settle(session.commit())
    expect(e).toBeInstanceOf(NetconfRpcError)
    expect((e as NetconfRpcError).errors[0]).toMatchObject({ type: 'application', tag: 'operation-failed', message: 'injected fault on commit' })
  })
})
