// test/netconf/session-checks.test.ts — NetconfSession's checks before sending: capabilities (ServerCapabilities), commit options, datastores, killSession; withLock's unlock in finally.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { CAP_BASE_10, CAP_BASE_11 } from '../../src/netconf/messages.js'
import { ServerCapabilities } from '../../src/netconf/session-capabilities.js'
import { CAP, SYS, hostname, open, refusedLocally, rpcError, setup, useCleanup, wire } from './support/session.js'

useCleanup()

describe('ServerCapabilities', () => {
  const caps = new ServerCapabilities([
    CAP_BASE_10,
    CAP_BASE_11,
    `${CAP}candidate:1.0`,
    `${CAP}confirmed-commit:1.0`,
    `${CAP}url:1.0?scheme=file,https`,
    `${CAP}with-defaults:1.0?basic-mode=explicit`,
    'urn:ietf:params:xml:ns:yang:ietf-system?module=ietf-system&revision=2014-08-06&features=authentication,local-users&deviations=acme-dev',
    'http://example.com/plain',
  ])

  it('answers shorthand (any version or one version), full URIs and URIs without their query', () => {
    expect(caps.has(':candidate')).toBe(true)
    expect(caps.has(':candidate:1.0')).toBe(true)
    expect(caps.has(':candidate:1.1')).toBe(false)
    expect(caps.has(':confirmed-commit')).toBe(true)
    expect(caps.has(':confirmed-commit:1.1')).toBe(false)
    expect(caps.has(':url')).toBe(true)
    expect(caps.has(':with-defaults')).toBe(true)
    expect(caps.has(':validate')).toBe(false)
    expect(caps.has(':cand')).toBe(false)
    expect(caps.has(`${CAP}url:1.0`)).toBe(true)
    expect(caps.has(`${CAP}url:1.0?scheme=file,https`)).toBe(true)
    expect(caps.has('urn:ietf:params:xml:ns:yang:ietf-system')).toBe(true)
    expect(caps.has('http://example.com/plain')).toBe(true)
    expect(caps.has('http://example.com')).toBe(false)
  })

  it('module() and modules() read module capabilities; require() throws a missing-capability InputError', () => {
    expect(caps.module('ietf-system')).toMatchObject({ module: 'ietf-system', revision: '2014-08-06', features: ['authentication', 'local-users'], deviations: ['acme-dev'] })
    expect(caps.module('toaster')).toBeUndefined()
    expect(caps.modules().map((m) => m.module)).toEqual(['ietf-system'])
    expect(() => caps.require(':candidate', 'commit')).not.toThrow()
    let e: unknown
    try {
      caps.require(':xpath', 'get with an xpath filter')
    } catch (x) {
      e = x
    }
    expect(e).toBeInstanceOf(InputError)
    expect(e).toMatchObject({ code: 'missing-capability', details: [':xpath'], message: 'get with an xpath filter needs the :xpath capability, which the server does not announce' })
  })
})

describe('NetconfSession: capability checks are InputErrors before sending', () => {
  it('without :candidate: commit, discardChanges, candidate datastores', async () => {
    const { device, session } = await setup({ capabilities: { candidate: false } })
    await refusedLocally(device, session.commit(), /commit needs the :candidate capability/)
    await refusedLocally(device, session.discardChanges())
    await refusedLocally(device, session.getConfig({ source: 'candidate' }), /getConfig on candidate/)
    await refusedLocally(device, session.lock('candidate'))
    await refusedLocally(device, session.editConfig({ target: 'candidate', config: '<x/>' }))
    await refusedLocally(device, session.copyConfig({ source: 'candidate', target: 'running' }))
    await refusedLocally(device, session.validate(), /validate on candidate/)
  })

  it('without :writable-running, :startup, :url, :validate, :rollback-on-error, :xpath, :with-defaults', async () => {
    const { device, session } = await setup({ capabilities: { writableRunning: false, startup: false, validate: false, rollbackOnError: false, xpath: false } })
    await refusedLocally(device, session.editConfig({ target: 'running', config: '<x/>' }), /editConfig of running needs the :writable-running/)
    await refusedLocally(device, session.getConfig({ source: 'startup' }), /:startup/)
    await refusedLocally(device, session.copyConfig({ source: 'running', target: 'startup' }))
    await refusedLocally(device, session.deleteConfig({ target: 'startup' }))
    await refusedLocally(device, session.copyConfig({ source: { url: 'file:///cfg.xml' }, target: 'candidate' }), /:url/)
    await refusedLocally(device, session.validate({ source: 'running' }), /validate needs the :validate/)
    await refusedLocally(device, session.editConfig({ config: '<x/>', testOption: 'test-only' }), /testOption needs the :validate/)
    await refusedLocally(device, session.editConfig({ config: '<x/>', errorOption: 'rollback-on-error' }), /:rollback-on-error/)
    await refusedLocally(device, session.get({ filter: { xpath: '/x' } }), /get with an xpath filter needs the :xpath/)
    await refusedLocally(device, session.getConfig({ filter: { xpath: '/x' } }))
    await refusedLocally(device, session.get({ withDefaults: 'report-all' }), /withDefaults needs the :with-defaults/)
    // What the server has still works.
    await session.editConfig({ config: `<system xmlns="${SYS}"><hostname>ok</hostname></system>`, errorOption: 'stop-on-error' })
    expect(hostname(device, 'candidate')).toBe('ok')
  })

  it('without :notification: subscribe', async () => {
    const { device, session } = await setup({ capabilities: { notification: false } })
    await refusedLocally(device, session.subscribe(), /subscribe needs the :notification/)
  })

  it('without :confirmed-commit: confirmed commits; without :confirmed-commit:1.1: persist, persistId and cancelCommit', async () => {
    const none = await setup({ capabilities: { confirmedCommit: false } })
    await refusedLocally(none.device, none.session.commit({ confirmed: true }), /a confirmed commit needs the :confirmed-commit/)
    await refusedLocally(none.device, none.session.commit({ confirmTimeout: 30 }))
    await refusedLocally(none.device, none.session.cancelCommit())
    const only10 = [CAP_BASE_10, CAP_BASE_11, `${CAP}candidate:1.0`, `${CAP}confirmed-commit:1.0`, `${CAP}writable-running:1.0`]
    const { device, session } = await setup({ capabilities: only10 })
    expect(session.capabilities.has(':confirmed-commit')).toBe(true)
    await refusedLocally(device, session.commit({ confirmed: true, persist: 'p1' }), /persist\/persistId needs the :confirmed-commit:1.1/)
    await refusedLocally(device, session.commit({ persistId: 'p1' }))
    await refusedLocally(device, session.cancelCommit(), /cancelCommit needs the :confirmed-commit:1.1/)
    await refusedLocally(device, session.cancelCommit({ persistId: 'p1' }))
    await session.commit({ confirmed: true, confirmTimeout: 5 })
    expect(wire(device)).toBe('<commit><confirmed/><confirm-timeout>5</confirm-timeout></commit>')
  })
})

describe('NetconfSession: argument checks', () => {
  it('commit options: confirmTimeout and persist need confirmed; timeouts are whole seconds; ids non-empty', async () => {
    const { device, session } = await setup()
    await refusedLocally(device, session.commit({ confirmTimeout: 30 }), /confirmTimeout needs confirmed: true/)
    await refusedLocally(device, session.commit({ persist: 'x' }), /persist needs confirmed: true/)
    for (const t of [0, -1, 1.5, Number.NaN, 2 ** 32]) await refusedLocally(device, session.commit({ confirmed: true, confirmTimeout: t }), /whole number of seconds/)
    await refusedLocally(device, session.commit({ confirmed: true, persist: '' }), /persist must be a non-empty string/)
    await refusedLocally(device, session.commit({ persistId: '' }), /persistId must be a non-empty string/)
    await refusedLocally(device, session.cancelCommit({ persistId: '' }))
    await session.commit({ confirmed: true, confirmTimeout: 4294967295 })
    expect(wire(device)).toBe('<commit><confirmed/><confirm-timeout>4294967295</confirm-timeout></commit>')
  })

  it('deleteConfig of running is refused; datastores must be known', async () => {
    const { device, session } = await setup()
    await refusedLocally(device, session.deleteConfig({ target: 'running' }), /running datastore cannot be deleted/)
    await refusedLocally(device, session.lock('primary' as 'running'), /target must be 'running', 'candidate', 'startup', \{ url \} or \{ xml \}/)
    await refusedLocally(device, session.copyConfig({ source: 'running', target: { url: 42 } as unknown as { url: string } }))
  })

  it('killSession: not itself, only positive integers', async () => {
    const { device, session } = await setup()
    await refusedLocally(device, session.killSession(session.sessionId!), /cannot kill itself/)
    for (const id of [0, -3, 1.5, Number.NaN]) await refusedLocally(device, session.killSession(id), /positive integer/)
    const e = await rpcError(session.killSession(99))
    expect(e.errors[0]).toMatchObject({ tag: 'invalid-value', message: 'there is no session 99' })
  })

  it('subscribe: stopTime needs startTime; times must be dates; stream non-empty', async () => {
    const { device, session } = await setup()
    await refusedLocally(device, session.subscribe({ stopTime: new Date() }), /stopTime needs startTime/)
    await refusedLocally(device, session.subscribe({ startTime: 'yesterday' }), /startTime must be a Date or an RFC 3339 date-time/)
    await refusedLocally(device, session.subscribe({ startTime: new Date(0), stopTime: 'never' }), /stopTime must be/)
    await refusedLocally(device, session.subscribe({ stream: '' }), /stream must be a non-empty string/)
    // A refused subscribe leaves none behind: a valid one still works.
    const sub = await session.subscribe()
    expect(sub.ended).toBe(false)
  })
})

describe('NetconfSession.withLock', () => {
  it('locks, runs fn with the session, unlocks, and returns what fn returned', async () => {
    const { device, session } = await setup()
    const result = await session.withLock('candidate', async (s) => {
      expect(s).toBe(session)
      expect(device.locks.get('candidate')).toBe(session.sessionId)
      await s.editConfig({ config: `<system xmlns="${SYS}"><hostname>locked</hostname></system>` })
      await s.commit()
      return 42
    })
    expect(result).toBe(42)
    expect(device.operations()).toEqual(['lock', 'edit-config', 'commit', 'unlock'])
    expect(device.locks.size).toBe(0)
    expect(hostname(device)).toBe('locked')
    expect(await session.withLock('running', () => 'sync')).toBe('sync')
  })

  it("unlocks when fn throws, and rethrows fn's error", async () => {
    const { device, session } = await setup()
    const boom = new Error('boom')
    await expect(session.withLock('running', () => Promise.reject(boom))).rejects.toBe(boom)
    expect(device.operations()).toEqual(['lock', 'unlock'])
    expect(device.locks.size).toBe(0)
  })

  it("an unlock failure does not mask fn's error; after success it is the error", async () => {
    const { device, session } = await setup()
    const boom = new Error('boom')
    device.faults.next({ operation: 'unlock', reply: 'rpc-error', error: { tag: 'operation-failed', message: 'unlock broke' } })
    await expect(session.withLock('running', () => Promise.reject(boom))).rejects.toBe(boom)
    device.faults.next({ operation: 'unlock', reply: 'rpc-error', error: { tag: 'operation-failed', message: 'unlock broke' } })
    const e = await rpcError(session.withLock('candidate', () => 'fine'))
    expect(e.errors[0]?.message).toBe('unlock broke')
    expect(device.operations().filter((o) => o === 'unlock')).toHaveLength(2)
  })

  it('a lock held elsewhere rejects with lock-denied and fn never runs', async () => {
    const { device, session } = await setup()
    const other = await open(device)
    await other.lock('running')
    let ran = false
    const e = await rpcError(
      session.withLock('running', () => {
        ran = true
      }),
    )
    expect(ran).toBe(false)
    expect(e).toMatchObject({ code: 'lock-denied', errors: [{ info: { 'session-id': String(other.sessionId) } }] })
    expect(device.operations(session.sessionId)).toEqual(['lock'])
  })

  it('a session that closed inside fn does not try to unlock', async () => {
    const { device, session } = await setup()
    await expect(
      session.withLock('running', async (s) => {
        await s.close()
        throw new Error('after close')
      }),
    ).rejects.toThrow('after close')
    expect(device.operations()).toEqual(['lock', 'close-session'])
  })
})
