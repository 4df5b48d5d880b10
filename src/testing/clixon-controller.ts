// src/testing/clixon-controller.ts — a fake Clixon controller on a Unix socket: services-commit transactions against an in-memory actions datastore.
import { lstat, unlink } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { loadXmlParser } from '../core/xml.js'
import { ConfigTree, loadConfigTreeParser, type ConfigNode } from '../netconf/config-tree.js'
import { escapeXml } from '../netconf/messages.js'
import { CONTROLLER_NS } from '../netconf/service-messages.js'
import { DEFAULT_LIST_KEYS, mergeConfig, selectXml } from './clixon-datastore.js'
import { ClixonSession, FakeRpcFailure, type ClixonSessionHost } from './clixon-session.js'

const NOTIFICATION_NS = 'urn:ietf:params:xml:ns:netconf:notification:1.0'

/** Options of {@link startFakeClixonController}. */
export interface FakeClixonControllerOptions {
  /** Where to listen (a stale socket file there is replaced). */
  socketPath: string
  /** Initial content of the `actions` datastore: XML of its top-level elements (or a `<config>`). */
  config?: string
  /** The user transactions are recorded for, unless `commit()` names one. Default `admin`. */
  user?: string
  /** The hello's `cl:username`. Default `clicon`. */
  username?: string
  /** How long a transaction waits for the services client. Default 300 000 ms, the controller's service-timeout. */
  serviceTimeoutMs?: number
  /** Leaf names that key list entries when merging (no YANG here). Default `DEFAULT_LIST_KEYS`. */
  listKeys?: readonly string[]
}

/** Options of {@link FakeClixonController.commit}. */
export interface FakeCommitOptions {
  /** `<service>` entries, e.g. `ssh-users[instance='a']`. None: every service. */
  services?: readonly string[]
  diff?: boolean
  /** The transaction's user (what the runner's `<get>` of `/transactions` finds). */
  user?: string
  /** Pretend the device push failed after the services were done: the result is FAILED with this reason. */
  pushFails?: string
  /** This commit's own service timeout. */
  timeoutMs?: number
}

/** How a transaction ended. */
export interface FakeTransactionResult {
  tid: string
  /** `done`: transaction-actions-done came; `error`: transaction-error came; `timeout`: neither in time. */
  outcome: 'done' | 'error' | 'timeout'
  /** The transaction-error `<reason>`, the timeout, or the push failure. */
  reason?: string
  /** The `<service>` entries of transaction-actions-done. */
  services: string[]
  /** The `<config>` content of each edit-config received during the transaction. */
  edits: string[]
  /** The actions datastore afterwards (top-level elements). */
  config: string
  /** What the controller-transaction notification said. */
  result: 'SUCCESS' | 'FAILED'
}

/** A running fake controller. */
export interface FakeClixonController {
  readonly socketPath: string
  /** The live actions datastore. */
  readonly actions: ConfigTree
  /** Every RPC received, as XML, in order. */
  readonly rpcLog: readonly string[]
  /** The number of open client connections. */
  readonly sessionCount: number
  /** Starts a transaction: sends services-commit to the subscriber and waits for its answer. */
  commit(opts?: FakeCommitOptions): Promise<FakeTransactionResult>
  /** The actions datastore as XML (top-level elements). */
  configXml(): string
  /** Sends a notification event (inner XML) to every session subscribed to `stream`. */
  notify(stream: string, eventXml: string): void
  close(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

interface Pending {
  tid: string
  edits: string[]
  timer: NodeJS.Timeout
  pushFails: string | undefined
  finish(outcome: FakeTransactionResult['outcome'], reason?: string, services?: string[]): void
}

class Controller implements ClixonSessionHost {
  readonly rpcLog: string[] = []
  readonly sessions = new Set<ClixonSession>()
  readonly pending = new Map<string, Pending>()
  readonly transactions = new ConfigTree()
  readonly username: string
  #nextTid = 1
  #servicesClient: ClixonSession | undefined

  constructor(
    readonly opts: FakeClixonControllerOptions,
    readonly actions: ConfigTree,
  ) {
    this.username = opts.username ?? 'clicon'
    this.transactions.create('transactions', { namespace: CONTROLLER_NS })
  }

  handle(session: ClixonSession, op: ConfigNode): string | 'ok' {
    const keys = this.opts.listKeys ?? DEFAULT_LIST_KEYS
    const select = (): string => op.child('filter')?.attribute('select') ?? '/'
    switch (op.name) {
      case 'create-subscription': {
        const stream = op.child('stream')?.text ?? 'NETCONF'
        if (stream === 'services-commit') {
          if (this.#servicesClient && this.#servicesClient !== session && this.#servicesClient.open) throw new FakeRpcFailure('services-commit client already registered')
          this.#servicesClient = session
        }
        session.streams.add(stream)
        return 'ok'
      }
      case 'get':
        return selectXml(this.transactions, select(), keys)
      case 'get-config': {
        const source = op.child('source')?.children()[0]?.name
        if (source !== 'actions') throw new FakeRpcFailure(`the fake controller serves the actions datastore, not ${source ?? 'nothing'}`, 'invalid-value', 'protocol')
        return selectXml(this.actions, select(), keys)
      }
      case 'edit-config':
        return this.#edit(op, keys)
      case 'transaction-actions-done':
      case 'transaction-error': {
        const tid = op.child('tid')?.text ?? ''
        const p = this.pending.get(tid)
        if (!p) throw new FakeRpcFailure(`no transaction ${tid} is waiting for the services client`, 'invalid-value')
        const services = op.children('service').map((s) => s.text)
        const reason = op.child('reason')?.text
        setImmediate(() => (op.name === 'transaction-error' ? p.finish('error', reason) : p.finish('done', undefined, services)))
        return 'ok'
      }
      case 'close-session':
        setImmediate(() => session.destroy())
        return 'ok'
      default:
        throw new FakeRpcFailure(`the fake controller does not support <${op.name}>`, 'operation-not-supported', 'protocol')
    }
  }

  #edit(op: ConfigNode, keys: readonly string[]): 'ok' {
    const target = op.child('target')?.children()[0]?.name
    if (target !== 'actions') throw new FakeRpcFailure(`the fake controller edits the actions datastore, not ${target ?? 'nothing'}`, 'invalid-value', 'protocol')
    const config = op.child('config')
    if (!config) throw new FakeRpcFailure('edit-config without <config>', 'missing-element', 'protocol')
    const defaultOp = op.child('default-operation')?.text ?? 'merge'
    if (defaultOp === 'replace') for (const c of this.actions.children()) c.delete()
    mergeConfig(this.actions, config, keys)
    const xml = config
      .children()
      .map((c) => c.toXml())
      .join('')
    // The services client answers transactions in order: an edit belongs to the oldest one waiting.
    this.pending.values().next().value?.edits.push(xml)
    return 'ok'
  }

  closed(session: ClixonSession): void {
    this.sessions.delete(session)
    if (this.#servicesClient === session) this.#servicesClient = undefined
  }

  broadcast(stream: string, eventXml: string): void {
    const message = `<notification xmlns="${NOTIFICATION_NS}"><eventTime>${new Date().toISOString()}</eventTime>${eventXml}</notification>`
    for (const s of this.sessions) if (s.streams.has(stream)) s.send(message)
  }

  #record(tid: string, user: string): ConfigNode {
    const t = (this.transactions.child('transactions') as ConfigNode).create('transaction')
    t.create('tid', { text: tid })
    t.create('username', { text: user })
    t.create('result', { text: 'INIT' })
    return t
  }

  commit(opts: FakeCommitOptions): Promise<FakeTransactionResult> {
    const tid = String(this.#nextTid++)
    const user = opts.user ?? this.opts.user ?? 'admin'
    const record = this.#record(tid, user)
    return new Promise((resolve) => {
      const ms = opts.timeoutMs ?? this.opts.serviceTimeoutMs ?? 300_000
      const p: Pending = {
        tid,
        edits: [],
        pushFails: opts.pushFails,
        timer: setTimeout(() => p.finish('timeout', `no answer from the services client within ${ms} ms`), ms),
        finish: (outcome, reason, services = []) => {
          if (!this.pending.delete(tid)) return
          clearTimeout(p.timer)
          const failure = outcome === 'done' ? p.pushFails : (reason ?? outcome)
          const result = failure === undefined ? 'SUCCESS' : 'FAILED'
          record.child('result')?.setText(result)
          const why = failure === undefined ? '' : `<origin>${outcome === 'error' ? 'pyapi' : 'controller'}</origin><reason>${escapeXml(failure)}</reason>`
          this.broadcast('controller-transaction', `<controller-transaction xmlns="${CONTROLLER_NS}"><tid>${tid}</tid><username>${escapeXml(user)}</username><result>${result}</result>${why}</controller-transaction>`)
          const out: FakeTransactionResult = { tid, outcome, services, edits: p.edits, config: this.configXml(), result }
          const said = outcome === 'done' ? p.pushFails : reason
          if (said !== undefined) out.reason = said
          resolve(out)
        },
      }
      this.pending.set(tid, p)
      const client = this.#servicesClient
      if (!client?.open) return p.finish('error', 'no services-commit client is registered')
      const services = (opts.services ?? []).map((s) => `<service>${escapeXml(s)}</service>`).join('')
      const diff = opts.diff === undefined ? '' : `<diff>${opts.diff}</diff>`
      client.send(
        `<notification xmlns="${NOTIFICATION_NS}"><eventTime>${new Date().toISOString()}</eventTime><services-commit xmlns="${CONTROLLER_NS}"><tid>${tid}</tid><source>actions</source><target>actions</target>${diff}${services}</services-commit></notification>`,
      )
    })
  }

  configXml(): string {
    return this.actions
      .children()
      .map((c) => c.toXml())
      .join('')
  }
}

/** A datastore from XML: a `<config>` element, or any number of top-level elements. */
function parseDatastore(xml: string): ConfigTree {
  if (xml.trim() === '') return new ConfigTree()
  const tree = ConfigTree.parse(`<config>${xml}</config>`)
  const only = tree.children()
  const inner = only.length === 1 && only[0]?.name === 'config' ? only[0] : undefined
  return inner ? ConfigTree.parse(inner.toXml()) : tree
}

async function removeStaleSocket(path: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined)
  if (info?.isSocket()) await unlink(path)
}

/**
 * Starts a fake Clixon controller backend on a Unix socket, for ServiceRunner tests and local
 * service development: the same framing (1.1 chunks from the first byte), hello (`cl:username`),
 * fixed message-id echo, single services-commit subscriber, `actions` datastore and
 * controller-transaction notifications as the real one (see docs: netconf-clixon §1).
 *
 * @example
 * const ctl = await startFakeClixonController({ socketPath: join(tmpdir(), 'ctl.sock'), config: '<services xmlns="urn:example:svc"/>' })
 * const result = await ctl.commit({ services: ["ssh-users[instance='a']"] })
 * console.log(result.outcome, result.edits)
 * await ctl.close()
 */
export async function startFakeClixonController(opts: FakeClixonControllerOptions): Promise<FakeClixonController> {
  await Promise.all([loadXmlParser(), loadConfigTreeParser()])
  const actions = parseDatastore(opts.config ?? '')
  const ctl = new Controller(opts, actions)
  const server: Server = createServer((socket) => {
    ctl.sessions.add(new ClixonSession(socket, ctl))
  })
  await removeStaleSocket(opts.socketPath)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.socketPath, () => {
      server.off('error', reject)
      resolve()
    })
  })
  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const p of [...ctl.pending.values()]) p.finish('timeout', 'the fake controller closed')
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const s of ctl.sessions) s.destroy()
      await stopped
      await removeStaleSocket(opts.socketPath)
    })()
    return closing
  }
  return {
    socketPath: opts.socketPath,
    actions,
    rpcLog: ctl.rpcLog,
    get sessionCount() {
      return ctl.sessions.size
    },
    commit: (o = {}) => ctl.commit(o),
    configXml: () => ctl.configXml(),
    notify: (stream, eventXml) => ctl.broadcast(stream, eventXml),
    close,
    [Symbol.asyncDispose]: close,
  }
}
