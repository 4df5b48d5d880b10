// src/netconf/transport-ssh.ts — NETCONF over SSH (RFC 6242): the `netconf` subsystem through ssh2, host keys verified before any secret is sent.
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { ConnectConfig } from 'ssh2'
import { abortReason } from '../core/abort.js'
import { type ClientError, InputError, NetworkError, TimeoutError, UnauthorizedError } from '../core/errors.js'
import { HostKeyError } from './host-key-error.js'
import { checkKnownHosts, normaliseFingerprint, sha256Fingerprint } from './known-hosts.js'
import type { NetconfTransport } from './rpc-types.js'
import { streamTransport } from './transport-socket.js'

/**
 * How the server's host key is checked before authenticating:
 * - one or more SHA256 fingerprints (`'SHA256:…'`, as `ssh-keygen -lf` prints them);
 * - `{ knownHosts: path }`: an OpenSSH known_hosts file (plain, hashed, `[host]:port` entries);
 * - `'accept-any'`: no check at all — only for throwaway test rigs, and it must be written out.
 * Default: `{ knownHosts: '~/.ssh/known_hosts' }`, so an unknown key is refused.
 */
export type HostKeyPolicy = 'accept-any' | string | readonly string[] | { knownHosts: string }

/** Options of an SSH transport. One of `password`, `privateKey`/`privateKeyFile` or `agent` is needed. */
export interface SshTransportOptions {
  host: string
  /** Default 830, NETCONF's SSH port. */
  port?: number
  username: string
  password?: string
  /** A private key (OpenSSH or PEM text). */
  privateKey?: string | Uint8Array
  /** A file to read the private key from. */
  privateKeyFile?: string
  /** Passphrase of an encrypted private key. */
  passphrase?: string
  /** An ssh-agent socket path, or `true` for `$SSH_AUTH_SOCK`. */
  agent?: string | true
  /** Host-key check. Default: `~/.ssh/known_hosts`. */
  hostKey?: HostKeyPolicy
  /** Time allowed for TCP connect, SSH handshake and authentication. Default 20 000 ms. */
  connectTimeoutMs?: number
  /** SSH keepalive interval in ms (0 = off); three unanswered probes end the session. Default 0. */
  keepAliveMs?: number
  /** Cancels the connect. */
  signal?: AbortSignal
}

/**
 * Opens an SSH connection, verifies the host key, authenticates and starts the `netconf`
 * subsystem. Rejects with InputError (bad options, unreadable key), HostKeyError (key refused;
 * nothing secret was sent), UnauthorizedError (login refused), TimeoutError, AbortError or
 * NetworkError, leaving no connection open.
 * @example const transport = await connectSshTransport({ host: 'r1', username: 'admin', agent: true })
 */
export async function connectSshTransport(opts: SshTransportOptions): Promise<NetconfTransport> {
  const port = opts.port ?? 830
  const where = `${opts.host}:${port}`
  if (!opts.host) throw new InputError('NETCONF over SSH needs a host')
  if (!opts.username) throw new InputError('NETCONF over SSH needs a username')
  if (opts.password === undefined && opts.privateKey === undefined && opts.privateKeyFile === undefined && opts.agent === undefined) {
    throw new InputError('NETCONF over SSH needs password, privateKey, privateKeyFile or agent')
  }
  const verify = await hostKeyCheck(opts.hostKey, opts.host, port)
  const privateKey = opts.privateKeyFile === undefined ? opts.privateKey : await readKeyFile(opts.privateKeyFile)
  const agent = opts.agent === true ? process.env['SSH_AUTH_SOCK'] : opts.agent
  if (opts.agent === true && !agent) throw new InputError('agent: true, but SSH_AUTH_SOCK is not set')
  const { signal } = opts
  if (signal?.aborted) throw abortReason(signal, `connecting to ${where}`)
  const { Client } = await import('ssh2')
  return new Promise<NetconfTransport>((resolve, reject) => {
    const conn = new Client()
    let refused: HostKeyError | undefined
    let settled = false
    const settle = (): void => {
      settled = true
      signal?.removeEventListener('abort', onAbort)
    }
    const fail = (error: ClientError): void => {
      if (settled) return
      settle()
      conn.end()
      conn.destroy()
      reject(error)
    }
    const onAbort = (): void => fail(abortReason(signal as AbortSignal, `connecting to ${where}`))
    signal?.addEventListener('abort', onAbort, { once: true })
    conn.on('error', (e: Error & { level?: string }) => fail(refused ?? classify(e, where)))
    conn.on('close', () => fail(refused ?? new NetworkError(`the SSH connection to ${where} closed before NETCONF started`)))
    conn.on('ready', () => {
      // ssh2 leaves Nagle on: a small RPC then waits for the delayed ACK (~40 ms per round trip).
      conn.setNoDelay(true)
      conn.subsys('netconf', (err, stream) => {
        if (settled) return void stream?.close()
        if (err) return fail(new NetworkError(`${where} refused the netconf SSH subsystem: ${err.message}`, { cause: err }))
        settle()
        resolve(streamTransport(stream, conn))
      })
    })
    const config: ConnectConfig = {
      host: opts.host,
      port,
      username: opts.username,
      readyTimeout: opts.connectTimeoutMs ?? 20_000,
      keepaliveInterval: opts.keepAliveMs ?? 0,
      hostVerifier: (key: Buffer): boolean => {
        refused = verify(key)
        return refused === undefined
      },
    }
    if (opts.password !== undefined) config.password = opts.password
    if (privateKey !== undefined) config.privateKey = typeof privateKey === 'string' ? privateKey : Buffer.from(privateKey)
    if (opts.passphrase !== undefined) config.passphrase = opts.passphrase
    if (agent !== undefined) config.agent = agent
    try {
      conn.connect(config)
    } catch (e) {
      // ssh2 parses the key synchronously: a wrong passphrase or a malformed key throws here.
      fail(new InputError(`cannot use the SSH private key: ${(e as Error).message}`, { cause: e }))
    }
  })
}

function classify(e: Error & { level?: string }, where: string): ClientError {
  if (e.level === 'client-authentication') return new UnauthorizedError(`${where} refused the SSH login (${e.message})`, { cause: e })
  if (e.level === 'client-timeout') return new TimeoutError(`SSH to ${where}: ${e.message}`, { cause: e })
  return new NetworkError(`SSH to ${where} failed: ${e.message}`, { cause: e })
}

async function readKeyFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (e) {
    throw new InputError(`cannot read the SSH private key ${path}: ${(e as Error).message}`, { cause: e })
  }
}

/** Builds the host-key check once, before connecting: it returns the refusal, or undefined to accept. */
async function hostKeyCheck(policy: HostKeyPolicy | undefined, host: string, port: number): Promise<(key: Buffer) => HostKeyError | undefined> {
  if (policy === 'accept-any') return () => undefined
  if (typeof policy === 'string' || Array.isArray(policy)) {
    const list = (typeof policy === 'string' ? [policy] : (policy as readonly string[])).map(normaliseFingerprint)
    if (list.length === 0) throw new InputError('hostKey lists no fingerprint')
    return (key) => {
      const fingerprint = sha256Fingerprint(key)
      return list.includes(fingerprint) ? undefined : new HostKeyError(`the host key of ${host}:${port} (${fingerprint}) is not the expected one`, { fingerprint, reason: 'mismatch', host, port })
    }
  }
  const file = (policy as { knownHosts: string } | undefined)?.knownHosts ?? join(homedir(), '.ssh', 'known_hosts')
  let text = ''
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`cannot read known_hosts ${file}: ${(e as Error).message}`, { cause: e })
  }
  return (key) => {
    const verdict = checkKnownHosts(text, host, port, key)
    if (verdict === 'match') return undefined
    const fingerprint = sha256Fingerprint(key)
    const why = verdict === 'unknown' ? `is not in ${file}` : verdict === 'revoked' ? `is revoked in ${file}` : `differs from the one in ${file}`
    return new HostKeyError(`the host key of ${host}:${port} (${fingerprint}) ${why}`, { fingerprint, reason: verdict, host, port })
  }
}
