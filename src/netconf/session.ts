// src/netconf/session.ts — NetconfSession: the RFC 6241 operations over one RpcChannel, with capability checks before sending.
import { EventEmitter } from 'eventemitter3'
import { type ClientError, InputError } from '../core/errors.js'
import { ConfigTree } from './config-tree.js'
import { decodeXmlText } from './config-tree-text.js'
import { escapeXml } from './messages.js'
import type { RpcReply } from './rpc-reply.js'
import type { RpcChannel } from './rpc-session.js'
import type { ChannelAnomaly, NetconfNotification, RpcOptions } from './rpc-types.js'
import { ServerCapabilities } from './session-capabilities.js'
import {
  type CommitOptions,
  type ConfigInput,
  type Datastore,
  type EditConfigOptions,
  type NetconfFilter,
  type WithDefaults,
  commitXml,
  configXml,
  datastoreName,
  datastoreXml,
  editConfigXml,
  filterXml,
  nonEmpty,
  withDefaultsXml,
} from './session-args.js'
import { Subscription } from './subscription.js'

const NOTIFICATION_NS = 'urn:ietf:params:xml:ns:netconf:notification:1.0'
const MONITORING_NS = 'urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring'

/** The data of a get or get-config reply. */
export interface DataReply {
  /** The inner XML of `<data>`, as the server sent it. */
  xml: string
  /** The whole reply (warnings, raw XML). */
  reply: RpcReply
  /** The data as a tree rooted at `<config>`, ready to edit and send back with editConfig. */
  tree(): ConfigTree
}

/** Options of get. */
export interface NetconfGetOptions extends RpcOptions {
  filter?: NetconfFilter
  withDefaults?: WithDefaults
}

/** Options of get-config. */
export interface GetConfigOptions extends NetconfGetOptions {
  /** Default 'running'. */
  source?: Datastore
}

/** Options of subscribe (RFC 5277 create-subscription). */
export interface SubscribeOptions extends RpcOptions {
  /** Default `NETCONF`. */
  stream?: string
  filter?: NetconfFilter
  /** Replay from this time (needs a stream that supports replay). */
  startTime?: Date | string
  stopTime?: Date | string
}

/** Events of a NetconfSession: every notification, odd messages, and the end of the session. */
export interface NetconfSessionEvents {
  notification: [NetconfNotification]
  anomaly: [ChannelAnomaly]
  close: [ClientError | undefined]
}

/**
 * One NETCONF session: made by `NetconfClient.connect()`. Every operation takes `timeoutMs` and
 * `signal`, checks the capabilities it needs (InputError before anything is sent), resolves with
 * the reply or rejects with NetconfRpcError listing every `<rpc-error>`. Operations may run
 * concurrently: they are pipelined and the server answers in order.
 * @example
 * await using session = await NetconfClient.connect({ host: 'r1', username: 'admin', agent: true, hostKey })
 * await session.withLock('candidate', async () => {
 *   await session.editConfig({ target: 'candidate', config: '<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><hostname>r1</hostname></system>' })
 *   await session.commit()
 * })
 */
export class NetconfSession extends EventEmitter<NetconfSessionEvents> {
  /** What the server announced in its hello. */
  readonly capabilities: ServerCapabilities
  readonly #channel: RpcChannel
  #subscription: Subscription | undefined
  /** Set by close(): the server ending the session after our close-session is then a clean end. */
  #closing: Promise<void> | undefined

  /** Wraps an open channel; use `NetconfClient.connect()` instead. @example new NetconfSession(await RpcChannel.open(t)) */
  constructor(channel: RpcChannel) {
    super()
    this.#channel = channel
    this.capabilities = new ServerCapabilities(channel.serverCapabilities)
    channel.on('notification', (n) => this.emit('notification', n))
    channel.on('anomaly', (a) => this.emit('anomaly', a))
    channel.on('close', (e) => this.emit('close', this.#closing ? undefined : e))
  }

  /** The server's session-id. @example console.log(session.sessionId) */
  get sessionId(): number | undefined {
    return this.#channel.sessionId
  }

  /** `1.1` (chunked) once both sides announced base:1.1, else `1.0`. @example session.framing */
  get framing(): '1.0' | '1.1' {
    return this.#channel.framing
  }

  /** Whether the session has ended. @example if (session.closed) reconnect() */
  get closed(): boolean {
    return this.#channel.closed
  }

  /** Sends any operation (the XML inside `<rpc>`) and returns the reply. @example await session.rpc('<make-toast xmlns="http://netconfcentral.org/ns/toaster"/>') */
  async rpc(operation: string, opts: RpcOptions = {}): Promise<RpcReply> {
    if (typeof operation !== 'string' || operation.trim() === '') throw new InputError('rpc() needs the operation XML')
    return this.#channel.rpc(operation, opts)
  }

  /** Running configuration and state data. @example const { xml } = await session.get({ filter: { xpath: '/t:toaster', namespaces: { t: ns } } }) */
  async get(opts: NetconfGetOptions = {}): Promise<DataReply> {
    this.#checkFilter(opts.filter, 'get')
    if (opts.withDefaults) this.capabilities.require(':with-defaults', 'withDefaults')
    return dataReply(await this.#channel.rpc(`<get>${filterXml(opts.filter)}${withDefaultsXml(opts.withDefaults)}</get>`, opts))
  }

  /** Configuration of a datastore (default running). @example const tree = (await session.getConfig({ source: 'candidate' })).tree() */
  async getConfig(opts: GetConfigOptions = {}): Promise<DataReply> {
    const source = opts.source ?? 'running'
    this.#checkDatastore(source, 'getConfig')
    this.#checkFilter(opts.filter, 'getConfig')
    if (opts.withDefaults) this.capabilities.require(':with-defaults', 'withDefaults')
    const op = `<get-config><source>${datastoreXml(source, 'source')}</source>${filterXml(opts.filter)}${withDefaultsXml(opts.withDefaults)}</get-config>`
    return dataReply(await this.#channel.rpc(op, opts))
  }

  /** Loads configuration into a datastore (default candidate if the server has one, else running). @example await session.editConfig({ config: tree, defaultOperation: 'merge' }) */
  async editConfig(opts: EditConfigOptions & RpcOptions): Promise<RpcReply> {
    const target = opts.target ?? (this.capabilities.has(':candidate') ? 'candidate' : 'running')
    this.#checkDatastore(target, 'editConfig')
    if (target === 'running') this.capabilities.require(':writable-running', 'editConfig of running')
    if (opts.testOption !== undefined) this.capabilities.require(':validate', 'testOption')
    if (opts.errorOption === 'rollback-on-error') this.capabilities.require(':rollback-on-error', 'errorOption rollback-on-error')
    return this.#channel.rpc(editConfigXml(opts, target), opts)
  }

  /** Replaces a whole datastore with another or with given configuration. @example await session.copyConfig({ source: 'running', target: 'startup' }) */
  async copyConfig(opts: { source: Datastore | { config: ConfigInput }; target: Datastore } & RpcOptions): Promise<RpcReply> {
    this.#checkDatastore(opts.target, 'copyConfig')
    const src = typeof opts.source === 'object' && 'config' in opts.source ? configXml(opts.source.config) : this.#source(opts.source, 'copyConfig')
    return this.#channel.rpc(`<copy-config><target>${datastoreXml(opts.target, 'target')}</target><source>${src}</source></copy-config>`, opts)
  }

  /** Deletes a datastore (never running). @example await session.deleteConfig({ target: 'startup' }) */
  async deleteConfig(opts: { target: Datastore } & RpcOptions): Promise<RpcReply> {
    if (opts.target === 'running') throw new InputError('the running datastore cannot be deleted (RFC 6241 §7.4)')
    this.#checkDatastore(opts.target, 'deleteConfig')
    return this.#channel.rpc(`<delete-config><target>${datastoreXml(opts.target, 'target')}</target></delete-config>`, opts)
  }

  /** Locks a datastore for this session. A lock held elsewhere rejects with tag `lock-denied`. @example await session.lock('candidate') */
  async lock(target: Datastore, opts: RpcOptions = {}): Promise<RpcReply> {
    this.#checkDatastore(target, 'lock')
    return this.#channel.rpc(`<lock><target>${datastoreXml(target, 'target')}</target></lock>`, opts)
  }

  /** Releases a lock of this session. @example await session.unlock('candidate') */
  async unlock(target: Datastore, opts: RpcOptions = {}): Promise<RpcReply> {
    this.#checkDatastore(target, 'unlock')
    return this.#channel.rpc(`<unlock><target>${datastoreXml(target, 'target')}</target></unlock>`, opts)
  }

  /**
   * Locks `target`, runs `fn`, and unlocks in `finally`, whatever `fn` did. An unlock failure
   * after `fn` failed does not hide `fn`'s error.
   * @example await session.withLock('running', () => session.editConfig({ target: 'running', config }))
   */
  async withLock<T>(target: Datastore, fn: (session: this) => Promise<T> | T, opts: RpcOptions = {}): Promise<T> {
    await this.lock(target, opts)
    let failed = false
    try {
      return await fn(this)
    } catch (e) {
      failed = true
      throw e
    } finally {
      // A closed session dropped its locks with it; there is nothing to release.
      if (!this.closed) await this.unlock(target, { timeoutMs: opts.timeoutMs ?? 30_000 }).catch((e: unknown) => {
        if (!failed) throw e
      })
    }
  }

  /** Commits the candidate to running; confirmed and persistent commits need `:confirmed-commit`(`:1.1`). @example await session.commit({ confirmed: true, confirmTimeout: 120 }) */
  async commit(opts: CommitOptions & RpcOptions = {}): Promise<RpcReply> {
    this.capabilities.require(':candidate', 'commit')
    if (opts.confirmed || opts.confirmTimeout !== undefined) this.capabilities.require(':confirmed-commit', 'a confirmed commit')
    if (opts.persist !== undefined || opts.persistId !== undefined) this.capabilities.require(':confirmed-commit:1.1', 'persist/persistId')
    return this.#channel.rpc(commitXml(opts), opts)
  }

  /** Cancels an ongoing confirmed commit (`:confirmed-commit:1.1`); running goes back. @example await session.cancelCommit({ persistId: 'change-42' }) */
  async cancelCommit(opts: { persistId?: string } & RpcOptions = {}): Promise<RpcReply> {
    this.capabilities.require(':confirmed-commit:1.1', 'cancelCommit')
    const id = opts.persistId === undefined ? '' : `<persist-id>${nonEmpty(opts.persistId, 'persistId')}</persist-id>`
    return this.#channel.rpc(id ? `<cancel-commit>${id}</cancel-commit>` : '<cancel-commit/>', opts)
  }

  /** Resets the candidate to running. @example await session.discardChanges() */
  async discardChanges(opts: RpcOptions = {}): Promise<RpcReply> {
    this.capabilities.require(':candidate', 'discardChanges')
    return this.#channel.rpc('<discard-changes/>', opts)
  }

  /** Validates a datastore or given configuration (`:validate`). @example await session.validate({ source: 'candidate' }) */
  async validate(opts: { source?: Datastore | { config: ConfigInput } } & RpcOptions = {}): Promise<RpcReply> {
    this.capabilities.require(':validate', 'validate')
    const source = opts.source ?? 'candidate'
    const src = typeof source === 'object' && 'config' in source ? configXml(source.config) : this.#source(source, 'validate')
    return this.#channel.rpc(`<validate><source>${src}</source></validate>`, opts)
  }

  /** A YANG module's text (RFC 6022 get-schema). @example const yang = await session.getSchema({ identifier: 'toaster' }) */
  async getSchema(opts: { identifier: string; version?: string; format?: string } & RpcOptions): Promise<string> {
    let body = `<identifier>${nonEmpty(opts.identifier, 'identifier')}</identifier>`
    if (opts.version !== undefined) body += `<version>${escapeXml(opts.version)}</version>`
    body += `<format>${escapeXml(opts.format ?? 'yang')}</format>`
    const reply = await this.#channel.rpc(`<get-schema xmlns="${MONITORING_NS}">${body}</get-schema>`, opts)
    // The text exactly as sent (the parsed form trims it and leaves numeric references alone).
    const exact = reply.data === undefined ? undefined : schemaText(reply.data)
    if (exact !== undefined) return exact
    const data = reply.parsed['data']
    if (typeof data === 'string') return data
    const text = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['#text'] : undefined
    return typeof text === 'string' ? text : ''
  }

  /** Ends another session (releasing its locks). @example await session.killSession(7) */
  async killSession(sessionId: number, opts: RpcOptions = {}): Promise<RpcReply> {
    if (!Number.isSafeInteger(sessionId) || sessionId < 1) throw new InputError(`sessionId must be a positive integer; got ${sessionId}`)
    if (sessionId === this.sessionId) throw new InputError('a session cannot kill itself; use close()')
    return this.#channel.rpc(`<kill-session><session-id>${sessionId}</session-id></kill-session>`, opts)
  }

  /**
   * Starts the notification subscription of this session (RFC 5277: one per session) and
   * returns it. Notifications also arrive as the session's `notification` events.
   * @example const sub = await session.subscribe(); sub.on('notification', (n) => console.log(n.event))
   */
  async subscribe(opts: SubscribeOptions = {}): Promise<Subscription> {
    this.capabilities.require(':notification', 'subscribe')
    if (this.#subscription && !this.#subscription.ended) throw new InputError('this session already has a subscription (RFC 5277 allows one per session)')
    this.#checkFilter(opts.filter, 'subscribe')
    const stream = opts.stream ?? 'NETCONF'
    let body = `<stream>${nonEmpty(stream, 'stream')}</stream>${filterXml(opts.filter)}`
    if (opts.startTime !== undefined) body += `<startTime>${dateTime(opts.startTime, 'startTime')}</startTime>`
    if (opts.stopTime !== undefined) {
      if (opts.startTime === undefined) throw new InputError('stopTime needs startTime (RFC 5277 §2.1.1)')
      body += `<stopTime>${dateTime(opts.stopTime, 'stopTime')}</stopTime>`
    }
    // Listen before asking, so a notification sent right after the reply is not missed.
    const sub = new Subscription(this, stream)
    this.#subscription = sub
    try {
      await this.#channel.rpc(`<create-subscription xmlns="${NOTIFICATION_NS}">${body}</create-subscription>`, opts)
    } catch (e) {
      sub.stop()
      throw e
    }
    return sub
  }

  /**
   * Sends `<close-session>` (waiting at most 5 s) and closes the transport; the session then ends
   * cleanly (`close` with no error) even if the server hangs up first. Idempotent: concurrent calls
   * share one close-session. @example await session.close()
   */
  close(): Promise<void> {
    if (this.#channel.closed && !this.#closing) return Promise.resolve()
    this.#closing ??= (async () => {
      await this.#channel.rpc('<close-session/>', { timeoutMs: 5_000 }).catch(() => undefined)
      await this.#channel.close()
    })()
    return this.#closing
  }

  /** `await using session = …` closes it at the end of the scope. @example await using s = await NetconfClient.connect(opts) */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  #source(ds: Datastore, operation: string): string {
    this.#checkDatastore(ds, operation)
    return datastoreXml(ds, 'source')
  }

  #checkDatastore(ds: Datastore, operation: string): void {
    const name = datastoreName(ds)
    if (name === 'candidate') this.capabilities.require(':candidate', `${operation} on candidate`)
    else if (name === 'startup') this.capabilities.require(':startup', `${operation} on startup`)
    else if (name === 'url') this.capabilities.require(':url', `${operation} on a url`)
  }

  #checkFilter(filter: NetconfFilter | undefined, operation: string): void {
    if (filter !== undefined && typeof filter === 'object' && 'xpath' in filter) this.capabilities.require(':xpath', `${operation} with an xpath filter`)
  }
}

function dataReply(reply: RpcReply): DataReply {
  const xml = reply.data ?? ''
  let tree: ConfigTree | undefined
  return {
    xml,
    reply,
    tree: () => (tree ??= xml.trim() === '' ? new ConfigTree() : ConfigTree.parse(xml, { wrap: 'always' })),
  }
}

/** The character data of `<data>` content holding only text and CDATA sections, references decoded; undefined if it holds elements. */
function schemaText(raw: string): string | undefined {
  const parts = raw.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
  if (parts.some((part, i) => i % 2 === 0 && part.includes('<'))) return undefined
  return parts.map((part, i) => (i % 2 === 1 ? part.slice(9, -3) : decodeXmlText(part))).join('')
}

function dateTime(value: Date | string, what: string): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) throw new InputError(`${what} must be a Date or an RFC 3339 date-time; got ${JSON.stringify(value)}`)
  return date.toISOString()
}
