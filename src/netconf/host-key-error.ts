// src/netconf/host-key-error.ts — HostKeyError: the SSH server's key was refused before any credential was sent.
import { ClientError, type ClientErrorInit } from '../core/errors.js'

/** Everything a HostKeyError is built from. */
export interface HostKeyErrorInit extends ClientErrorInit {
  /** The server key's SHA256 fingerprint, to compare with what the device's owner publishes. */
  fingerprint: string
  /** `unknown` (not listed), `mismatch` (listed with another key: possibly an attack), `revoked`. */
  reason: 'unknown' | 'mismatch' | 'revoked'
  host: string
  port: number
}

/**
 * The SSH server presented a host key that the `hostKey` policy does not accept. The connection
 * was closed before authentication, so no password or key signature reached the server. To trust
 * the key, check `fingerprint` out of band and pass it as `hostKey`.
 * @example
 * try { await NetconfClient.connect({ ssh: { host, username, password } }) }
 * catch (e) { if (e instanceof HostKeyError) console.error(`unknown key ${e.fingerprint}`) }
 */
export class HostKeyError extends ClientError {
  override readonly name = 'HostKeyError' as const
  readonly fingerprint: string
  readonly reason: 'unknown' | 'mismatch' | 'revoked'
  readonly host: string
  readonly port: number

  constructor(message: string, init: HostKeyErrorInit) {
    super(message, { code: `host-key-${init.reason}`, details: [`fingerprint ${init.fingerprint}`], ...init })
    this.fingerprint = init.fingerprint
    this.reason = init.reason
    this.host = init.host
    this.port = init.port
  }
}
