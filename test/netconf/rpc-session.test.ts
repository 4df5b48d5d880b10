// test/netconf/rpc-session.test.ts — RpcChannel against an in-memory fake server: hello, framing switch, pipelining, timeouts, aborts, close, rpc-error, notifications.
import { describe, expect, it } from 'vitest'
import { AbortError, NetworkError, ResponseError, TimeoutError } from '../../src/core/errors.js'
import { encodeFrame } from '../../src/netconf/framing-encode.js'
import { FrameDecoder, type Framing } from '../../src/netconf/framing.js'
import { CAP_BASE_10, CAP_BASE_11, NETCONF_NS } from '../../src/netconf/messages.js'
import { NetconfFramingError } from '../../src/netconf/framing-errors.js'
import { NetconfRpcError } from '../../src/netconf/rpc-errors.js'
import { RpcChannel } from '../../src/netconf/rpc-session.js'
import type { ChannelAnomaly, NetconfNotification, NetconfTransport } from '../../src/netconf/rpc-types.js'

interface FakeServerOptions {
  capabilities?: string[]
  sessionId?: number
  /** Do not send a hello (hello-timeout tests). */
  silent?: boolean
  /** Framing from the first byte (Clixon style). */
  framing?: Framing
  /** A message sent instead of the hello. */
  hello?: string
  /** Extra bytes delivered in the same read as the server hello. */
  afterHello?: (framing: Framing) => Buffer
}

/** A scripted server: records what the client sent, answers when the test says so. */
class FakeServer {
  readonly writes: Buffer[] = []
  readonly received: string[] = []
  framing: Framing
  closedByClient = false
  readonly #decoder: FrameDecoder
  #onData: ((b: Uint8Array) => void) | undefined
  readonly #onClose: ((e?: Error) => void)[] = []
  readonly #waiters: (() => void)[] = []
  readonly #opts: FakeServerOptions

  readonly transport: NetconfTransport = {
    write: (bytes) => {
      this.writes.push(Buffer.from(bytes))
      this.#decoder.push(bytes)
      for (let m = this.#decoder.next(); m; m = this.#decoder.next()) {
        const text = m.toString('utf8')
        this.received.push(text)
        if (this.received.length === 1 && this.framing === '1.0' && text.includes(CAP_BASE_11) && this.capabilities.includes(CAP_BASE_11)) {
          this.#decoder.switchTo11()
          this.framing = '1.1'
        }
        for (const w of this.#waiters.splice(0)) w()
      }
    },
    onData: (cb) => {
      this.#onData = cb
      if (!this.#opts.silent) setTimeout(() => this.#sendHello(), 1)
    },
    onClose: (cb) => void this.#onClose.push(cb),
    close: () => {
      this.closedByClient = true
    },
  }

  constructor(opts: FakeServerOptions = {}) {
    this.#opts = opts
    this.framing = opts.framing ?? '1.0'
    this.#decoder = new FrameDecoder({ framing: this.framing })
  }

  get capabilities(): string[] {
    return this.#opts.capabilities ?? [CAP_BASE_10, CAP_BASE_11]
  }

  /** The RPCs received (hello excluded). */
  get rpcs(): string[] {
    return this.received.slice(1)
  }

  #sendHello(): void {
    const caps = this.capabilities.map((c) => `<capability>${c.replace(/&/g, '&amp;')}</capability>`).join('')
    const id = this.#opts.sessionId === undefined ? '' : `<session-id>${this.#opts.sessionId}</session-id>`
    const hello = encodeFrame(this.#opts.hello ?? `<hello xmlns="${NETCONF_NS}"><capabilities>${caps}</capabilities>${id}</hello>`, this.#opts.framing ?? '1.0')
    const next: Framing = this.#opts.framing === '1.1' || this.capabilities.includes(CAP_BASE_11) ? '1.1' : '1.0'
    this.sendRaw(Buffer.concat([hello, this.#opts.afterHello?.(next) ?? Buffer.alloc(0)]))
  }

  /** Resolves once `n` messages (hello included) have been received. */
  async waitFor(n: number): Promise<void> {
    while (this.received.length < n) await new Promise<void>((r) => this.#waiters.push(r))
  }

  /** Sends one message in the server's current framing. */
  send(xml: string): void {
    this.sendRaw(encodeFrame(xml, this.framing, { maxChunkBytes: 17 }))
  }

  /** Sends raw bytes, one byte per read when `bytewise`. */
  sendRaw(bytes: Buffer, bytewise = false): void {
    if (!bytewise) return this.#onData?.(bytes)
    for (const b of bytes) this.#onData?.(Uint8Array.of(b))
  }

  /** The server (or the network) closes the pipe. */
  hangUp(error?: Error): void {
    for (const cb of this.#onClose) cb(error)
  }
}

/** The message-id of an `<rpc>` the client sent. */
function idOf(rpc: string): string {
  return /message-id="([^"]*)"/.exec(rpc)?.[1] ?? ''
}

/** An `<rpc-reply>` with `body`. */
function reply(id: string, body: string): string {
  return `<rpc-reply xmlns="${NETCONF_NS}" message-id="${id}">${body}</rpc-reply>`
}

async function connect(server: FakeServer, opts: Parameters<typeof RpcChannel.open>[1] = {}): Promise<RpcChannel> {
  return RpcChannel.open(server.transport, { helloTimeoutMs: 1000, ...opts })
}

describe('RpcChannel hello', () => {
  it('stays on 1.0 with a 1.0-only server; the client hello is its own write, in 1.0 framing', async () => {
    const server = new FakeServer({ capabilities: [CAP_BASE_10, 'urn:ietf:params:netconf:capability:candidate:1.0'], sessionId: 7 })
    const ch = await connect(server)
    expect(ch.framing).toBe('1.0')
    expect(ch.sessionId).toBe(7)
    expect(ch.hasCapability('urn:ietf:params:netconf:capability:candidate:1.0')).toBe(true)
    expect(server.writes).toHaveLength(1)
    expect(server.writes[0]?.toString()).toMatch(/^<\?xml[^]*<hello[^]*base:1\.1<\/capability>[^]*<\/hello>\]\]>\]\]>$/)
    const p = ch.rpc('<get/>')
    await server.waitFor(2)
    expect(server.writes[1]?.toString()).toMatch(/\]\]>\]\]>$/)
    server.send(reply(idOf(server.rpcs[0] ?? ''), '<ok/>'))
    expect((await p).ok).toBe(true)
  })

  it('switches both directions to 1.1 when both announce base:1.1, at the boundary of the read that carried the hello', async () => {
    const events: NetconfNotification[] = []
    const note = `<notification xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"><eventTime>2026-05-01T10:00:00Z</eventTime><toastDone xmlns="urn:t"/></notification>`
    const server = new FakeServer({ sessionId: 3, afterHello: (f) => encodeFrame(note, f) })
    const ch = await connect(server)
    ch.on('notification', (n) => events.push(n))
    expect(ch.framing).toBe('1.1')
    expect(ch.sessionId).toBe(3)
    const p = ch.rpc('<get-config><source><running/></source></get-config>')
    await server.waitFor(2)
    expect(server.writes[1]?.toString()).toMatch(/^\n#\d+\n<rpc /)
    server.send(reply(idOf(server.rpcs[0] ?? ''), '<data><x xmlns="urn:x">é</x></data>'))
    expect((await p).data).toBe('<x xmlns="urn:x">é</x>')
    await new Promise((r) => setImmediate(r))
    expect(events.map((n) => n.event)).toEqual(['toastDone']) // decoded as 1.1 though it shared the hello's read
  })

  it('emits a notification that arrived in the same read as the hello to a listener attached after open()', async () => {
    const note = `<notification xmlns="urn:n"><eventTime>2026-05-01T10:00:00Z</eventTime><toastDone/></notification>`
    const server = new FakeServer({ afterHello: (f) => encodeFrame(note, f) })
    const ch = await connect(server)
    const seen: NetconfNotification[] = []
    ch.on('notification', (n) => seen.push(n))
    await new Promise((r) => setImmediate(r))
    server.send(note)
    expect(seen).toEqual([
      { xml: note, eventTime: '2026-05-01T10:00:00Z', event: 'toastDone' },
      { xml: note, eventTime: '2026-05-01T10:00:00Z', event: 'toastDone' },
    ])
  })

  it('rejects with TimeoutError when no hello comes, and closes the transport', async () => {
    const server = new FakeServer({ silent: true })
    await expect(connect(server, { helloTimeoutMs: 30 })).rejects.toBeInstanceOf(TimeoutError)
    expect(server.closedByClient).toBe(true)
  })

  it('rejects with ResponseError when the first message is not a hello, AbortError on the signal', async () => {
    const server = new FakeServer({ hello: '<rpc-reply message-id="1"><ok/></rpc-reply>' })
    await expect(connect(server)).rejects.toBeInstanceOf(ResponseError)
    await expect(connect(new FakeServer({ capabilities: ['urn:x'] }))).rejects.toThrow(/neither base:1.0 nor base:1.1/)
    const ac = new AbortController()
    const q = connect(new FakeServer({ silent: true }), { signal: ac.signal })
    ac.abort()
    await expect(q).rejects.toBeInstanceOf(AbortError)
  })

  it('speaks 1.1 from the first byte and matches by order with a fixed message-id (Clixon style)', async () => {
    const server = new FakeServer({ framing: '1.1', capabilities: [CAP_BASE_10] })
    const ch = await connect(server, { framing: '1.1', fixedMessageId: '42' })
    const a = ch.rpc('<a/>')
    const b = ch.rpc('<b/>')
    await server.waitFor(3)
    expect(server.rpcs.map(idOf)).toEqual(['42', '42'])
    server.send(reply('42', '<data><a/></data>'))
    server.send(reply('42', '<data><b/></data>'))
    expect([(await a).data, (await b).data]).toEqual(['<a/>', '<b/>'])
  })
})

describe('RpcChannel RPCs', () => {
  it('pipelines 50 RPCs answered out of order, each matched by message-id, fed one byte at a time', async () => {
    const server = new FakeServer()
    const ch = await connect(server)
    const anomalies: ChannelAnomaly[] = []
    ch.on('anomaly', (a) => anomalies.push(a))
    const calls = Array.from({ length: 50 }, (_, i) => ch.rpc(`<get><n>${i}</n></get>`))
    await server.waitFor(51)
    expect(ch.pendingCount).toBe(50)
    const rpcs = [...server.rpcs].reverse()
    for (const rpc of rpcs) {
      const n = /<n>(\d+)<\/n>/.exec(rpc)?.[1] ?? ''
      server.sendRaw(encodeFrame(reply(idOf(rpc), `<data><n>${n}</n></data>`), '1.1', { maxChunkBytes: 5 }), n === '25')
    }
    const replies = await Promise.all(calls)
    expect(replies.map((r) => r.data)).toEqual(Array.from({ length: 50 }, (_, i) => `<n>${i}</n>`))
    expect(anomalies.filter((a) => a.kind === 'out-of-order')).toHaveLength(49)
    expect(ch.pendingCount).toBe(0)
  })

  it('reports a reply with an unknown or missing message-id and keeps going', async () => {
    const server = new FakeServer()
    const ch = await connect(server)
    const anomalies: ChannelAnomaly[] = []
    ch.on('anomaly', (a) => anomalies.push(a))
    server.send(reply('999', '<ok/>'))
    server.send('<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><ok/></rpc-reply>')
    server.send('<hello/>')
    expect(anomalies.map((a) => [a.kind, a.messageId])).toEqual([['unknown-message-id', '999'], ['missing-message-id', undefined], ['unexpected-message', undefined]])
    const p = ch.rpc('<get/>')
    await server.waitFor(2)
    server.send(reply(idOf(server.rpcs[0] ?? ''), '<ok/>'))
    expect((await p).ok).toBe(true)
  })

  it('times an RPC out with TimeoutError and drops its late reply quietly', async () => {
    const server = new FakeServer()
    const ch = await connect(server)
    const anomalies: ChannelAnomaly[] = []
    ch.on('anomaly', (a) => anomalies.push(a))
    const p = ch.rpc('<get/>', { timeoutMs: 20 })
    await expect(p).rejects.toBeInstanceOf(TimeoutError)
    server.send(reply(idOf(server.rpcs[0] ?? ''), '<ok/>'))
    expect(anomalies).toEqual([])
    expect(ch.closed).toBe(false)
  })

  it('aborts an RPC with AbortError (reason as cause), drops its late reply, and refuses a pre-aborted signal', async () => {
    const server = new FakeServer()
    const ch = await connect(server)
    const anomalies: ChannelAnomaly[] = []
    ch.on('anomaly', (a) => anomalies.push(a))
    const ac = new AbortController()
    const p = ch.rpc('<get/>', { signal: ac.signal })
    const other = ch.rpc('<other/>')
    await server.waitFor(3)
    ac.abort('user')
    const err = await p.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AbortError)
    expect((err as AbortError).cause).toBe('user')
    server.send(reply(idOf(server.rpcs[0] ?? ''), '<ok/>'))
    server.send(reply(idOf(server.rpcs[1] ?? ''), '<ok/>'))
    expect((await other).ok).toBe(true)
    expect(anomalies).toEqual([])
    await expect(ch.rpc('<get/>', { signal: ac.signal })).rejects.toBeInstanceOf(AbortError)
  })

  it('rejects every pending RPC when the transport closes, and refuses new ones', async () => {
    const server = new FakeServer()
    const ch = await connect(server)
    let closeError: unknown
    ch.on('close', (e) => (closeError = e))
    const calls = [ch.rpc('<a/>'), ch.rpc('<b/>'), ch.rpc('<c/>')]
    await server.waitFor(4)
    server.hangUp(new Error('ECONNRESET'))
    for (const c of calls) await expect(c).rejects.toThrow(/transport closed with 3 RPCs pending: ECONNRESET/)
    expect(closeError).toBeInstanceOf(NetworkError)
    await expect(ch.rpc('<d/>')).rejects.toBeInstanceOf(NetworkError)
  })

  it('close() rejects pending RPCs and closes the transport', async () => {
    const server = new FakeServer()
    const ch = await connect(server)
    const p = ch.rpc('<a/>')
    await ch.close()
    await expect(p).rejects.toThrow(/closed by the client/)
    expect(server.closedByClient).toBe(true)
    await ch.close() // idempotent
  })

  it('fails every pending RPC with NetconfFramingError on malformed framing', async () => {
    const server = new FakeServer()
    const ch = await connect(server)
    const p = ch.rpc('<a/>')
    await server.waitFor(2)
    server.sendRaw(Buffer.from('\n#012\n<rpc-reply/>\n##\n'))
    await expect(p).rejects.toBeInstanceOf(NetconfFramingError)
    expect(ch.closed).toBe(true)
    expect(server.closedByClient).toBe(true)
  })

  it('rejects with NetconfRpcError listing every error with all fields; warnings alone succeed', async () => {
    const server = new FakeServer()
    const ch = await connect(server)
    const p = ch.rpc('<edit-config/>')
    const w = ch.rpc('<commit/>')
    await server.waitFor(3)
    const [e1, e2] = server.rpcs.map(idOf)
    server.send(
      reply(
        e1 ?? '',
        `<rpc-error><error-type>protocol</error-type><error-tag>unknown-element</error-tag><error-severity>error</error-severity>` +
          `<error-app-tag>data-invalid</error-app-tag><error-path xmlns:t="urn:t">/t:top/t:x</error-path>` +
          `<error-message xml:lang="en">bad element</error-message><error-info><bad-element>x</bad-element></error-info></rpc-error>` +
          `<rpc-error><error-type>application</error-type><error-tag>operation-failed</error-tag><error-severity>error</error-severity></rpc-error>`,
      ),
    )
    server.send(reply(e2 ?? '', '<rpc-error><error-type>application</error-type><error-tag>x</error-tag><error-severity>warning</error-severity></rpc-error><ok/>'))
    const err = (await p.catch((e: unknown) => e)) as NetconfRpcError
    expect(err).toBeInstanceOf(NetconfRpcError)
    expect(err.name).toBe('NetconfRpcError')
    expect(err.message).toBe('NETCONF rpc-error unknown-element (protocol): bad element (and 1 more)')
    expect(err.code).toBe('unknown-element')
    expect(err.messageId).toBe(e1)
    expect(err.errors).toEqual([
      { type: 'protocol', tag: 'unknown-element', severity: 'error', appTag: 'data-invalid', path: '/t:top/t:x', message: 'bad element', info: { 'bad-element': 'x' } },
      { type: 'application', tag: 'operation-failed', severity: 'error' },
    ])
    expect(err.details).toHaveLength(2)
    const warned = await w
    expect(warned.ok).toBe(true)
    expect(warned.warnings).toEqual([{ type: 'application', tag: 'x', severity: 'warning' }])
  })

  it('emits notifications with eventTime and event name', async () => {
    const server = new FakeServer()
    const ch = await connect(server)
    const seen: NetconfNotification[] = []
    ch.on('notification', (n) => seen.push(n))
    server.send('<notification xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"><eventTime>2026-05-01T10:00:00Z</eventTime><services-commit xmlns="http://clicon.org/controller"><tid>1</tid></services-commit></notification>')
    server.send('<n:notification xmlns:n="urn:n"><n:eventTime/><toastDone/></n:notification>')
    await new Promise((r) => setImmediate(r)) // those arriving during open() are held until just after it
    expect(seen.map((n) => [n.event, n.eventTime])).toEqual([['services-commit', '2026-05-01T10:00:00Z'], ['toastDone', undefined]])
  })
})
