// src/testing/netconf-session.ts — one server-side session of the fake NETCONF device: framing, hello exchange, RPCs answered in order, faults.
import { ConfigTree, type ConfigNode } from '../netconf/config-tree.js'
import { encodeFrame } from '../netconf/framing-encode.js'
import { FrameDecoder, type Framing } from '../netconf/framing.js'
import { CAP_BASE_10, CAP_BASE_11, NETCONF_NS, escapeXml, readStartTag } from '../netconf/messages.js'
import type { DeviceState, RpcHandler, SessionCounters, SessionHandle } from './netconf-context.js'
import { RpcFailure, rpcErrorXml, type FakeRpcError } from './netconf-errors.js'
import type { FakeNetconfFault, FakeNetconfFaults } from './netconf-faults.js'
import { rpcKey } from './netconf-rpcs.js'

/** The byte pipe to one client, server side. */
export interface SessionLink {
  write(bytes: Buffer): void
  /** Ends the connection after what was written. */
  end(): void
}

/** One received RPC, as `device.rpcLog` records it. */
export interface FakeRpcRecord {
  sessionId: number
  /** Local name of the operation, e.g. `edit-config`. */
  operation: string
  messageId: string | undefined
  /** The whole `<rpc>` message. */
  xml: string
}

/** What a session needs from its device. */
export interface SessionHost {
  readonly state: DeviceState
  readonly faults: FakeNetconfFaults
  readonly rpcs: ReadonlyMap<string, RpcHandler>
  readonly rpcLog: FakeRpcRecord[]
  readonly maxMessageBytes: number
  readonly maxChunkBytes: number | undefined
  readonly replyDelayMs: number
  readonly helloTimeoutMs: number
  /** Called once when the session ends, however it ends. */
  ended(session: FakeNetconfSession): void
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * A server-side NETCONF session: sends its hello at once (1.0 framing), validates the client's
 * (a missing, garbled or session-id-carrying hello ends the session), switches to 1.1 chunks when
 * both speak base:1.1, and answers RPCs one after another, so pipelined replies keep their order.
 * @example const s = new FakeNetconfSession(7, link, host, 'netconf-tcp'); socket.on('data', (b) => s.receive(b))
 */
export class FakeNetconfSession implements SessionHandle {
  readonly id: number
  readonly loginTime = new Date().toISOString()
  readonly transport: string
  readonly counters: SessionCounters = { inRpcs: 0, inBadRpcs: 0, outRpcErrors: 0, outNotifications: 0 }
  subscription: SessionHandle['subscription']
  /** The client's capabilities, once its hello arrived. */
  clientCapabilities: string[] = []
  readonly #link: SessionLink
  readonly #host: SessionHost
  readonly #decoder: FrameDecoder
  #framing: Framing = '1.0'
  #helloDone = false
  #closed = false
  #queue: Promise<void> = Promise.resolve()
  #helloTimer: ReturnType<typeof setTimeout> | undefined
  readonly #timers = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: () => void }>()

  constructor(id: number, link: SessionLink, host: SessionHost, transport: string) {
    this.id = id
    this.#link = link
    this.#host = host
    this.transport = transport
    this.#decoder = new FrameDecoder({ maxMessageBytes: host.maxMessageBytes })
    void this.#sendHello()
    this.#helloTimer = setTimeout(() => this.kill(), host.helloTimeoutMs)
    this.#helloTimer.unref?.()
  }

  /** Whether the session has ended. @example if (session.closed) … */
  get closed(): boolean {
    return this.#closed
  }

  /** The framing in use after the hello exchange. @example session.framing // '1.1' */
  get framing(): Framing {
    return this.#framing
  }

  /** Bytes from the client. Broken framing or an oversized message ends the session. @example socket.on('data', (b) => session.receive(b)) */
  receive(bytes: Uint8Array): void {
    if (this.#closed) return
    try {
      this.#decoder.push(bytes)
      for (let m = this.#decoder.next(); m && !this.#closed; m = this.#decoder.next()) this.#message(m)
    } catch {
      this.kill() // a NETCONF peer cannot resync after a framing error
    }
  }

  /** The connection closed under the session. @example socket.on('close', () => session.linkClosed()) */
  linkClosed(): void {
    this.#terminate(false)
  }

  /** Ends the session now (kill-session, close-session, device close). @example session.kill() */
  kill(): void {
    this.#terminate(true)
  }

  /** Sends a wrapped `<notification>` when the session is open. @example session.sendNotification(xml) */
  sendNotification(xml: string): void {
    if (this.#closed || !this.#helloDone) return
    this.counters.outNotifications++
    this.#send(xml)
  }

  #terminate(endLink: boolean): void {
    if (this.#closed) return
    this.#closed = true
    clearTimeout(this.#helloTimer)
    for (const t of this.#timers) {
      clearTimeout(t.timer)
      t.resolve()
    }
    this.#timers.clear()
    if (endLink) this.#link.end()
    this.#host.ended(this)
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.#closed) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const entry = { timer: setTimeout(() => (this.#timers.delete(entry), resolve()), ms), resolve }
      this.#timers.add(entry)
    })
  }

  #send(xml: string, framing = this.#framing): void {
    if (this.#closed) return
    try {
      this.#link.write(encodeFrame(xml, framing, this.#host.maxChunkBytes === undefined ? {} : { maxChunkBytes: this.#host.maxChunkBytes }))
    } catch {
      this.kill()
    }
  }

  async #sendHello(): Promise<void> {
    const fault = this.#host.faults.take('hello', this.id)
    if (fault?.delayMs) await this.#sleep(fault.delayMs)
    if (this.#closed || (fault && this.#disrupt(fault))) return
    const caps = this.#host.state.capabilities.map((c) => `<capability>${escapeXml(c)}</capability>`).join('')
    // Always 1.0 (RFC 6242 §4.1): a delayed hello may follow the client's, which already switched the session to 1.1.
    this.#send(`<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NETCONF_NS}"><capabilities>${caps}</capabilities><session-id>${this.id}</session-id></hello>`, '1.0')
  }

  /** Applies a fault's disruptive effect; true when it replaces the normal answer. */
  #disrupt(fault: FakeNetconfFault): boolean {
    if (fault.drop) return true
    if (fault.closeSession) return this.kill(), true
    if (fault.garbage !== undefined && fault.garbage !== false) {
      const text = typeof fault.garbage === 'string' ? fault.garbage : this.#framing === '1.1' ? '\n#zz\nnot a chunk\n##\n' : '<garbage'.repeat(3)
      this.#link.write(Buffer.from(this.#framing === '1.0' && fault.garbage === true ? `${text}]]>]]>` : text, 'utf8'))
      return true
    }
    if (fault.message !== undefined) return this.#send(fault.message), true
    return false
  }

  #message(bytes: Buffer): void {
    let xml: string
    try {
      xml = utf8.decode(bytes)
    } catch {
      xml = ''
    }
    if (!this.#helloDone) return this.#clientHello(xml)
    this.#queue = this.#queue.then(() => this.#rpc(xml)).catch(() => this.kill())
  }

  #clientHello(xml: string): void {
    const root = readStartTag(xml)
    if (root?.name === 'ncx-connect') return // yuma123's Unix-socket preamble: accepted and ignored
    let hello: ConfigNode | undefined
    try {
      hello = root?.name === 'hello' ? ConfigTree.parse(xml, { wrap: 'never' }) : undefined
    } catch {
      hello = undefined
    }
    const caps = hello?.child('capabilities')?.children('capability').map((c) => c.text.trim()) ?? []
    const common = (cap: string): boolean => caps.includes(cap) && this.#host.state.capabilities.includes(cap)
    // RFC 6241 §8.1: a client hello with a session-id, or without a common base version, ends the session.
    if (!hello || hello.namespace !== NETCONF_NS || hello.child('session-id') || !(common(CAP_BASE_10) || common(CAP_BASE_11))) return this.kill()
    this.clientCapabilities = caps
    this.#helloDone = true
    clearTimeout(this.#helloTimer)
    if (common(CAP_BASE_11)) {
      this.#decoder.switchTo11()
      this.#framing = '1.1'
    }
  }

  async #rpc(xml: string): Promise<void> {
    if (this.#closed) return
    let rpc: ConfigNode
    try {
      rpc = ConfigTree.parse(xml, { wrap: 'never', maxBytes: this.#host.maxMessageBytes })
    } catch (e) {
      this.counters.inBadRpcs++
      return this.#reply('', [{ type: 'rpc', tag: 'malformed-message', message: `malformed message: ${e instanceof Error ? e.message : String(e)}` }])
    }
    const attrs = replyAttributes(xml)
    if (rpc.name !== 'rpc' || rpc.namespace !== NETCONF_NS) {
      this.counters.inBadRpcs++
      return this.#reply(attrs, [{ type: 'rpc', tag: 'unknown-element', path: `/${rpc.qualifiedName}`, message: `expected <rpc>, got <${rpc.qualifiedName}>`, info: { 'bad-element': rpc.name } }])
    }
    const messageId = rpc.attribute('message-id')
    const op = rpc.children()[0]
    this.#host.rpcLog.push({ sessionId: this.id, operation: op?.name ?? '', messageId, xml })
    this.counters.inRpcs++
    if (messageId === undefined) {
      this.counters.inBadRpcs++
      return this.#reply(attrs, [{ type: 'rpc', tag: 'missing-attribute', path: '/nc:rpc', message: 'the <rpc> has no message-id', info: { 'bad-attribute': 'message-id', 'bad-element': 'rpc' } }])
    }
    if (!op) return this.#reply(attrs, [{ type: 'protocol', tag: 'missing-element', path: '/nc:rpc', message: 'the <rpc> holds no operation', info: { 'bad-element': 'rpc' } }])
    const fault = this.#host.faults.take(op.name, this.id)
    if (fault?.delayMs) await this.#sleep(fault.delayMs)
    await this.#sleep(this.#host.replyDelayMs)
    if (this.#closed || (fault && this.#disrupt(fault))) return
    if (fault?.reply === 'rpc-error' || fault?.error) {
      const errors = fault.error === undefined ? [{ message: `injected fault on ${op.name}` }] : Array.isArray(fault.error) ? fault.error : [fault.error]
      return this.#reply(attrs, errors)
    }
    const handler = this.#host.rpcs.get(rpcKey(op.namespace, op.name))
    if (!handler) {
      return this.#reply(attrs, [
        { type: 'protocol', tag: 'operation-not-supported', appTag: 'unknown-operation', path: `/nc:rpc/${op.qualifiedName}`, message: `operation ${op.name} is not supported`, info: { 'bad-element': op.name } },
      ])
    }
    let body: string
    let after: (() => void) | undefined
    try {
      const result = handler({ op, session: this, device: this.#host.state })
      body = typeof result === 'string' ? result : result.body
      after = typeof result === 'string' ? undefined : result.after
    } catch (e) {
      const errors = e instanceof RpcFailure ? e.errors : [{ message: `internal error: ${e instanceof Error ? e.message : String(e)}` }]
      return this.#reply(attrs, errors)
    }
    this.#reply(attrs, undefined, body)
    after?.()
  }

  #reply(attrs: string, errors: FakeRpcError[] | undefined, body = ''): void {
    if (errors) this.counters.outRpcErrors++
    const content = errors ? errors.map(rpcErrorXml).join('') : body
    this.#send(`<rpc-reply xmlns="${NETCONF_NS}"${attrs}>${content}</rpc-reply>`)
  }
}

const DEFAULT_NS = /\s+xmlns\s*=\s*(?:"[^"]*"|'[^']*')/g

/**
 * Every attribute of the message's root start tag, as written, but its default namespace
 * declaration: RFC 6241 §4.2 wants them all copied onto `<rpc-reply>`.
 * @example replyAttributes('<rpc message-id="7" xmlns="…" xmlns:ex="urn:ex" ex:user="x">') // ' message-id="7" xmlns:ex="urn:ex" ex:user="x"'
 */
export function replyAttributes(xml: string): string {
  const root = readStartTag(xml)
  if (!root) return ''
  const tag = xml.slice(xml.lastIndexOf('<', root.end - 1), root.end)
  const inner = tag.replace(/^<[^\s/>]+/, '').replace(/\s*\/?>$/, '')
  const kept = inner.replace(DEFAULT_NS, '').trimEnd()
  return kept === '' || /^\s/.test(kept) ? kept : ` ${kept}`
}
