// src/auth/tempauth.ts — TempAuthSession: Swift's tempauth (`/auth/v1.0`), the auth most Swift test rigs use.
import { Client } from '../core/client.js'
import { InputError, ResponseError } from '../core/errors.js'
import type { AuthProvider, EndpointInterface } from '../core/options.js'
import { SecretScrubber } from '../core/redact.js'
import type { TlsOptions } from '../core/transport.js'
import { TokenCache, authenticated } from './token-cache.js'

/**
 * Options of a tempauth session: the proxy's auth URL, the `account:user` name and its key.
 * @example { authUrl: 'http://127.0.0.1:8080/auth/v1.0', user: 'test:tester', key: 'testing' }
 */
export interface TempAuthOptions {
  /** Full auth URL, usually ending in `/auth/v1.0`. */
  authUrl: string
  /** `account:user`. */
  user: string
  key: string
  tls?: TlsOptions
  fetch?: typeof fetch
  timeoutMs?: number
  /** Re-authenticate when the token has less than this left (from X-Auth-Token-Expires). Default 60 s. */
  refreshBeforeMs?: number
}

interface Current {
  token: string
  storageUrl: string
  expiresAt: number
}

/**
 * A Swift tempauth session. It serves only `object-store`; give it to a storage client as `session`.
 * @example
 * const session = await TempAuthSession.login({ authUrl, user: 'test:tester', key: 'testing' })
 * const storage = new StorageClient({ session })
 */
export class TempAuthSession implements AuthProvider {
  readonly #opts: TempAuthOptions
  readonly #http: Client
  readonly #scrubber = new SecretScrubber()
  readonly #tokens: TokenCache<Current>

  constructor(options: TempAuthOptions) {
    if (!options.user.includes(':')) throw new InputError('tempauth user must be written account:user, e.g. test:tester')
    this.#opts = options
    this.#tokens = new TokenCache(() => this.#obtain(), options.refreshBeforeMs ?? 60_000)
    this.#scrubber.add(options.key)
    this.#http = new Client({
      endpoint: options.authUrl,
      timeoutMs: options.timeoutMs ?? 30_000,
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    })
  }

  /** Creates a session and authenticates at once, so bad credentials fail here. @example await TempAuthSession.login(opts) */
  static async login(options: TempAuthOptions): Promise<TempAuthSession> {
    return authenticated(new TempAuthSession(options))
  }

  /** Obtains a token (one request however many callers ask). @example await session.authenticate() */
  async authenticate(opts: { signal?: AbortSignal } = {}): Promise<void> {
    await this.#tokens.refresh(opts.signal)
  }

  /** A valid token. @example await session.token() */
  async token(opts: { signal?: AbortSignal } = {}): Promise<string> {
    return (await this.#tokens.get(opts.signal)).token
  }

  /** Forgets `token` if it is the current one. @example session.invalidate(t) */
  invalidate(token: string): void {
    this.#tokens.invalidate(token)
  }

  /** The storage URL tempauth returned; tempauth knows no other service. @example await session.endpointFor('object-store') */
  async endpointFor(serviceType: string, opts: { region?: string; interface?: EndpointInterface; signal?: AbortSignal } = {}): Promise<string> {
    if (serviceType !== 'object-store') throw new InputError(`tempauth only serves object-store, not ${serviceType}`)
    return (await this.#tokens.get(opts.signal)).storageUrl
  }

  /** Removes the key and tokens from a text. @example session.redact(msg) */
  redact(text: string): string {
    return this.#scrubber.scrub(text)
  }

  /** Releases connections. @example await session.close() */
  async close(): Promise<void> {
    await this.#http.close()
  }

  /** `await using session = await TempAuthSession.login(…)` */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  async #obtain(): Promise<Current> {
    const r = await this.#http.get('', { auth: false, headers: { 'X-Auth-User': this.#opts.user, 'X-Auth-Key': this.#opts.key }, expect: [200, 204] })
    await r.discard()
    const token = r.headers.get('x-auth-token') ?? r.headers.get('x-storage-token')
    const storageUrl = r.headers.get('x-storage-url')
    if (!token || !storageUrl) {
      throw new ResponseError(`GET ${r.url}: tempauth answered without X-Auth-Token or X-Storage-Url`, { status: r.status, method: 'GET', url: r.url })
    }
    this.#scrubber.add(token)
    const ttl = Number(r.headers.get('x-auth-token-expires'))
    // Without an expiry header assume a day, tempauth's default token_life.
    const expiresAt = Date.now() + (Number.isFinite(ttl) && ttl > 0 ? ttl * 1000 : 86_400_000)
    return { token, storageUrl, expiresAt }
  }
}
