// src/netconf/rpc-session.ts — RpcChannel: hello exchange, framing switch, pipelined RPCs matched by message-id, notifications.
import { EventEmitter } from 'eventemitter3'
import { abortReason } from '../core/abort.js'
import { ClientError, NetworkError, ResponseError, TimeoutError } from '../core/errors.js'
import { loadXmlParser } from '../core/xml.js'
import { encodeFrame } from './framing-encode.js'
import { DEFAULT_MAX_MESSAGE_BYTES, FrameDecoder, type Framing } from './framing.js'
import { CAP_BASE_10, CAP_BASE_11, NETCONF_NS, buildHello, escapeXml, parseHello, readStartTag } from './messages.js'
import { readNotification } from './rpc-notification.js'
import { readRpcReply, type RpcReply } from './rpc-reply.js'
import type { ChannelAnomaly, NetconfNotification, NetconfTransport, RpcChannelEvents, RpcChannelOptions, RpcOptions } from './rpc-types.js'

interface Pending {
  messageId: string
  /** Undefined once the caller gave up (timeout, abort): the reply is then dropped quietly. */
  settle: ((reply: string | ClientError) => void) | undefined
}

const MAX_ABANDONED = 1000
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The transport-independent core of a NETCONF session: it sends the client hello alone, reads
 * the server hello (capabilities, session-id), switches both directions to 1.1 chunked framing
 * when both sides announce base:1.1, then runs RPCs — several in flight at once, each reply
 * matched by message-id, each RPC with its own timeout and AbortSignal — and emits
 * notifications (those that arrive before `open()` returns are emitted right after it, so a
 * listener attached just after `await RpcChannel.open()` sees them). When the transport closes or fails, or the server breaks the framing, every
 * pending RPC rejects with a ClientError that says so. `close()` only closes the transport;
 * sending `<close-session>` first is the session layer's job.
 *
 * @example
 * const channel = await RpcChannel.open(transport, { helloTimeoutMs: 10_000 })
 * channel.on('notification', (n) => console.log(n.event))
 * const reply = await channel.rpc('<get-config><source><running/></source></get-config>', { timeoutMs: 5_000 })
 * console.log(reply.data)
 * await channel.close()
 */
export class RpcChannel extends EventEmitter<RpcChannelEvents> {
  /** The server's capability URIs, as listed in its hello. */
  serverCapabilities: readonly string[] = []
  /** The session-id from the server hello (undefined if it sent none). */
  sessionId: number | undefined
  readonly #transport: NetconfTransport
  readonly #decoder: FrameDecoder
  readonly #opts: RpcChannelOptions
  readonly #capabilities: readonly string[]
  readonly #inflight = new Map<string, Pending>()
  #abandoned = 0
  #framing: Framing
  #nextId = 1
  #closed = false
  #helloDone = false
  #onHello: ((error?: ClientError) => void) | undefined
  /** Notifications that arrived before open() returned (e.g. in the hello's read), emitted just after. */
  #held: NetconfNotification[] | undefined = []

  private constructor(transport: NetconfTransport, opts: RpcChannelOptions) {
    super()
    this.#transport = transport
    this.#opts = opts
    this.#framing = opts.framing ?? '1.0'
    this.#capabilities = opts.capabilities ?? [CAP_BASE_10, CAP_BASE_11]
    this.#decoder = new FrameDecoder({ framing: this.#framing, maxMessageBytes: opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES })
    transport.onData((bytes) => this.#onData(bytes))
    transport.onClose((error) => this.#onTransportClose(error))
  }

  /**
   * Exchanges hellos over `transport` and resolves once the server's hello arrived and the client's
   * was written. Rejects with TimeoutError (`helloTimeoutMs`), AbortError (`signal`), ResponseError
   * (no valid hello) or NetworkError/NetconfFramingError, and closes the transport then.
   * @example const channel = await RpcChannel.open(transport)
   */
  static async open(transport: NetconfTransport, opts: RpcChannelOptions = {}): Promise<RpcChannel> {
    await loadXmlParser()
    const channel = new RpcChannel(transport, opts)
    await channel.#hello()
    setImmediate(() => channel.#release())
    return channel
  }

  /** The framing in use for both directions. @example channel.framing // '1.1' */
  get framing(): Framing {
    return this.#framing
  }

  /** Whether the channel is closed (by `close()`, the transport, or an error). @example if (channel.closed) reconnect() */
  get closed(): boolean {
    return this.#closed
  }

  /** RPCs waiting for their reply. @example channel.pendingCount // 0 when idle */
  get pendingCount(): number {
    let n = 0
    for (const p of this.#inflight.values()) if (p.settle) n++
    return n
  }

  /** Whether the server announced a capability (exact URI, or the URI without its `?query`). @example channel.hasCapability('urn:ietf:params:netconf:capability:candidate:1.0') */
  hasCapability(uri: string): boolean {
    return this.serverCapabilities.some((c) => c === uri || c.split('?', 1)[0] === uri)
  }

  /**
   * Sends `<rpc message-id="…">operation</rpc>` and resolves with the reply. Rejects with
   * NetconfRpcError (an `<rpc-error>` of severity error), TimeoutError, AbortError, or a
   * NetworkError when the session ends first.
   * @example const reply = await channel.rpc('<lock><target><candidate/></target></lock>', { signal })
   */
  rpc(operation: string, opts: RpcOptions = {}): Promise<RpcReply> {
    if (this.#closed || !this.#helloDone) return Promise.reject(new NetworkError(`the NETCONF session is ${this.#closed ? 'closed' : 'not open yet'}`))
    if (opts.signal?.aborted) return Promise.reject(abortReason(opts.signal, 'NETCONF rpc'))
    const seq = String(this.#nextId++) // the key of #inflight
    const messageId = this.#opts.fixedMessageId ?? seq
    let frame: Buffer
    try {
      frame = encodeFrame(`<rpc xmlns="${NETCONF_NS}" message-id="${escapeXml(messageId)}">${operation}</rpc>`, this.#framing, this.#chunking())
    } catch (e) {
      return Promise.reject(e)
    }
    const timeoutMs = opts.timeoutMs ?? this.#opts.timeoutMs ?? 120_000
    const { signal } = opts
    return new Promise<RpcReply>((resolve, reject) => {
      const pending: Pending = { messageId, settle: undefined }
      const finish = (outcome: string | ClientError): void => {
        pending.settle = undefined
        if (timer) clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        if (typeof outcome !== 'string') return reject(outcome)
        try {
          resolve(readRpcReply(outcome, messageId, this.#opts.maxMessageBytes))
        } catch (e) {
          reject(e instanceof ClientError ? e : new ResponseError('unreadable <rpc-reply>', { cause: e, details: [outcome.slice(0, 500)] }))
        }
      }
      const giveUp = (error: ClientError): void => {
        finish(error)
        if (++this.#abandoned > MAX_ABANDONED) this.#forgetOldestAbandoned()
      }
      const onAbort = (): void => giveUp(abortReason(signal as AbortSignal, `NETCONF rpc ${messageId}`))
      const timer = timeoutMs > 0 ? setTimeout(() => giveUp(new TimeoutError(`NETCONF rpc ${messageId} got no reply within ${timeoutMs} ms`)), timeoutMs) : undefined
      signal?.addEventListener('abort', onAbort, { once: true })
      pending.settle = finish
      this.#inflight.set(seq, pending)
      this.#write(frame)
    })
  }

  /**
   * Closes the transport; pending RPCs reject with NetworkError. Idempotent.
   * @example await channel.close()
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#shutdown(new NetworkError('the NETCONF session was closed by the client'), undefined)
    await this.#transport.close()
  }

  /** `await using channel = await RpcChannel.open(t)` closes it at the end of the scope. @example await using ch = await RpcChannel.open(t) */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  #chunking(): { maxChunkBytes?: number } {
    return this.#opts.maxChunkBytes === undefined ? {} : { maxChunkBytes: this.#opts.maxChunkBytes }
  }

  #hello(): Promise<void> {
    const { signal } = this.#opts
    const helloMs = this.#opts.helloTimeoutMs ?? 30_000
    const received = new Promise<void>((resolve, reject) => {
      const done = (error?: ClientError): void => {
        this.#onHello = undefined
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        if (error) reject(error)
        else resolve()
      }
      const onAbort = (): void => this.#fail(abortReason(signal as AbortSignal, 'NETCONF hello'))
      const timer = setTimeout(() => this.#fail(new TimeoutError(`no NETCONF server hello within ${helloMs} ms`)), helloMs)
      this.#onHello = done
      if (signal?.aborted) onAbort()
      else signal?.addEventListener('abort', onAbort, { once: true })
    })
    // The hello goes out alone, in its own write, before any RPC (netconfd ignores a hello sharing a write).
    const sent = this.#closed ? Promise.resolve() : this.#write(encodeFrame(buildHello(this.#capabilities), this.#framing, this.#chunking()))
    return Promise.all([received, sent]).then(() => {
      if (this.#closed) throw new NetworkError('the NETCONF transport closed during the hello exchange')
    })
  }

  #write(frame: Buffer): Promise<void> {
    return Promise.resolve()
      .then(() => this.#transport.write(frame))
      .catch((e: unknown) => this.#fail(new NetworkError('writing to the NETCONF transport failed', { cause: e })))
  }

  #onData(bytes: Uint8Array): void {
    if (this.#closed) return
    try {
      this.#decoder.push(bytes)
      for (let m = this.#decoder.next(); m && !this.#closed; m = this.#decoder.next()) this.#onMessage(m)
    } catch (e) {
      this.#fail(e instanceof ClientError ? e : new ResponseError('unreadable NETCONF message', { cause: e }))
    }
  }

  #onMessage(bytes: Buffer): void {
    let xml: string
    try {
      xml = utf8.decode(bytes)
    } catch {
      return this.#anomaly({ kind: 'bad-encoding', detail: 'a message is not valid UTF-8; dropped', xml: bytes.toString('utf8') })
    }
    if (!this.#helloDone) return this.#serverHello(xml)
    const root = readStartTag(xml)
    if (root?.name === 'rpc-reply') return this.#reply(xml, root.attributes['message-id'])
    if (root?.name === 'notification') return this.#notification(readNotification(xml))
    this.#anomaly({ kind: 'unexpected-message', detail: `unexpected <${root?.name ?? '?'}> message; dropped`, xml })
  }

  #serverHello(xml: string): void {
    const hello = parseHello(xml) // a ResponseError here fails the channel through #onData
    const speaks = (cap: string): boolean => hello.capabilities.includes(cap)
    if (!speaks(CAP_BASE_10) && !speaks(CAP_BASE_11)) throw new ResponseError('the server hello announces neither base:1.0 nor base:1.1', { details: hello.capabilities })
    this.serverCapabilities = hello.capabilities
    this.sessionId = hello.sessionId
    this.#helloDone = true
    if (this.#framing === '1.0' && speaks(CAP_BASE_11) && this.#capabilities.includes(CAP_BASE_11)) {
      this.#decoder.switchTo11() // exactly at this boundary: later bytes of the same read are chunked
      this.#framing = '1.1'
    }
    this.#onHello?.()
  }

  #reply(xml: string, messageId: string | undefined): void {
    if (messageId === undefined) return this.#anomaly({ kind: 'missing-message-id', detail: 'an <rpc-reply> without message-id; dropped', xml })
    // Keys are the message-ids, except with a fixed id: then replies come in order, oldest first.
    const key = this.#opts.fixedMessageId === undefined ? messageId : this.#inflight.keys().next().value
    const pending = key === undefined ? undefined : this.#inflight.get(key)
    if (key === undefined || !pending) return this.#anomaly({ kind: 'unknown-message-id', messageId, detail: `a reply to message-id ${messageId}, which no RPC waits for; dropped`, xml })
    const first = this.#firstLive()
    this.#inflight.delete(key)
    if (!pending.settle) return void this.#abandoned-- // the caller gave up: drop quietly
    if (first !== key) this.#anomaly({ kind: 'out-of-order', messageId, detail: `the reply to ${messageId} came before the reply to ${this.#inflight.get(first ?? '')?.messageId}`, xml })
    pending.settle(xml)
  }

  #notification(n: NetconfNotification): void {
    if (this.#held) this.#held.push(n)
    else this.emit('notification', n)
  }

  #release(): void {
    const held = this.#held ?? []
    this.#held = undefined
    for (const n of held) this.emit('notification', n)
  }

  #firstLive(): string | undefined {
    for (const [k, p] of this.#inflight) if (p.settle) return k
    return undefined
  }

  #forgetOldestAbandoned(): void {
    for (const [k, p] of this.#inflight) {
      if (!p.settle) {
        this.#inflight.delete(k)
        this.#abandoned--
        return
      }
    }
  }

  #anomaly(a: ChannelAnomaly): void {
    this.emit('anomaly', a)
  }

  #onTransportClose(error: Error | undefined): void {
    if (this.#closed) return
    const pending = this.pendingCount
    const why = error ? `: ${error.message}` : ''
    const what = this.#helloDone ? `with ${pending} RPC${pending === 1 ? '' : 's'} pending` : 'during the hello exchange'
    this.#shutdown(new NetworkError(`the NETCONF transport closed ${what}${why}`, { cause: error }), 'report')
  }

  /** Fails the channel: rejects everything, closes the transport, emits `close` with the error. */
  #fail(error: ClientError): void {
    if (this.#closed) return
    this.#shutdown(error, 'report')
    void Promise.resolve()
      .then(() => this.#transport.close())
      .catch(() => undefined)
  }

  #shutdown(error: ClientError, report: 'report' | undefined): void {
    this.#closed = true
    const waiting = [...this.#inflight.values()]
    this.#inflight.clear()
    for (const p of waiting) p.settle?.(error)
    this.#onHello?.(error)
    this.emit('close', report ? error : undefined)
  }
}
