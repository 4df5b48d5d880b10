// src/testing/netconf-pair.ts — an in-memory NetconfTransport wired to a fake NETCONF session: no sockets, bytes delivered asynchronously and in order.
import type { NetconfTransport } from '../netconf/rpc-types.js'
import type { SessionLink } from './netconf-session.js'

/** The server end the pair drives. */
export interface PairServerEnd {
  receive(bytes: Uint8Array): void
  linkClosed(): void
}

/**
 * Creates a client-side transport and a server-side link; `attach` builds the session on the
 * link. Every delivery is a microtask, so neither side ever re-enters the other, bytes written
 * before the client listens are kept for it, and a close arrives after the data before it.
 * @example const transport = createTransportPair((link) => new FakeNetconfSession(1, link, host, 'in-memory'))
 */
export function createTransportPair(attach: (link: SessionLink) => PairServerEnd): NetconfTransport {
  const dataListeners: ((bytes: Uint8Array) => void)[] = []
  const closeListeners: ((error?: Error) => void)[] = []
  const held: Buffer[] = []
  let closed = false

  const finish = (): void => {
    if (closed) return
    closed = true
    server.linkClosed()
    for (const cb of closeListeners.splice(0)) cb()
  }
  const toClient = (bytes: Buffer): void => {
    if (closed) return
    if (dataListeners.length === 0) held.push(bytes)
    else for (const cb of dataListeners) cb(bytes)
  }
  const link: SessionLink = {
    write: (bytes) => {
      const copy = Buffer.from(bytes)
      queueMicrotask(() => toClient(copy))
    },
    end: () => queueMicrotask(finish),
  }
  const server = attach(link)

  return {
    write: (bytes) => {
      if (closed) throw new Error('the in-memory NETCONF transport is closed')
      const copy = Buffer.from(bytes)
      queueMicrotask(() => {
        if (!closed) server.receive(copy)
      })
    },
    onData: (cb) => {
      dataListeners.push(cb)
      // Delivered later, not inside onData: the listener's owner may not be ready yet.
      if (held.length > 0) queueMicrotask(() => {
        for (const b of held.splice(0)) toClient(b)
      })
    },
    onClose: (cb) => {
      if (closed) queueMicrotask(() => cb())
      else closeListeners.push(cb)
    },
    close: () => finish(),
  }
}
