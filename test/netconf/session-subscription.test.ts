// test/netconf/session-subscription.test.ts — NetconfSession.subscribe and Subscription: wire XML, events and the async iterator in order, break/stop, session close and failure, one subscription per session.
import { describe, expect, it } from 'vitest'
import { InputError, NetworkError } from '../../src/core/errors.js'
import type { NetconfNotification } from '../../src/netconf/rpc-types.js'
import { Subscription, type NotificationSource } from '../../src/netconf/subscription.js'
import { TOASTER, open, rpcError, setup, useCleanup, wire } from './support/session.js'

useCleanup()

const NOTIF_NS = 'urn:ietf:params:xml:ns:netconf:notification:1.0'
const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('NetconfSession.subscribe', () => {
  it('sends create-subscription on the NETCONF stream, with a filter when given', async () => {
    const { device, session } = await setup()
    const sub = await session.subscribe()
    expect(sub.stream).toBe('NETCONF')
    expect(wire(device)).toBe(`<create-subscription xmlns="${NOTIF_NS}"><stream>NETCONF</stream></create-subscription>`)
    const other = await open(device)
    await other.subscribe({ filter: '<linkDown xmlns="urn:ex"/>' })
    expect(wire(device)).toBe(`<create-subscription xmlns="${NOTIF_NS}"><stream>NETCONF</stream><filter type="subtree"><linkDown xmlns="urn:ex"/></filter></create-subscription>`)
    expect(device.notify('<linkUp xmlns="urn:ex"/>')).toBe(1)
    expect(device.notify('<linkDown xmlns="urn:ex"/>')).toBe(2)
  })

  it('writes startTime/stopTime as RFC 3339 UTC; a refused subscription is stopped and another may follow', async () => {
    const { device, session } = await setup()
    const e = await rpcError(session.subscribe({ startTime: '2024-01-01T01:00:00+01:00', stopTime: new Date(Date.UTC(2024, 0, 2)) }))
    expect(wire(device)).toBe(`<create-subscription xmlns="${NOTIF_NS}"><stream>NETCONF</stream><startTime>2024-01-01T00:00:00.000Z</startTime><stopTime>2024-01-02T00:00:00.000Z</stopTime></create-subscription>`)
    expect(e.errors[0]?.message).toMatch(/replay is not supported/)
    const sub = await session.subscribe()
    expect(sub.ended).toBe(false)
  })

  it('a second subscribe while one is active is an InputError before sending; after stop() it is sent', async () => {
    const { device, session } = await setup()
    const sub = await session.subscribe()
    const before = device.rpcLog.length
    await expect(session.subscribe()).rejects.toThrow(/already has a subscription/)
    await expect(session.subscribe()).rejects.toBeInstanceOf(InputError)
    expect(device.rpcLog.length).toBe(before)
    sub.stop()
    expect(sub.ended).toBe(true)
    // RFC 5277 has no unsubscribe: the server still holds the first one.
    const again = await rpcError(session.subscribe())
    expect(again.errors[0]?.message).toMatch(/already active/)
    expect(device.rpcLog.length).toBe(before + 1)
  })

  it('two concurrent subscribe calls: the second is refused locally', async () => {
    const { device, session } = await setup()
    const [a, b] = await Promise.allSettled([session.subscribe(), session.subscribe()])
    expect(a.status).toBe('fulfilled')
    expect(b.status === 'rejected' && b.reason).toBeInstanceOf(InputError)
    expect(device.operations()).toEqual(['create-subscription'])
  })
})

describe('Subscription delivery', () => {
  it('events, session events and the iterator get the same notifications in order; break ends it', async () => {
    const { device, session } = await setup()
    const sub = await session.subscribe()
    const viaEvent: NetconfNotification[] = []
    const viaSession: string[] = []
    sub.on('notification', (n) => viaEvent.push(n))
    session.on('notification', (n) => viaSession.push(n.event ?? ''))
    const ends: unknown[] = []
    sub.on('end', (e) => ends.push(e ?? 'clean'))
    device.notify('<e1 xmlns="urn:ex"/>', { eventTime: '2024-05-01T10:00:00Z' })
    device.notify('<e2 xmlns="urn:ex"><v>2</v></e2>')
    const viaIterator: NetconfNotification[] = []
    setTimeout(() => device.notify('<e3 xmlns="urn:ex"/>'), 10)
    for await (const n of sub) {
      viaIterator.push(n)
      if (n.event === 'e3') break
    }
    expect(viaIterator.map((n) => n.event)).toEqual(['e1', 'e2', 'e3'])
    expect(viaEvent).toEqual(viaIterator)
    expect(viaIterator[0]?.eventTime).toBe('2024-05-01T10:00:00Z')
    expect(viaIterator[1]?.xml).toContain('<v>2</v>')
    expect(sub.ended).toBe(true)
    expect(ends).toEqual(['clean'])
    // Stopped here, but the session still emits what the server keeps sending.
    device.notify('<e4 xmlns="urn:ex"/>')
    await tick()
    expect(viaEvent).toHaveLength(3)
    expect(viaSession).toEqual(['e1', 'e2', 'e3', 'e4'])
    // Iterating an ended subscription ends at once.
    for await (const n of sub) throw new Error(`unexpected ${n.event}`)
  })

  it('the toaster: make-toast, then toastDone through the iterator', async () => {
    const { session } = await setup({ toasterDoneMs: 10 })
    const sub = await session.subscribe({ filter: `<toastDone xmlns="${TOASTER}"/>` })
    await session.rpc(`<make-toast xmlns="${TOASTER}"/>`)
    for await (const n of sub) {
      expect(n.event).toBe('toastDone')
      expect(n.xml).toContain('<toastStatus>done</toastStatus>')
      break
    }
  })

  it('session close() ends the iterator without error', async () => {
    const { device, session } = await setup()
    const sub = await session.subscribe()
    const got: string[] = []
    const loop = (async () => {
      for await (const n of sub) got.push(n.event ?? '')
      return 'done'
    })()
    device.notify('<a xmlns="urn:ex"/>')
    await tick()
    await session.close()
    expect(await loop).toBe('done')
    expect(got).toEqual(['a'])
    expect(sub.ended).toBe(true)
  })

  it('a failed session ends the iterator with its error (after the notifications already received)', async () => {
    const { device, session } = await setup()
    const sub = await session.subscribe()
    const ended = new Promise((r) => sub.once('end', r))
    device.notify('<before xmlns="urn:ex"/>')
    await tick()
    device.killSession(session.sessionId!)
    const endError = await ended
    expect(endError).toBeInstanceOf(NetworkError)
    const got: string[] = []
    const e = await (async () => {
      for await (const n of sub) got.push(n.event ?? '')
    })().then(() => undefined, (x: unknown) => x)
    expect(got).toEqual(['before'])
    expect(e).toBe(endError)
  })

  it('notificationComplete ends the subscription; stop() releases the session listeners', async () => {
    const { device, session } = await setup()
    const sub = await session.subscribe()
    device.notify('<x xmlns="urn:ex"/>')
    device.notify(`<notificationComplete xmlns="urn:ietf:params:xml:ns:netmod:notification"/>`)
    const got: string[] = []
    for await (const n of sub) got.push(n.event ?? '')
    expect(got).toEqual(['x', 'notificationComplete'])
    expect(sub.ended).toBe(true)
    expect(session.listenerCount('notification')).toBe(0)
    expect(session.listenerCount('close')).toBe(0)
  })

  it('Subscription over a bare source: a waiting iterator wakes on stop()', async () => {
    const listeners = new Map<string, ((x: unknown) => void)[]>()
    const source = {
      on: (ev: string, fn: (x: unknown) => void) => void listeners.set(ev, [...(listeners.get(ev) ?? []), fn]),
      off: (ev: string, fn: (x: unknown) => void) => void listeners.set(ev, (listeners.get(ev) ?? []).filter((f) => f !== fn)),
    }
    const sub = new Subscription(source as unknown as NotificationSource, 'custom')
    const it = sub[Symbol.asyncIterator]()
    const next = it.next()
    for (const fn of listeners.get('notification') ?? []) fn({ xml: '<n/>', eventTime: undefined, event: 'n' })
    expect(await next).toEqual({ done: false, value: { xml: '<n/>', eventTime: undefined, event: 'n' } })
    const waiting = it.next()
    sub.stop()
    expect(await waiting).toEqual({ done: true, value: undefined })
    expect(listeners.get('notification')).toEqual([])
    expect(listeners.get('close')).toEqual([])
  })
})
