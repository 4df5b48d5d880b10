// src/testing/netconf-device.ts — startFakeNetconfDevice(): an RFC 6241 NETCONF server in process, over TCP, a Unix socket or an in-memory pair, with test hooks.
import { lstat, unlink } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { ConfigTree, loadConfigTreeParser } from '../netconf/config-tree.js'
import type { NetconfTransport } from '../netconf/rpc-types.js'
import { featureCapabilities, featuresOf, moduleCapability, type FakeNetconfFeatures, type FakeYangModule } from './netconf-capabilities.js'
import { endSessionState } from './netconf-commit.js'
import type { DeviceState, RpcHandler, SessionHandle } from './netconf-context.js'
import { FakeDatastores, type DatastoreName } from './netconf-datastore.js'
import type { FakeSchemaHints } from './netconf-edit.js'
import type { FakeRpcError } from './netconf-errors.js'
import { FakeNetconfFaults } from './netconf-faults.js'
import { createTransportPair } from './netconf-pair.js'
import { BUILTIN_RPCS, rpcKey } from './netconf-rpcs.js'
import { DEFAULT_RUNNING, SYSTEM_MODULE, TOASTER_MODULE } from './netconf-schemas.js'
import { NOTIFICATION_NS, passesFilter } from './netconf-session-rpcs.js'
import { FakeNetconfSession, type FakeRpcRecord, type SessionHost, type SessionLink } from './netconf-session.js'
import { DEFAULT_TOASTER_DONE_MS } from './netconf-toaster.js'

/**
 * Options of {@link startFakeNetconfDevice}.
 * @example startFakeNetconfDevice({ running: '<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><hostname>r1</hostname></system>', capabilities: { candidate: false } })
 */
export interface FakeNetconfDeviceOptions {
  /** TCP port on `host` (0: any free one, the default); `false`: no TCP listener. */
  port?: number | false
  /** Default `127.0.0.1`. */
  host?: string
  /** Also (or, with `port: false`, only) listen on this Unix socket; a stale socket file is replaced. */
  path?: string
  /** Initial running configuration: `<config>` content (or a `<config>` element). Default a hostname and `/toaster`. */
  running?: string
  /** Initial startup configuration. Default a copy of running. */
  startup?: string
  /** Protocol features to switch off (`{ candidate: false }`), or the full list of capability URIs to announce. */
  capabilities?: FakeNetconfFeatures | readonly string[]
  /** Served YANG modules (get-schema, module capabilities). Default toaster and ietf-system. */
  modules?: readonly FakeYangModule[]
  /** List keys and leaf-lists, for edit-config and filters (the fake has no YANG parser). */
  schema?: FakeSchemaHints
  /** State data merged into `<get>` replies, e.g. `<interfaces-state xmlns="…">…</interfaces-state>`. */
  state?: string
  /** Validates a configuration about to be committed, validated or tested; returned errors refuse it. */
  validate?: (tree: ConfigTree, datastore: DatastoreName) => FakeRpcError[] | undefined | void
  /** Extra operations, or replacements of built-in ones. */
  rpcs?: readonly { namespace: string; name: string; handler: RpcHandler }[]
  /** Time from make-toast to the toastDone notification. Default 20 ms. */
  toasterDoneMs?: number
  /** Largest accepted message; a larger one ends the session. Default 16 MiB. */
  maxMessageBytes?: number
  /** Largest 1.1 chunk the device sends (small values split replies into many chunks). Default 1 MiB. */
  maxChunkBytes?: number
  /** Delay before every reply. Default 0. */
  replyDelayMs?: number
  /** A session whose client sends no hello within this time is closed. Default 30 000 ms. */
  helloTimeoutMs?: number
}

/**
 * A running fake NETCONF device (see {@link startFakeNetconfDevice}).
 * @example const device = await startFakeNetconfDevice(); …; await device.close()
 */
export interface FakeNetconfDevice {
  /** The TCP port, when listening on TCP. */
  readonly port: number | undefined
  readonly host: string
  /** The Unix socket path, when listening on one. */
  readonly path: string | undefined
  /** What the server hello announces. */
  readonly capabilities: readonly string[]
  /** Ids of the open sessions, in the order they started. */
  readonly sessions: readonly number[]
  /** The datastores (replaced on every change: read them again after an RPC; do not edit them). */
  readonly running: ConfigTree
  readonly candidate: ConfigTree
  readonly startup: ConfigTree
  /** Lock holders (session ids) by datastore. */
  readonly locks: ReadonlyMap<DatastoreName, number>
  /** A confirmed commit waits for its confirmation. */
  readonly confirmedCommitPending: boolean
  /** Every RPC received, in order. */
  readonly rpcLog: readonly FakeRpcRecord[]
  readonly faults: FakeNetconfFaults
  /** A datastore as XML (its `<config>` element). @example device.datastoreXml('candidate') */
  datastoreXml(name: DatastoreName): string
  /** Replaces a datastore behind the clients' backs. @example device.setDatastore('running', '<system xmlns="…"><hostname>x</hostname></system>') */
  setDatastore(name: DatastoreName, xml: string): void
  /** Operation names received, from every session or one. @example device.operations(channel.sessionId) // ['lock', 'edit-config'] */
  operations(sessionId?: number): string[]
  /** Sends an event to every subscribed session whose filter lets it through; returns how many got it. @example device.notify('<linkDown xmlns="urn:ex"/>') */
  notify(eventXml: string, opts?: { eventTime?: string | Date }): number
  /** A new session over an in-memory transport (the client side). @example const channel = await RpcChannel.open(device.connectPair()) */
  connectPair(): NetconfTransport
  /** Ends a session as kill-session would; false when there is no such session. @example device.killSession(3) */
  killSession(id: number): boolean
  /** Ends every session, cancels timers, closes the listeners. @example await device.close() */
  close(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * Starts a fake NETCONF device: the hello with session-id and capabilities, 1.0 then 1.1 framing,
 * running/candidate/startup datastores, get/get-config with subtree and XPath filters, edit-config,
 * copy/delete-config, locks, commit with confirmed commit, validate, get-schema, kill/close-session,
 * notifications and yuma123's toaster — plus faults and logs for tests.
 * @example
 * const device = await startFakeNetconfDevice()
 * const channel = await RpcChannel.open(await connectSocketTransport({ host: '127.0.0.1', port: device.port }))
 * const reply = await channel.rpc('<get-config><source><running/></source></get-config>')
 */
export async function startFakeNetconfDevice(opts: FakeNetconfDeviceOptions = {}): Promise<FakeNetconfDevice> {
  await loadConfigTreeParser()
  const running = ConfigTree.parse(opts.running ?? DEFAULT_RUNNING)
  const store = new FakeDatastores(running, opts.startup === undefined ? running : ConfigTree.parse(opts.startup))
  const modules = opts.modules ?? [TOASTER_MODULE, SYSTEM_MODULE]
  const explicit = Array.isArray(opts.capabilities) ? (opts.capabilities as readonly string[]) : undefined
  const capabilities = explicit ? [...explicit] : [...featureCapabilities((opts.capabilities ?? {}) as FakeNetconfFeatures), ...modules.map(moduleCapability)]
  const sessions = new Map<number, SessionHandle>()
  const live = new Map<number, FakeNetconfSession>()
  const rpcs = new Map(BUILTIN_RPCS)
  for (const r of opts.rpcs ?? []) rpcs.set(rpcKey(r.namespace, r.name), r.handler)
  const state: DeviceState = {
    store,
    features: featuresOf(capabilities),
    capabilities,
    hints: opts.schema ?? {},
    schemas: new Map(modules.map((m) => [m.identifier, m])),
    sessions,
    toasterDoneMs: opts.toasterDoneMs ?? DEFAULT_TOASTER_DONE_MS,
    stateXml: opts.state,
    validate: opts.validate,
    pendingCommit: undefined,
    toast: undefined,
    notify: (xml) => void notify(xml),
  }
  const rpcLog: FakeRpcRecord[] = []
  const faults = new FakeNetconfFaults()
  const host: SessionHost = {
    state,
    faults,
    rpcs,
    rpcLog,
    maxMessageBytes: opts.maxMessageBytes ?? 16 * 1024 * 1024,
    maxChunkBytes: opts.maxChunkBytes,
    replyDelayMs: opts.replyDelayMs ?? 0,
    helloTimeoutMs: opts.helloTimeoutMs ?? 30_000,
    ended: (s) => {
      sessions.delete(s.id)
      live.delete(s.id)
      endSessionState(state, s.id)
    },
  }
  let nextId = 1
  const open = (link: SessionLink, transport: string): FakeNetconfSession => {
    const s = new FakeNetconfSession(nextId++, link, host, transport)
    sessions.set(s.id, s)
    live.set(s.id, s)
    return s
  }
  const notify = (eventXml: string, eventTime: string | Date = new Date()): number => {
    const time = typeof eventTime === 'string' ? eventTime : eventTime.toISOString()
    const xml = `<notification xmlns="${NOTIFICATION_NS}"><eventTime>${time}</eventTime>${eventXml}</notification>`
    let sent = 0
    for (const s of live.values()) {
      if (!s.subscription || !passesFilter(state, eventXml, s.subscription.filter)) continue
      s.sendNotification(xml)
      sent++
    }
    return sent
  }

  const servers: Server[] = []
  const sockets = new Set<Socket>()
  const listen = async (where: { port: number; host: string } | { path: string }, transport: string): Promise<Server> => {
    const server = createServer((socket) => {
      sockets.add(socket)
      socket.setNoDelay?.(true)
      const s = open({ write: (b) => void socket.write(b), end: () => void socket.end() }, transport)
      socket.on('data', (b) => s.receive(b))
      socket.on('error', () => undefined) // the close that follows ends the session
      socket.once('close', () => {
        sockets.delete(socket)
        s.linkClosed()
      })
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(where, () => (server.off('error', reject), resolve()))
    })
    servers.push(server)
    return server
  }
  let port: number | undefined
  const tcpHost = opts.host ?? '127.0.0.1'
  try {
    if (opts.port !== false) {
      const address = (await listen({ port: opts.port ?? 0, host: tcpHost }, 'netconf-tcp')).address()
      port = typeof address === 'object' && address ? address.port : undefined
    }
    if (opts.path !== undefined) {
      // An unclean exit leaves the socket file behind (netconfd pitfall 8): replace only a socket.
      const st = await lstat(opts.path).catch(() => undefined)
      if (st?.isSocket()) await unlink(opts.path)
      await listen({ path: opts.path }, 'netconf-unix')
    }
  } catch (e) {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
    throw e
  }

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const s of [...live.values()]) s.kill()
      if (state.pendingCommit) clearTimeout(state.pendingCommit.timer)
      state.pendingCommit = undefined
      if (state.toast) clearTimeout(state.toast)
      state.toast = undefined
      const force = setTimeout(() => {
        for (const sock of sockets) sock.destroy()
      }, 500)
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
      clearTimeout(force)
    })()
    return closing
  }

  return {
    port,
    host: tcpHost,
    path: opts.path,
    capabilities,
    get sessions() {
      return [...sessions.keys()]
    },
    get running() {
      return store.get('running')
    },
    get candidate() {
      return store.get('candidate')
    },
    get startup() {
      return store.get('startup')
    },
    locks: store.locks,
    get confirmedCommitPending() {
      return state.pendingCommit !== undefined
    },
    rpcLog,
    faults,
    datastoreXml: (name) => store.get(name).toXml(),
    setDatastore: (name, xml) => store.set(name, ConfigTree.parse(xml)),
    operations: (id) => rpcLog.filter((r) => id === undefined || r.sessionId === id).map((r) => r.operation),
    notify: (eventXml, o = {}) => notify(eventXml, o.eventTime),
    connectPair: () => createTransportPair((link) => open(link, 'in-memory')),
    killSession: (id) => {
      const s = live.get(id)
      s?.kill()
      return s !== undefined
    },
    close,
    [Symbol.asyncDispose]: close,
  }
}
