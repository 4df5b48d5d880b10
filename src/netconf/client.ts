// src/netconf/client.ts — NetconfClient: picks the transport (SSH, Unix socket, TCP, or one given), opens it and exchanges hellos.
import { InputError } from '../core/errors.js'
import { loadConfigTreeParser } from './config-tree-parse.js'
import { RpcChannel } from './rpc-session.js'
import type { NetconfTransport, RpcChannelOptions } from './rpc-types.js'
import { NetconfSession } from './session.js'
import { connectSocketTransport } from './transport-socket.js'
import { type SshTransportOptions, connectSshTransport } from './transport-ssh.js'

/** Session options shared by every transport. */
export interface NetconfSessionOptions {
  /** Time allowed to connect (TCP, SSH handshake and login). Default 20 000 ms for SSH, 10 000 otherwise. */
  connectTimeoutMs?: number
  /** Time allowed for the server hello. Default 30 000 ms. */
  helloTimeoutMs?: number
  /** Default time limit of each RPC (0 = none). Default 120 000 ms. */
  timeoutMs?: number
  /** TCP or SSH keepalive interval in ms (0 = off). Default 0. */
  keepAliveMs?: number
  /** Capabilities to announce. Default base:1.0 and base:1.1. */
  capabilities?: readonly string[]
  /** Largest message accepted from the server. Default 64 MiB. */
  maxMessageBytes?: number
  /** Largest 1.1 chunk sent. Default 1 MiB. */
  maxChunkBytes?: number
  /** Cancels connect and hello. */
  signal?: AbortSignal
}

/** NETCONF over SSH (the default transport; RFC 6242): the SSH transport's options (host, credentials, `hostKey`). */
export interface NetconfSshOptions extends NetconfSessionOptions, SshTransportOptions {
  transport?: 'ssh'
}

/** NETCONF over a Unix socket (netconfd's own socket, with yuma123's preamble). */
export interface NetconfUnixOptions extends NetconfSessionOptions {
  transport?: 'unix'
  path: string
  /** Written before the hello, e.g. `ncxConnectPreamble({ user })`. */
  preamble?: string | Uint8Array
}

/** NETCONF over plain TCP: nothing is encrypted or authenticated, so only for tests and trusted links. */
export interface NetconfTcpOptions extends NetconfSessionOptions {
  transport: 'tcp'
  host?: string
  port: number
  preamble?: string | Uint8Array
}

/** NETCONF over a transport of your own (an in-memory fake, TLS, a jump host). */
export interface NetconfCustomOptions extends NetconfSessionOptions {
  transport: NetconfTransport
}

/** Where and how to connect. */
export type NetconfConnectOptions = NetconfSshOptions | NetconfUnixOptions | NetconfTcpOptions | NetconfCustomOptions

/**
 * Opens NETCONF sessions. `NetconfClient.connect(opts)` opens one; an instance keeps options to
 * open several alike (e.g. two sessions contending for a lock).
 * @example
 * const session = await NetconfClient.connect({ host: '192.0.2.1', username: 'admin', privateKeyFile: '/home/me/.ssh/id_ed25519', hostKey: 'SHA256:…' })
 * const { xml } = await session.getConfig({ source: 'running' })
 * await session.close()
 */
export class NetconfClient {
  readonly #defaults: NetconfConnectOptions

  /** Keeps `defaults` for {@link NetconfClient.connect} calls. @example const client = new NetconfClient({ transport: 'tcp', port: 8300 }) */
  constructor(defaults: NetconfConnectOptions) {
    this.#defaults = defaults
  }

  /** Opens a session with the given options. @example const session = await NetconfClient.connect({ path: '/run/ncx.sock', preamble }) */
  static connect(opts: NetconfConnectOptions): Promise<NetconfSession> {
    return new NetconfClient(opts).connect()
  }

  /** Opens a session with the defaults, some overridden. @example const second = await client.connect({ timeoutMs: 5_000 }) */
  async connect(overrides: Partial<NetconfSessionOptions> = {}): Promise<NetconfSession> {
    const opts = { ...this.#defaults, ...overrides } as NetconfConnectOptions
    const [transport] = await Promise.all([openTransport(opts), loadConfigTreeParser()])
    const channelOpts: RpcChannelOptions = {}
    if (opts.helloTimeoutMs !== undefined) channelOpts.helloTimeoutMs = opts.helloTimeoutMs
    if (opts.timeoutMs !== undefined) channelOpts.timeoutMs = opts.timeoutMs
    if (opts.capabilities !== undefined) channelOpts.capabilities = opts.capabilities
    if (opts.maxMessageBytes !== undefined) channelOpts.maxMessageBytes = opts.maxMessageBytes
    if (opts.maxChunkBytes !== undefined) channelOpts.maxChunkBytes = opts.maxChunkBytes
    if (opts.signal !== undefined) channelOpts.signal = opts.signal
    return new NetconfSession(await RpcChannel.open(transport, channelOpts))
  }
}

function openTransport(opts: NetconfConnectOptions): Promise<NetconfTransport> {
  const common = { ...(opts.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: opts.connectTimeoutMs }), ...(opts.keepAliveMs === undefined ? {} : { keepAliveMs: opts.keepAliveMs }), ...(opts.signal ? { signal: opts.signal } : {}) }
  const t = opts.transport
  if (typeof t === 'object' && t !== null) return Promise.resolve(t)
  if (t === 'unix' || (t === undefined && 'path' in opts)) {
    const o = opts as NetconfUnixOptions
    if (typeof o.path !== 'string' || o.path === '') return Promise.reject(new InputError('a Unix socket transport needs path'))
    return connectSocketTransport({ ...common, path: o.path, ...(o.preamble === undefined ? {} : { preamble: o.preamble }) })
  }
  if (t === 'tcp') {
    const o = opts as NetconfTcpOptions
    if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) return Promise.reject(new InputError(`a TCP transport needs a port in 1..65535; got ${o.port}`))
    return connectSocketTransport({ ...common, host: o.host ?? '127.0.0.1', port: o.port, ...(o.preamble === undefined ? {} : { preamble: o.preamble }) })
  }
  if (t !== undefined && t !== 'ssh') return Promise.reject(new InputError(`transport must be 'ssh', 'unix', 'tcp' or a NetconfTransport; got ${JSON.stringify(t)}`))
  const o = opts as NetconfSshOptions
  const { transport: _t, helloTimeoutMs: _h, timeoutMs: _r, capabilities: _c, maxMessageBytes: _m, maxChunkBytes: _k, ...ssh } = o
  return connectSshTransport({ ...ssh, ...common })
}
