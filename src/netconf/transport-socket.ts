// src/netconf/transport-socket.ts — NETCONF over a Unix socket or plain TCP, with connect timeout, abort and an optional preamble.
import { connect, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { abortReason } from '../core/abort.js'
import { type ClientError, NetworkError, TimeoutError } from '../core/errors.js'
import { escapeXml } from './messages.js'
import type { NetconfTransport } from './rpc-types.js'

/** Where and how to open a socket transport. Give `path` (Unix socket) or `host` + `port` (TCP). */
export interface SocketTransportOptions {
  /** A Unix socket path (netconfd's `ncxserver.sock`, the Clixon controller socket). */
  path?: string
  /** A TCP host (plain TCP: only for tests and trusted links, nothing is encrypted). */
  host?: string
  /** The TCP port. */
  port?: number
  /** Time allowed to establish the connection. Default 10 000 ms. */
  connectTimeoutMs?: number
  /** TCP keepalive probe delay in ms (0 = off). Default 0. */
  keepAliveMs?: number
  /** Bytes written right after connecting, before the hello (yuma123's `<ncx-connect>` preamble). */
  preamble?: string | Uint8Array
  /** Cancels the connect. */
  signal?: AbortSignal
}

/**
 * What carries a byte stream and can be ended: the socket itself, or the SSH connection under a
 * channel. Its errors are what `onClose` listeners learn; its close ends the transport too.
 */
export interface StreamCarrier {
  on(event: 'error', cb: (e: Error) => void): unknown
  on(event: 'close', cb: () => void): unknown
  end(): unknown
  destroy(): unknown
}

/**
 * Wraps a duplex byte stream (a socket, an ssh2 channel) as a {@link NetconfTransport}. It ends
 * when the stream or its carrier closes; `close()` ends both and destroys the carrier if the peer
 * never acknowledges within 2 s.
 * @example const transport = streamTransport(channel, sshConnection)
 */
export function streamTransport(stream: Duplex, carrier: StreamCarrier = stream): NetconfTransport {
  let lastError: Error | undefined
  let closed = false
  const listeners: ((error?: Error) => void)[] = []
  carrier.on('error', (e) => {
    lastError = e
  })
  const ended = (): void => {
    if (closed) return
    closed = true
    if (carrier !== stream) carrier.end() // a channel closed by the server: hang up the connection under it
    for (const cb of listeners.splice(0)) cb(lastError)
  }
  stream.on('close', ended)
  if (carrier !== stream) carrier.on('close', ended)
  return {
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        stream.write(bytes, (e?: Error | null) => (e ? reject(e) : resolve()))
      }),
    onData: (cb) => void stream.on('data', cb),
    onClose: (cb) => {
      if (closed) queueMicrotask(() => cb(lastError))
      else listeners.push(cb)
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve()
        listeners.push(() => resolve())
        stream.end()
        if (carrier !== stream) carrier.end()
        // A peer that never acknowledges the end must not keep us waiting.
        setTimeout(() => carrier.destroy(), 2_000).unref()
      }),
  }
}

/**
 * Wraps a connected Node socket as a {@link NetconfTransport} (Nagle off: RPCs are small). `onClose`
 * listeners learn the socket error that ended it, if any.
 * @example const transport = socketTransport(net.connect('/run/ctrl.sock'))
 */
export function socketTransport(socket: Socket): NetconfTransport {
  socket.setNoDelay?.(true)
  return streamTransport(socket)
}

/**
 * Connects to a Unix socket (`path`) or TCP endpoint (`host`/`port`), writes the preamble if
 * any, and returns the transport. Rejects with NetworkError (refused, no such socket),
 * TimeoutError (`connectTimeoutMs`) or AbortError, leaving no socket open.
 * @example const transport = await connectSocketTransport({ path: '/tmp/ncxserver.sock', preamble })
 */
export function connectSocketTransport(opts: SocketTransportOptions): Promise<NetconfTransport> {
  const where = opts.path ?? `${opts.host ?? '127.0.0.1'}:${opts.port ?? 830}`
  const { signal } = opts
  if (signal?.aborted) return Promise.reject(abortReason(signal, `connecting to ${where}`))
  return new Promise<NetconfTransport>((resolve, reject) => {
    const socket = opts.path !== undefined ? connect({ path: opts.path }) : connect({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 830 })
    const ms = opts.connectTimeoutMs ?? 10_000
    const fail = (error: ClientError): void => {
      cleanup()
      socket.destroy()
      reject(error)
    }
    const onError = (e: Error): void => fail(new NetworkError(`cannot connect to NETCONF at ${where}: ${e.message}`, { cause: e }))
    const onAbort = (): void => fail(abortReason(signal as AbortSignal, `connecting to ${where}`))
    const timer = setTimeout(() => fail(new TimeoutError(`connecting to NETCONF at ${where} took over ${ms} ms`)), ms)
    const cleanup = (): void => {
      clearTimeout(timer)
      socket.off('error', onError)
      signal?.removeEventListener('abort', onAbort)
    }
    socket.once('error', onError)
    signal?.addEventListener('abort', onAbort, { once: true })
    socket.once('connect', () => {
      cleanup()
      if (opts.keepAliveMs) socket.setKeepAlive(true, opts.keepAliveMs)
      const transport = socketTransport(socket)
      if (opts.preamble === undefined) return resolve(transport)
      const bytes = typeof opts.preamble === 'string' ? Buffer.from(opts.preamble, 'utf8') : opts.preamble
      Promise.resolve(transport.write(bytes)).then(
        () => resolve(transport),
        (e: unknown) => {
          socket.destroy()
          reject(new NetworkError(`writing the preamble to ${where} failed`, { cause: e }))
        },
      )
    })
  })
}

/**
 * yuma123's `<ncx-connect>` preamble for netconfd's Unix socket (what `netconf-subsystem` sends).
 * With `transport: 'ssh'` netconfd checks that `port` is one of its `--port` values.
 * @example connectSocketTransport({ path, preamble: ncxConnectPreamble({ user: 'ncuser' }) })
 */
export function ncxConnectPreamble(opts: { user: string; address?: string; port?: number; transport?: 'ssh' | 'local' }): string {
  const magic = 'x56o8937ab17eg922z34rwhobskdbyswfehkpsqq3i55a0an960ccw24a4ek864aOpal1t2p'
  const attrs = `version="1" user="${escapeXml(opts.user)}" address="${escapeXml(opts.address ?? '127.0.0.1')}" magic="${magic}" transport="${opts.transport ?? 'local'}" port="${opts.port ?? 830}"`
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ncx-connect xmlns="http://netconfcentral.org/ns/yuma-ncx" ${attrs} />\n]]>]]>`
}
