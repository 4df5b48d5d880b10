// src/auth/keystone.ts — KeystoneSession: Keystone v3 tokens, refreshed early and re-obtained once for many callers.
import { EventEmitter } from 'eventemitter3'
import { Client } from '../core/client.js'
import { InputError, ResponseError } from '../core/errors.js'
import type { Logger } from '../core/events.js'
import type { AuthProvider, EndpointInterface } from '../core/options.js'
import { SecretScrubber } from '../core/redact.js'
import type { TlsOptions } from '../core/transport.js'
import { parseResponse } from '../core/validation.js'
import { findEndpoint } from './catalog.js'
import { authRequestBody } from './keystone-body.js'
import { loadCloudsYaml } from './clouds.js'
import { configFromEnv } from './env.js'
import {
  scopeFrom,
  sessionOptionsFromConfig,
  settingsFrom,
  userFrom,
  type ApplicationCredentialLogin,
  type PasswordLogin,
  type SessionSettings,
  type TokenLogin,
} from './login.js'
import { TokenBodySchema, type CatalogEntry, type TokenBody } from './keystone-schemas.js'
import { TokenCache, authenticated } from './token-cache.js'
import type { KeystoneConfig, KeystoneCredentials, KeystoneScope } from './types.js'

/**
 * Options of a KeystoneSession. The static helpers (`password`, `token`, `applicationCredential`,
 * `fromEnv`, `fromCloudsYaml`) build these for you.
 * @example new KeystoneSession({ authUrl, credentials: { method: 'token', token }, scope: { project: { id } } })
 */
export interface KeystoneSessionOptions {
  /** Identity endpoint, with or without `/v3`. */
  authUrl: string
  credentials: KeystoneCredentials
  scope?: KeystoneScope
  region?: string
  interface?: EndpointInterface
  tls?: TlsOptions
  fetch?: typeof fetch
  logger?: Logger
  /** Per-attempt limit of identity calls. Default 30 s. */
  timeoutMs?: number
  /** Re-authenticate when the token has less than this left. Default 120 s (keystoneauth's margin). */
  refreshBeforeMs?: number
  userAgent?: string
  proxy?: string | false
}

/** What a session knows about its current token (never the token itself). */
export interface TokenInfo {
  expiresAt: Date
  issuedAt?: Date
  methods: string[]
  user: TokenBody['user']
  project?: TokenBody['project']
  domain?: TokenBody['domain']
  roles: string[]
  catalog: CatalogEntry[]
}

/** Events of a session. @example session.on('authenticated', (e) => console.log('token until', e.expiresAt)) */
export interface KeystoneSessionEvents {
  authenticated: [{ method: string; expiresAt: Date; durationMs: number }]
}

interface CurrentToken {
  token: string
  expiresAt: number
  info: TokenInfo
}

/**
 * A Keystone v3 session: authenticates, keeps the token fresh (early refresh before expiry),
 * re-authenticates once when many requests meet a 401 together, and finds endpoints in the
 * catalog. Pass it to any service client as `session`.
 * @example
 * const session = await KeystoneSession.password({ authUrl, username: 'demo', password, projectName: 'demo' })
 * const url = await session.endpointFor('object-store')
 */
export class KeystoneSession extends EventEmitter<KeystoneSessionEvents> implements AuthProvider {
  readonly authUrl: string
  readonly #opts: KeystoneSessionOptions
  readonly #http: Client
  readonly #scrubber = new SecretScrubber()
  readonly #tokens: TokenCache<CurrentToken>
  #authentications = 0

  constructor(options: KeystoneSessionOptions) {
    super()
    this.authUrl = identityV3Url(options.authUrl)
    this.#opts = options
    this.#tokens = new TokenCache(() => this.#obtain(), options.refreshBeforeMs ?? 120_000)
    const c = options.credentials
    this.#scrubber.add(c.method === 'password' ? c.password : c.method === 'token' ? c.token : c.secret)
    this.#http = new Client({
      endpoint: this.authUrl,
      timeoutMs: options.timeoutMs ?? 30_000,
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(options.proxy !== undefined ? { proxy: options.proxy } : {}),
    })
  }

  /**
   * Authenticates with a password. Rejects with UnauthorizedError when Keystone refuses it.
   * @example const s = await KeystoneSession.password({ authUrl, username: 'demo', password, projectName: 'demo' })
   */
  static async password(login: PasswordLogin): Promise<KeystoneSession> {
    const scope = scopeFrom(login)
    return KeystoneSession.#open({
      ...settingsFrom(login),
      authUrl: login.authUrl,
      credentials: { method: 'password', password: login.password, ...userFrom(login) },
      ...(scope ? { scope } : {}),
    })
  }

  /**
   * Authenticates with an existing token, e.g. to scope an unscoped one.
   * @example const s = await KeystoneSession.token({ authUrl, token, projectName: 'demo' })
   */
  static async token(login: TokenLogin): Promise<KeystoneSession> {
    const scope = scopeFrom(login)
    return KeystoneSession.#open({
      ...settingsFrom(login),
      authUrl: login.authUrl,
      credentials: { method: 'token', token: login.token },
      ...(scope ? { scope } : {}),
    })
  }

  /**
   * Authenticates with an application credential (already scoped to its project).
   * @example const s = await KeystoneSession.applicationCredential({ authUrl, id, secret })
   */
  static async applicationCredential(login: ApplicationCredentialLogin): Promise<KeystoneSession> {
    return KeystoneSession.#open({
      ...settingsFrom(login),
      authUrl: login.authUrl,
      credentials: {
        method: 'applicationCredential',
        secret: login.secret,
        ...(login.id ? { id: login.id } : {}),
        ...(login.name ? { name: login.name } : {}),
        ...userFrom(login),
      },
    })
  }

  /**
   * A session from a configuration (what `fromEnv` and `fromCloudsYaml` read), authenticated.
   * @example await KeystoneSession.fromConfig({ authUrl, credentials: { method: 'token', token } })
   */
  static async fromConfig(config: KeystoneConfig, settings: SessionSettings = {}): Promise<KeystoneSession> {
    return KeystoneSession.#open(sessionOptionsFromConfig(config, settings))
  }

  /**
   * A session from OS_* variables (or OS_CLOUD's clouds.yaml entry), authenticated.
   * @example const session = await KeystoneSession.fromEnv()
   */
  static async fromEnv(env: NodeJS.ProcessEnv = process.env, settings: SessionSettings = {}): Promise<KeystoneSession> {
    return KeystoneSession.fromConfig(await configFromEnv(env), settings)
  }

  /**
   * A session from a clouds.yaml entry (plus secure.yaml), searched where openstacksdk looks.
   * @example const session = await KeystoneSession.fromCloudsYaml('mycloud')
   */
  static async fromCloudsYaml(cloud?: string, opts: SessionSettings & { path?: string } = {}): Promise<KeystoneSession> {
    const { path: file, ...settings } = opts
    return KeystoneSession.fromConfig(await loadCloudsYaml(cloud, file ? { path: file } : {}), settings)
  }

  static async #open(options: KeystoneSessionOptions): Promise<KeystoneSession> {
    return authenticated(new KeystoneSession(options))
  }

  /** How many times this session obtained a token. @example expect(session.authentications).toBe(1) */
  get authentications(): number {
    return this.#authentications
  }

  /** The current token's details, once authenticated. @example session.tokenInfo?.expiresAt */
  get tokenInfo(): TokenInfo | undefined {
    return this.#tokens.current?.info
  }

  /** The service catalog of the current token. @example (await session.authenticate(), session.catalog()) */
  catalog(): CatalogEntry[] {
    return this.#tokens.current?.info.catalog ?? []
  }

  /**
   * Obtains a token now (one request however many callers ask at once). The static helpers call it,
   * so bad credentials fail where the session is created.
   * @example await session.authenticate()
   */
  async authenticate(opts: { signal?: AbortSignal } = {}): Promise<TokenInfo> {
    return (await this.#tokens.refresh(opts.signal)).info
  }

  /** A valid token, refreshed when it expires within `refreshBeforeMs`. @example headers['X-Auth-Token'] = await session.token() */
  async token(opts: { signal?: AbortSignal } = {}): Promise<string> {
    return (await this.#tokens.get(opts.signal)).token
  }

  /** Forgets `token` if it is still the current one (a server answered 401 to it). @example session.invalidate(oldToken) */
  invalidate(token: string): void {
    this.#tokens.invalidate(token)
  }

  /**
   * The endpoint URL of a service type, from the catalog (authenticating first if needed).
   * @example await session.endpointFor('image', { interface: 'internal' })
   */
  async endpointFor(serviceType: string, opts: { region?: string; interface?: EndpointInterface; signal?: AbortSignal } = {}): Promise<string> {
    const current = await this.#tokens.get(opts.signal)
    const region = opts.region ?? this.#opts.region
    const iface = opts.interface ?? this.#opts.interface
    const projectId = current.info.project?.id
    return findEndpoint(current.info.catalog, serviceType, {
      ...(region ? { region } : {}),
      ...(iface ? { interface: iface } : {}),
      ...(projectId ? { projectId } : {}),
    })
  }

  /** Removes this session's password, secret and tokens from a text. @example session.redact(message) */
  redact(text: string): string {
    return this.#scrubber.scrub(text)
  }

  /** Revokes the current token on the server (DELETE /v3/auth/tokens) and forgets it. @example await session.revoke() */
  async revoke(opts: { signal?: AbortSignal } = {}): Promise<void> {
    const current = this.#tokens.current
    if (!current) return
    this.#tokens.clear()
    await this.#http.delete('/auth/tokens', {
      auth: false,
      headers: { 'X-Auth-Token': current.token, 'X-Subject-Token': current.token },
      expect: [204, 404],
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
  }

  /** Releases the session's connections. The token stays valid on the server. @example await session.close() */
  async close(): Promise<void> {
    await this.#http.close()
  }

  /** `await using session = await KeystoneSession.fromEnv()` */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  async #obtain(): Promise<CurrentToken> {
    const started = performance.now()
    const credentials = this.#opts.credentials
    const body = authRequestBody(credentials, this.#opts.scope)
    // Creating a token changes nothing on the server, so the POST is safe to retry.
    const response = await this.#http.post('/auth/tokens', { auth: false, json: body, expect: [200, 201], idempotent: true })
    const id = response.headers.get('x-subject-token')
    const raw = await response.text()
    const url = `${this.authUrl}/auth/tokens`
    if (!id) throw new ResponseError(`POST ${url}: no X-Subject-Token in the answer`, { status: response.status, method: 'POST', url })
    this.#scrubber.add(id)
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch (cause) {
      throw new ResponseError(`POST ${url}: expected a JSON body`, { status: response.status, method: 'POST', url, details: [raw.slice(0, 2000)], cause })
    }
    const token = parseResponse(TokenBodySchema, (json as { token?: unknown }).token, { method: 'POST', url, status: response.status })
    const info: TokenInfo = {
      expiresAt: new Date(token.expires_at),
      ...(token.issued_at ? { issuedAt: new Date(token.issued_at) } : {}),
      methods: token.methods,
      user: token.user,
      ...(token.project ? { project: token.project } : {}),
      ...(token.domain ? { domain: token.domain } : {}),
      roles: (token.roles ?? []).map((r) => r.name ?? r.id),
      catalog: token.catalog ?? [],
    }
    if (Number.isNaN(info.expiresAt.getTime())) {
      throw new ResponseError(`POST ${url}: expires_at is not a date`, { details: [token.expires_at] })
    }
    this.#authentications++
    this.emit('authenticated', { method: credentials.method, expiresAt: info.expiresAt, durationMs: performance.now() - started })
    return { token: id, expiresAt: info.expiresAt.getTime(), info }
  }
}

/**
 * The `/v3` URL of an identity endpoint given as `http://host:5000`, `…/v3` or `…/v3/`.
 * @example identityV3Url('http://127.0.0.1:5000') // 'http://127.0.0.1:5000/v3'
 */
export function identityV3Url(authUrl: string): string {
  let url: URL
  try {
    url = new URL(authUrl)
  } catch (cause) {
    throw new InputError(`authUrl ${authUrl} is not an absolute URL`, { cause })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`authUrl ${authUrl} must be an http or https URL`)
  const trimmed = url.href.replace(/\/+$/, '')
  if (/\/v2\.0$/.test(trimmed)) throw new InputError('Keystone v2.0 is not supported: use the /v3 identity endpoint')
  return /\/v3$/.test(trimmed) ? trimmed : `${trimmed}/v3`
}
