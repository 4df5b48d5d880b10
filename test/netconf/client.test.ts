// test/netconf/client.test.ts — NetconfClient.connect over TCP, a Unix socket and an in-memory pair; option checks before connecting; connect/hello timeout and abort; close() and `await using`.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AbortError, InputError, NetworkError, TimeoutError } from '../../src/core/errors.js'
import { NetconfClient, type NetconfConnectOptions } from '../../src/netconf/client.js'
import { CAP_BASE_10 } from '../../src/netconf/messages.js'
import type { NetconfTransport } from '../../src/netconf/rpc-types.js'
import type { NetconfSession } from '../../src/netconf/session.js'
import { ncxConnectPreamble } from '../../src/netconf/transport-socket.js'
import { startFakeNetconfDevice, type FakeNetconfDevice, type FakeNetconfDeviceOptions } from '../../src/testing/netconf-device.js'

const devices: FakeNetconfDevice[] = []
const sessions: NetconfSession[] = []
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()))
  await Promise.all(devices.splice(0).map((d) => d.close()))
  for (const c of cleanups.splice(0)) await c()
})

async function device(opts: FakeNetconfDeviceOptions = {}): Promise<FakeNetconfDevice> {
  const d = await startFakeNetconfDevice(opts)
  devices.push(d)
  return d
}

async function connect(opts: NetconfConnectOptions): Promise<NetconfSession> {
  const s = await NetconfClient.connect(opts)
  sessions.push(s)
  return s
}

/** A TCP listener that accepts connections and never says anything; records its sockets. */
async function silentListener(): Promise<{ port: number; sockets: Socket[]; closed: () => Promise<void> }> {
  const sockets: Socket[] = []
  const server: Server = createServer((s) => {
    sockets.push(s)
    s.on('error', () => undefined)
    s.resume() // reads (and ignores) the client hello, so the client's end is seen
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => {
    for (const s of sockets) s.destroy()
    return new Promise<void>((r) => server.close(() => r()))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const closed = (): Promise<void> => Promise.all(sockets.map((s) => (s.closed ? Promise.resolve() : new Promise<void>((r) => s.once('close', () => r()))))).then(() => undefined)
  return { port, sockets, closed }
}

describe('NetconfClient.connect: transports', () => {
  it('connects over TCP: session-id, 1.1 framing, capabilities, a working get-config', async () => {
    const d = await device()
    const s = await connect({ transport: 'tcp', port: d.port! })
    expect(s.sessionId).toBe(1)
    expect(s.framing).toBe('1.1')
    expect(s.closed).toBe(false)
    expect(s.capabilities.has(':candidate')).toBe(true)
    expect(s.capabilities.module('toaster')?.revision).toBe('2009-11-20')
    expect((await s.getConfig()).xml).toContain('<hostname>fake-device</hostname>')
    expect(d.sessions).toEqual([1])
    expect(d.rpcLog.map((r) => r.operation)).toEqual(['get-config'])
  })

  it('connects over a Unix socket with the ncx-connect preamble (transport inferred from path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strato-nc-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const path = join(dir, 'ncxserver.sock')
    const d = await device({ port: false, path })
    const preamble = ncxConnectPreamble({ user: 'ncuser' })
    expect(preamble).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<ncx-connect xmlns="http:\/\/netconfcentral.org\/ns\/yuma-ncx" version="1" user="ncuser" address="127.0.0.1" magic="[^"]+" transport="local" port="830" \/>\n]]>]]>$/)
    expect(ncxConnectPreamble({ user: 'a"<&', transport: 'ssh', port: 1830 })).toContain('user="a&quot;&lt;&amp;" address="127.0.0.1"')
    const s = await connect({ path, preamble })
    expect(s.sessionId).toBe(1)
    await s.lock('running')
    expect(d.locks.get('running')).toBe(1)
    const s2 = await connect({ transport: 'unix', path, preamble: Buffer.from(preamble) })
    expect(s2.sessionId).toBe(2)
  })

  it('connects over device.connectPair() as a custom transport, passing session options through', async () => {
    const d = await device()
    const s = await connect({ transport: d.connectPair(), capabilities: [CAP_BASE_10], timeoutMs: 60 })
    expect(s.framing).toBe('1.0')
    d.faults.next({ operation: 'get', drop: true })
    await expect(s.get()).rejects.toThrow(/no reply within 60 ms/)
    expect((await s.get()).xml).toContain('<netconf-state')
  })

  it('a NetconfClient instance opens several sessions alike, overrides applied', async () => {
    const d = await device()
    const client = new NetconfClient({ transport: 'tcp', port: d.port!, timeoutMs: 5_000 })
    const a = await client.connect()
    sessions.push(a)
    const b = await client.connect({ timeoutMs: 40 })
    sessions.push(b)
    expect([a.sessionId, b.sessionId]).toEqual([1, 2])
    d.faults.next({ operation: 'get', sessionId: 2, drop: true })
    await expect(b.get()).rejects.toBeInstanceOf(TimeoutError)
    await a.lock('candidate')
    expect((await b.lock('candidate').catch((e: unknown) => e)) as Error).toMatchObject({ name: 'NetconfRpcError', code: 'lock-denied' })
  })
})

describe('NetconfClient.connect: bad options are InputErrors before connecting', () => {
  it('refuses TCP without a valid port, an unknown transport, and an empty Unix path', async () => {
    const d = await device()
    const cases: unknown[] = [
      { transport: 'tcp' },
      { transport: 'tcp', port: 0 },
      { transport: 'tcp', port: 65536 },
      { transport: 'tcp', port: 8.5 },
      { transport: 'ftp', host: '127.0.0.1', port: d.port },
      { transport: 'unix', path: '' },
      { path: '' },
    ]
    for (const opts of cases) {
      await expect(NetconfClient.connect(opts as NetconfConnectOptions), JSON.stringify(opts)).rejects.toBeInstanceOf(InputError)
    }
    await expect(NetconfClient.connect({ transport: 'ftp' } as unknown as NetconfConnectOptions)).rejects.toThrow(/transport must be 'ssh', 'unix', 'tcp' or a NetconfTransport; got "ftp"/)
    // Nothing reached the device.
    await new Promise((r) => setTimeout(r, 20))
    expect(d.sessions).toEqual([])
  })

  it('refuses SSH without host, username or credentials before any connection', async () => {
    const { port, sockets } = await silentListener()
    await expect(NetconfClient.connect({ host: '', username: 'u', password: 'p', port, hostKey: 'accept-any' })).rejects.toBeInstanceOf(InputError)
    await expect(NetconfClient.connect({ host: '127.0.0.1', username: '', password: 'p', port, hostKey: 'accept-any' })).rejects.toBeInstanceOf(InputError)
    await expect(NetconfClient.connect({ host: '127.0.0.1', username: 'u', port, hostKey: 'accept-any' })).rejects.toThrow(/needs password, privateKey, privateKeyFile or agent/)
    await expect(NetconfClient.connect({ host: '127.0.0.1', username: 'u', password: 'p', port, hostKey: [] })).rejects.toThrow(/hostKey lists no fingerprint/)
    await new Promise((r) => setTimeout(r, 20))
    expect(sockets).toHaveLength(0)
  })

  it('a closed TCP port or a missing Unix socket is a NetworkError', async () => {
    const { port } = await silentListener()
    const dead = createServer()
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r))
    const address = dead.address()
    const deadPort = typeof address === 'object' && address ? address.port : 0
    await new Promise((r) => dead.close(r))
    expect(deadPort).not.toBe(port)
    await expect(NetconfClient.connect({ transport: 'tcp', port: deadPort })).rejects.toBeInstanceOf(NetworkError)
    await expect(NetconfClient.connect({ path: join(tmpdir(), `strato-missing-${process.pid}.sock`) })).rejects.toBeInstanceOf(NetworkError)
  })
})

describe('NetconfClient.connect: timeouts and abort', () => {
  it('a listener that never sends its hello: TimeoutError from helloTimeoutMs, and the socket is closed', async () => {
    const l = await silentListener()
    const t0 = Date.now()
    const e = await NetconfClient.connect({ transport: 'tcp', port: l.port, helloTimeoutMs: 80 }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(TimeoutError)
    expect((e as Error).message).toMatch(/no NETCONF server hello within 80 ms/)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(70)
    expect(l.sockets).toHaveLength(1)
    await l.closed()
    expect(l.sockets[0]?.closed).toBe(true)
  })

  it('an abort during the hello is an AbortError with the reason as cause, and the socket is closed', async () => {
    const l = await silentListener()
    const ac = new AbortController()
    setTimeout(() => ac.abort(new Error('user gave up')), 40)
    const e = await NetconfClient.connect({ transport: 'tcp', port: l.port, helloTimeoutMs: 5_000, signal: ac.signal }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AbortError)
    expect((e as AbortError).cause).toMatchObject({ message: 'user gave up' })
    await l.closed()
    expect(l.sockets).toHaveLength(1)
  })

  it('an already aborted signal rejects before connecting', async () => {
    const l = await silentListener()
    await expect(NetconfClient.connect({ transport: 'tcp', port: l.port, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError)
    await new Promise((r) => setTimeout(r, 20))
    expect(l.sockets).toHaveLength(0)
  })

  it('a hello delayed by the device within helloTimeoutMs still connects; beyond it times out', async () => {
    const d = await device()
    d.faults.next({ operation: 'hello', delayMs: 30 })
    const s = await connect({ transport: 'tcp', port: d.port!, helloTimeoutMs: 1_000 })
    expect(s.sessionId).toBe(1)
    d.faults.next({ operation: 'hello', delayMs: 300 })
    await expect(NetconfClient.connect({ transport: d.connectPair(), helloTimeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError)
    await new Promise((r) => setTimeout(r, 20))
    expect(d.sessions).toEqual([1])
  })
})

describe('NetconfSession.close', () => {
  it('sends close-session, ends the device session, is idempotent', async () => {
    const d = await device()
    const s = await connect({ transport: 'tcp', port: d.port! })
    const closes: unknown[] = []
    s.on('close', (e) => closes.push(e))
    await s.close()
    expect(s.closed).toBe(true)
    expect(d.rpcLog.map((r) => r.operation)).toEqual(['close-session'])
    expect(d.rpcLog[0]?.xml).toMatch(/<close-session\/><\/rpc>$/)
    await s.close()
    await Promise.all([s.close(), s.close()])
    expect(d.rpcLog).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 20))
    expect(d.sessions).toEqual([])
    expect(closes).toEqual([undefined]) // a clean end, though the device hung up right after its <ok/>
    await expect(s.get()).rejects.toBeInstanceOf(NetworkError)
  })

  it('concurrent close() calls send one close-session', async () => {
    const d = await device()
    const pair = d.connectPair()
    const sent: string[] = []
    const counting: NetconfTransport = { ...pair, write: (bytes) => (sent.push(Buffer.from(bytes).toString('utf8')), pair.write(bytes)) }
    const s = await connect({ transport: counting })
    const closes: unknown[] = []
    s.on('close', (e) => closes.push(e))
    await Promise.all([s.close(), s.close(), s.close()])
    expect(sent.filter((m) => m.includes('<close-session/>'))).toHaveLength(1)
    expect(d.operations()).toEqual(['close-session'])
    expect(closes).toEqual([undefined])
  })

  it('close() on a session the device already ended sends nothing and resolves', async () => {
    const d = await device()
    const s = await connect({ transport: d.connectPair() })
    const ended = new Promise((r) => s.once('close', r))
    d.killSession(s.sessionId!)
    expect(await ended).toBeInstanceOf(NetworkError)
    await s.close()
    expect(d.rpcLog).toHaveLength(0)
  })

  it('`await using` closes the session at the end of the scope', async () => {
    const d = await device()
    let kept: NetconfSession | undefined
    {
      await using s = await NetconfClient.connect({ transport: 'tcp', port: d.port! })
      kept = s
      await s.lock('running')
      expect(d.locks.get('running')).toBe(s.sessionId)
    }
    expect(kept.closed).toBe(true)
    expect(d.operations()).toEqual(['lock', 'close-session'])
    await new Promise((r) => setTimeout(r, 20))
    expect(d.locks.size).toBe(0)
  })
})
