// src/core/options.ts — the options of a Client and of each call, and what a session must provide.
import type { RequestBody } from './body.js'
import type { Logger } from './events.js'
import type { RetryOptions } from './retry.js'
import type { TlsOptions } from './transport.js'

/** Endpoint interfaces of the OpenStack catalog. */
export type EndpointInterface = 'public' | 'internal' | 'admin'

/**
 * What a Client needs from an authenticated session (a KeystoneSession, a Swift tempauth
 * session, or your own): tokens, forgetting a rejected token, and optionally the catalog.
 * core/ knows no service, so it sees sessions only through this interface.
 * @example const c = new Client({ session: await KeystoneSession.fromEnv(), serviceType: 'object-store' })
 */
export interface AuthProvider {
  /** A valid token, authenticating (once, however many callers wait) when there is none. */
  token(opts?: { signal?: AbortSignal }): Promise<string>
  /**
   * The server rejected `token` with 401. If it is still the current token, drop it so the next
   * `token()` re-authenticates; a token already replaced is ignored, so many simultaneous 401s
   * cause one re-authentication.
   */
  invalidate(token: string): void
  /** The endpoint of a service from the catalog. */
  endpointFor?(serviceType: string, opts?: { region?: string; interface?: EndpointInterface; signal?: AbortSignal }): Promise<string>
  /** Removes the session's secrets (passwords, tokens) from text bound for an error or a log. */
  redact?(text: string): string
}

/** A token, or a function that returns the current one (called before every attempt). */
export type TokenSource = string | ((opts: { signal?: AbortSignal }) => Promise<string>)

/**
 * Options of a Client. Give `endpoint`, or `session` with `serviceType` to find it in the catalog.
 * @example new Client({ endpoint: 'http://127.0.0.1:8080/v1/AUTH_test', token, timeoutMs: 30_000 })
 */
export interface ClientOptions {
  /** Base URL every relative path is joined to. */
  endpoint?: string | URL
  /** Supplies tokens (re-authenticating on 401) and, with `serviceType`, the endpoint. */
  session?: AuthProvider
  /** Catalog type (`compute`, `object-store`, `image`, …) looked up through `session`. */
  serviceType?: string
  region?: string
  interface?: EndpointInterface
  /** A fixed token or a provider; ignored when `session` is given. */
  token?: TokenSource
  /** Header that carries the token. Default `X-Auth-Token`. */
  tokenHeader?: string
  /** Limit for one attempt: until the response headers, and for reading a buffered body. Default 60 s; 0 disables. */
  timeoutMs?: number
  /** Limit for a whole call, retries and backoff included, until the response arrives. Default none. */
  totalTimeoutMs?: number
  /** Longest silence while streaming a body, in either direction of a transfer. Default 120 s; 0 disables. */
  stallTimeoutMs?: number
  /** Retry settings merged over the defaults; `false` or `0` turns retries off. */
  retry?: Partial<RetryOptions> | false | number
  /** Headers sent with every request. */
  headers?: Record<string, string>
  /** Aborts every call of this client. */
  signal?: AbortSignal
  logger?: Logger
  /** A fetch implementation; when given, strato creates no dispatcher of its own. */
  fetch?: typeof fetch
  tls?: TlsOptions
  /** A proxy URL, or `false` to ignore HTTPS_PROXY/HTTP_PROXY. */
  proxy?: string | false
  /** Prepended to strato's own User-Agent, e.g. `mytool/1.2`. */
  userAgent?: string
  /**
   * Signs every attempt after its headers are final (AWS SigV4 or SigV2 for the Query APIs): a
   * retry is signed anew, with a fresh date. Calls of a signing client take string bodies only.
   */
  sign?: RequestSigner
}

/**
 * One attempt as a signer sees it: the final method, URL (query included), headers (lower-case
 * names) and body text.
 * @example const digest = createHash('sha256').update(req.body ?? '').digest('hex')
 */
export interface SignableRequest {
  method: string
  url: string
  headers: Readonly<Record<string, string>>
  body: string | undefined
  signal?: AbortSignal
}

/**
 * What a signer changes: headers to add (such as `Authorization` and `X-Amz-Date`), and for
 * signatures carried in the request itself (SigV2) a new URL or body.
 * @example ({ headers: { authorization: 'AWS4-HMAC-SHA256 Credential=…', 'x-amz-date': '20150830T123600Z' } })
 */
export interface SignedRequest {
  headers?: Record<string, string>
  url?: string
  body?: string
}

/**
 * Signs one attempt; see {@link ClientOptions.sign}. Secrets it adds must travel in headers the
 * redaction module knows (`Authorization`, `X-Amz-Security-Token`) or in the body, never in a
 * URL parameter other than the known signature ones.
 * @example const sign: RequestSigner = async (req) => ({ headers: await sigv4(req) })
 */
export type RequestSigner = (request: SignableRequest) => Promise<SignedRequest> | SignedRequest

/** Query parameters; undefined and null are left out, arrays repeat the key. */
export type QueryParams = Record<string, string | number | boolean | readonly (string | number | boolean)[] | null | undefined>

/**
 * Options of one call. Nothing is shared between calls: each gets its own headers, query and limits.
 * @example await client.put(path`/c/${name}`, { body: 'hello', headers: { 'Content-Type': 'text/plain' }, expect: [201] })
 */
export interface CallOptions {
  query?: QueryParams
  /** Headers for this call; a value of undefined removes a client-wide header. */
  headers?: Record<string, string | undefined>
  /** A value sent as JSON (sets Content-Type). Exclusive with `body`. */
  json?: unknown
  body?: RequestBody
  /** Statuses that count as success. Default any 2xx. */
  expect?: readonly number[]
  signal?: AbortSignal
  timeoutMs?: number
  totalTimeoutMs?: number
  stallTimeoutMs?: number
  retry?: Partial<RetryOptions> | false | number
  /** Declares a POST or PATCH safe to repeat (e.g. it carries an idempotency key). */
  idempotent?: boolean
  /** Send the token. Default true; false for calls that authenticate. */
  auth?: boolean
}
