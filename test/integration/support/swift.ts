// test/integration/support/swift.ts — sessions and clients for the real Swift started by scripts/peers/swift.sh.
import { randomBytes } from 'node:crypto'
import { KeystoneSession } from '../../../src/auth/keystone.js'
import { TempAuthSession } from '../../../src/auth/tempauth.js'
import { StorageClient } from '../../../src/storage/client.js'

/** A required variable from $STRATO_PEERS_DIR/env.sh; missing means the peers did not start, which fails the run. */
export function env(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run through npm run test:integration (scripts/peers/*.sh env)`)
  return value
}

/** The two ways strato authenticates to Swift. */
export type SwiftAuth = 'tempauth' | 'keystone'

export interface SwiftFixture {
  storage: StorageClient
  session: TempAuthSession | KeystoneSession
  close(): Promise<void>
}

/** A StorageClient on the real Swift, authenticated one way or the other. */
export async function swiftClient(auth: SwiftAuth, extra: Partial<ConstructorParameters<typeof StorageClient>[0]> = {}): Promise<SwiftFixture> {
  const session =
    auth === 'tempauth'
      ? await TempAuthSession.login({ authUrl: env('STRATO_SWIFT_TEMPAUTH_URL'), user: env('STRATO_SWIFT_TEMPAUTH_USER'), key: env('STRATO_SWIFT_TEMPAUTH_KEY') })
      : await KeystoneSession.password({ authUrl: env('STRATO_KEYSTONE_URL'), username: 'demo', password: 'demo-secret', projectName: 'demo' })
  const storage = new StorageClient({ session, ...extra })
  return {
    storage,
    session,
    async close() {
      await storage.close()
      await session.close()
    },
  }
}

/** A name no other test run uses. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`
}

/** Deterministic pseudo-random bytes (fast; different for each seed). */
export function bytes(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size)
  let x = seed * 2654435761 || 1
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}
