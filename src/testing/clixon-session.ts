// src/testing/clixon-session.ts — one client connection to the fake Clixon controller: 1.1 framing from the first byte, hello, RPC dispatch.
import type { Socket } from 'node:net'
import { ConfigTree, type ConfigNode } from '../netconf/config-tree.js'
import { encodeFrame } from '../netconf/framing-encode.js'
import { FrameDecoder } from '../netconf/framing.js'
import { CAP_BASE_10, escapeXml, NETCONF_NS } from '../netconf/messages.js'
import { CLIXON_LIB_NS } from '../netconf/service-messages.js'

/** An `<rpc-error>` the fake answers with. */
export class FakeRpcFailure extends Error {
  constructor(
    message: string,
    readonly tag = 'operation-failed',
    readonly type = 'application',
  ) {
    super(message)
  }
}

/** What a session asks of the controller that owns it. */
export interface ClixonSessionHost {
  /** The hello's `cl:username`. */
  readonly username: string
  /** Every RPC received, in order (for tests). */
  readonly rpcLog: string[]
  /** Answers one operation: the inner XML of `<data>`, `'ok'`, or throws FakeRpcFailure. */
  handle(session: ClixonSession, op: ConfigNode): string | 'ok'
  /** The connection ended. */
  closed(session: ClixonSession): void
}

let nextSessionId = 1

/**
 * One connection. Everything is framed with 1.1 chunks, one chunk per message, from the hello on
 * (the Clixon backend's socket); the server hello goes out after the client's.
 * @example new ClixonSession(socket, host)
 */
export class ClixonSession {
  readonly id = nextSessionId++
  readonly streams = new Set<string>()
  #helloDone = false
  readonly #decoder = new FrameDecoder({ framing: '1.1' })
  readonly #socket: Socket
  readonly #host: ClixonSessionHost

  constructor(socket: Socket, host: ClixonSessionHost) {
    this.#socket = socket
    this.#host = host
    socket.on('data', (bytes) => this.#onData(bytes))
    socket.on('error', () => undefined) // a client that vanishes mid-write is not a test failure
    socket.once('close', () => host.closed(this))
  }

  /** Whether the socket is still open. @example if (session.open) session.send(xml) */
  get open(): boolean {
    return !this.#socket.destroyed && this.#socket.writable
  }

  /** Sends one message as a single 1.1 chunk. @example session.send('<notification>…</notification>') */
  send(xml: string): void {
    if (this.open) this.#socket.write(encodeFrame(xml, '1.1', { maxChunkBytes: Infinity }))
  }

  /** Drops the connection. @example session.destroy() */
  destroy(): void {
    this.#socket.destroy()
  }

  #onData(bytes: Buffer): void {
    try {
      this.#decoder.push(bytes)
      for (let m = this.#decoder.next(); m; m = this.#decoder.next()) this.#onMessage(m.toString('utf8'))
    } catch {
      this.#socket.destroy() // broken framing: the backend drops such a client
    }
  }

  #onMessage(xml: string): void {
    const doc = ConfigTree.parse(xml, { wrap: 'never' })
    if (!this.#helloDone) {
      if (doc.name !== 'hello') return this.destroy()
      this.#helloDone = true
      const hello = `<hello xmlns="${NETCONF_NS}" xmlns:cl="${CLIXON_LIB_NS}" cl:username="${escapeXml(this.#host.username)}" cl:transport="ctrl:services">`
      return this.send(`${hello}<capabilities><capability>${CAP_BASE_10}</capability></capabilities><session-id>${this.id}</session-id></hello>`)
    }
    if (doc.name !== 'rpc') return
    this.#host.rpcLog.push(xml)
    const id = doc.attribute('message-id')
    const head = `<rpc-reply xmlns="${NETCONF_NS}"${id === undefined ? '' : ` message-id="${escapeXml(id)}"`}>`
    const op = doc.children()[0]
    let body: string
    try {
      if (!op) throw new FakeRpcFailure('an empty <rpc>', 'missing-element', 'rpc')
      const answer = this.#host.handle(this, op)
      body = answer === 'ok' ? '<ok/>' : `<data>${answer}</data>`
    } catch (e) {
      const f = e instanceof FakeRpcFailure ? e : new FakeRpcFailure(e instanceof Error ? e.message : String(e))
      body = `<rpc-error><error-type>${f.type}</error-type><error-tag>${f.tag}</error-tag><error-severity>error</error-severity><error-message>${escapeXml(f.message)}</error-message></rpc-error>`
    }
    this.send(`${head}${body}</rpc-reply>`)
  }
}
