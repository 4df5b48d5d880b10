// test/integration/netconf-login.test.ts — NETCONF transports and logins on the real netconfd (scripts/peers/netconfd.sh):
// SSH with password and key, host keys by fingerprint and known_hosts, refusals, the Unix socket with its preamble.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AbortError, InputError, NetworkError, TimeoutError, UnauthorizedError } from '../../src/core/errors.js'
import { HostKeyError, NetconfClient, ncxConnectPreamble, type NetconfSession } from '../../src/netconf/index.js'
import { connect, netconfPeer, sshOptions } from './support/netconf.js'

const peer = netconfPeer()
const dir = mkdtempSync(join(tmpdir(), 'strato-nc-login-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function expectWorking(session: NetconfSession): Promise<void> {
  try {
    expect(session.sessionId).toBeGreaterThan(0)
    expect(session.framing).toBe('1.1')
    expect((await session.getConfig()).reply.ok).toBe(false)
  } finally {
    await session.close()
  }
  expect(session.closed).toBe(true)
}

describe('NETCONF logins on a real netconfd', () => {
  it('logs in over SSH with a password; base:1.1 chunked framing, 38 capabilities parsed with modules', async () => {
    const session = await connect(peer)
    expect(session.capabilities.has(':candidate')).toBe(true)
    expect(session.capabilities.has(':confirmed-commit:1.1')).toBe(true)
    expect(session.capabilities.has(':writable-running')).toBe(false) // netconfd runs --target=candidate
    expect(session.capabilities.module('toaster')).toMatchObject({ revision: '2009-11-20', base: 'http://netconfcentral.org/ns/toaster' })
    expect(session.capabilities.module('ietf-system')?.features).toContain('local-users')
    await expectWorking(session)
  })

  it('logs in with a private key file, and with the key given as text', async () => {
    await expectWorking(await connect(peer, { password: undefined, privateKeyFile: peer.keyFile }))
    await expectWorking(await connect(peer, { password: undefined, privateKey: readFileSync(peer.keyFile, 'utf8') }))
  })

  it('accepts the host key from a known_hosts file, and refuses when the file does not list it', async () => {
    await expectWorking(await connect(peer, { hostKey: { knownHosts: peer.knownHosts } }))
    const empty = join(dir, 'known_hosts_empty')
    writeFileSync(empty, '# nothing\n')
    const err = await connect(peer, { hostKey: { knownHosts: empty } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HostKeyError)
    expect(err).toMatchObject({ reason: 'unknown', fingerprint: peer.fingerprint, port: peer.port })
  })

  it('refuses a host key that differs from the one pinned, naming both', async () => {
    const other = 'SHA256:' + Buffer.alloc(32, 7).toString('base64').replace(/=+$/, '')
    const err = await connect(peer, { hostKey: other }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HostKeyError)
    expect(err).toMatchObject({ reason: 'mismatch', fingerprint: peer.fingerprint })
    expect((err as Error).message).toContain(peer.fingerprint)
  })

  it('refuses a known_hosts entry for this host with another key (mismatch), and takes a hashed entry', async () => {
    const line = readFileSync(peer.knownHosts, 'utf8').trim().split('\n').find((l) => l.includes(String(peer.port))) ?? ''
    const [names, type, key] = line.split(/\s+/)
    const wrongKey = Buffer.from(key ?? '', 'base64')
    wrongKey[wrongKey.length - 1] = (wrongKey[wrongKey.length - 1] ?? 0) ^ 1
    const wrong = join(dir, 'known_hosts_wrong')
    writeFileSync(wrong, `${names} ${type} ${wrongKey.toString('base64')}\n`)
    expect(await connect(peer, { hostKey: { knownHosts: wrong } }).catch((e: unknown) => e)).toMatchObject({ name: 'HostKeyError', reason: 'mismatch' })
    const { createHmac, randomBytes } = await import('node:crypto')
    const salt = randomBytes(20)
    const hashed = createHmac('sha1', salt).update(`[${peer.host}]:${peer.port}`).digest('base64')
    const file = join(dir, 'known_hosts_hashed')
    writeFileSync(file, `|1|${salt.toString('base64')}|${hashed} ${type} ${key}\n`)
    await expectWorking(await connect(peer, { hostKey: { knownHosts: file } }))
  })

  it("connects with hostKey: 'accept-any' written out", async () => {
    await expectWorking(await connect(peer, { hostKey: 'accept-any' }))
  })

  it('a wrong password is an UnauthorizedError; no credentials at all is an InputError before connecting', async () => {
    const err = await connect(peer, { password: 'not-the-password' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UnauthorizedError)
    await expect(NetconfClient.connect({ host: peer.host, port: peer.port, username: peer.username, hostKey: peer.fingerprint })).rejects.toBeInstanceOf(InputError)
  })

  it('an encrypted key without its passphrase is an InputError', async () => {
    const { generateKeyPairSync } = await import('node:crypto')
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }, publicKeyEncoding: { type: 'pkcs1', format: 'pem' } })
    const err = await connect(peer, { password: undefined, privateKey }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
  })

  it('a closed port is a NetworkError; an abort and a connect timeout leave nothing open', async () => {
    await expect(connect(peer, { port: 1 })).rejects.toBeInstanceOf(NetworkError)
    const controller = new AbortController()
    const pending = connect(peer, { signal: controller.signal })
    controller.abort()
    await expect(pending).rejects.toBeInstanceOf(AbortError)
    // A listener that accepts and never says a word: the SSH handshake waits until the timeout.
    const sockets: Socket[] = []
    let closed = 0
    const mute = createServer((s) => {
      sockets.push(s)
      s.resume().on('close', () => closed++)
    })
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve))
    const port = (mute.address() as AddressInfo).port
    try {
      await expect(connect(peer, { port, connectTimeoutMs: 300 })).rejects.toBeInstanceOf(TimeoutError)
      await new Promise((r) => setTimeout(r, 50))
      expect(sockets.length).toBe(1)
      expect(closed).toBe(1) // the client hung up: nothing left open
    } finally {
      for (const s of sockets) s.destroy()
      await new Promise((resolve) => mute.close(resolve))
    }
  })

  it("opens netconfd's Unix socket with yuma123's ncx-connect preamble", async () => {
    const session = await NetconfClient.connect({ path: peer.socket, preamble: ncxConnectPreamble({ user: peer.username }), timeoutMs: 20_000 })
    await expectWorking(session)
    // Without the preamble netconfd drops the connection: the hello never comes.
    const err = await NetconfClient.connect({ path: peer.socket, helloTimeoutMs: 2_000 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).name).toMatch(/NetworkError|TimeoutError|ResponseError/)
  })

  it('the SSH transport options reach the session: two sessions from one NetconfClient', async () => {
    const client = new NetconfClient(sshOptions(peer))
    const [a, b] = await Promise.all([client.connect(), client.connect()])
    expect(a.sessionId).not.toBe(b.sessionId)
    await Promise.all([a.close(), b.close()])
  })
})
