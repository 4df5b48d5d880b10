// test/compute/support-fake.ts — a fake cloud behind msw with a KeystoneSession and ComputeClients found through its catalog.
import { createHash, generateKeyPairSync } from 'node:crypto'
import { setupServer } from 'msw/node'
import { KeystoneSession } from '../../src/auth/keystone.js'
import { ClientError } from '../../src/core/errors.js'
import { ComputeClient, type ComputeClientOptions, type WaitForServerOptions } from '../../src/compute/index.js'
import { createFakeCloud, type FakeCloud, type FakeCloudOptions } from '../../src/testing/index.js'

export { CIRROS_IMAGE_ID, UBUNTU_IMAGE_ID } from '../../src/testing/nova-seed.js'

/** Fake time each poll of a wait moves the cloud's clock by (builds take 2000 ms, actions 1000 ms). */
export const STEP_MS = 250

/** One fake cloud, a session logged in as demo, and the clients a test file made (all closed by `close()`). */
export interface FakeCompute {
  cloud: FakeCloud
  session: KeystoneSession
  /** A new ComputeClient through the catalog (no endpoint), with fast retries; closed by `close()`. */
  client(opts?: Omit<ComputeClientOptions, 'session'>): ComputeClient
  /** Wait options that poll every millisecond and move fake time on by STEP_MS after each poll. */
  fast(extra?: WaitForServerOptions): WaitForServerOptions
  /** Requests the cloud served since `mark` (an index into cloud.requests). */
  since(mark: number): { method: string; path: string }[]
  close(): Promise<void>
}

/**
 * Starts a fake cloud (slow enough builds and actions that a state read right after a call is
 * still the intermediate one), serves it through msw and logs demo in through Keystone.
 */
export async function startFakeCompute(opts: FakeCloudOptions = {}): Promise<FakeCompute> {
  const cloud = await createFakeCloud({ ...opts, nova: { buildDelayMs: 2000, actionDelayMs: 1000, ...opts.nova } })
  const msw = setupServer(...cloud.handlers)
  msw.listen({ onUnhandledFrame: 'error' })
  const session = await KeystoneSession.password({ authUrl: `${cloud.baseUrl}/identity/v3`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
  const clients: ComputeClient[] = []
  return {
    cloud,
    session,
    client: (o = {}) => {
      const c = new ComputeClient({ session, retry: { backoff: { baseMs: 1, maxMs: 2 } }, ...o })
      clients.push(c)
      return c
    },
    fast: (extra = {}) => ({
      intervalMs: 1,
      maxIntervalMs: 1,
      timeoutMs: 10_000,
      onProgress: () => cloud.clock.advance(STEP_MS),
      ...extra,
    }),
    since: (mark) => cloud.requests.slice(mark).map((r) => ({ method: r.method, path: r.path })),
    close: async () => {
      await Promise.all(clients.map((c) => c.close()))
      await session.close()
      msw.close()
    },
  }
}

/** What a promise rejected with; fails when it resolves or rejects with something else than a ClientError. */
export async function rejection(p: Promise<unknown>): Promise<ClientError> {
  const outcome = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(outcome instanceof ClientError)) throw new Error(`expected a ClientError rejection, got ${String(outcome)}`)
  return outcome
}

function sshString(data: Uint8Array): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  return Buffer.concat([length, data])
}

/** A fresh OpenSSH ed25519 public key and the MD5 fingerprint Nova shows for it. */
export function ed25519PublicKey(comment: string): { publicKey: string; fingerprint: string } {
  const { publicKey } = generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
  const blob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(publicKey.subarray(-32))])
  const fingerprint = createHash('md5').update(blob).digest('hex').match(/../g)!.join(':')
  return { publicKey: `ssh-ed25519 ${blob.toString('base64')} ${comment}`, fingerprint }
}
