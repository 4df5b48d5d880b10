// src/core/client.ts — Client: the HTTP layer every service client extends (auth, retries, limits, events).
import { EventEmitter } from 'eventemitter3'
import type { KyInstance, Options as KyOptions } from 'ky'
import type { Dispatcher } from 'undici'
import { abortReason, raceSignal, sleep } from './abort.js'
import { canReplay, prepareBody } from './body.js'
import { errorFromResponse, type ErrorResponseInfo } from './error-response.js'
import { isXml, loadXmlParser } from './xml.js'
import { ClientError, InputError, NetworkError, ResponseError, TimeoutError, isClientError } from './errors.js'
import type { ClientEvents, Logger } from './events.js'
import type { CallOptions, ClientOptions, QueryParams } from './options.js'
import { ClientResponse } from './response.js'
import { DEFAULT_RETRY, decideRetry, resolveRetry, type HttpMethod, type RetryOptions } from './retry.js'
import { SecretScrubber, redactHeaders, redactUrl } from './redact.js'
import { dispatchStreaming } from './stream-dispatch.js'
import { recycleChunks } from './pull-stream.js'
import { createDispatcher } from './transport.js'
import { VERSION } from './version.js'

export { path, type EncodedPath } from './path.js'
export type { CallOptions, ClientOptions } from './options.js'

const DEFAULT_TIMEOUT_MS = 60_000
const DEFAULT_STALL_MS = 120_000

/**
 * The base of every strato client: joins paths to the endpoint, adds the token, sends through ky,
 * retries what is safe to retry, maps failures to {@link ClientError}s and reports each attempt
 * as an event. Service clients extend it; it can also be used alone for any OpenStack-style API.
 * @example
 * const c = new Client({ endpoint: 'http://127.0.0.1:5000/v3' })
 * const r = await c.get(path`/projects/${id}`, { expect: [200] })
 */
export class Client extends EventEmitter<ClientEvents> {
  readonly #opts: ClientOptions
  readonly #retry: RetryOptions
  readonly #scrubber = new SecretScrubber()
  readonly #userAgent: string
  #endpoint: Promise<string> | undefined
  #dispatcher: Dispatcher | undefined
  #ky: KyInstance | undefined
  #kyReady: Promise<KyInstance> | undefined
  #closed = false
  readonly #streamedBodies = new WeakSet<ReadableStream<Uint8Array>>()

  constructor(options: ClientOptions = {}) {
    super()
    checkLimits(options)
    if (options.endpoint === undefined && !(options.session?.endpointFor && options.serviceType)) {
      throw new InputError('Client needs an `endpoint`, or a `session` with a `serviceType` to find one in the catalog')
    }
    if (options.endpoint !== undefined) this.#endpoint = Promise.resolve(normaliseEndpoint(options.endpoint))
    this.#opts = options
    this.#retry = resolveRetry(DEFAULT_RETRY, options.retry)
    if (typeof options.token === 'string') this.#scrubber.add(options.token)
    this.#userAgent = `${options.userAgent ? `${options.userAgent} ` : ''}strato/${VERSION} node/${process.versions.node}`
  }

  /** The base URL, from the options or the session's catalog (looked up once). @example await client.endpoint() */
  endpoint(signal?: AbortSignal | undefined): Promise<string> {
    this.#endpoint ??= this.#lookupEndpoint(signal)
    return this.#endpoint
  }

  /** Logger given in the options, if any. @example this.logger?.info({ id }, 'created') */
  protected get logger(): Logger | undefined {
    return this.#opts.logger
  }

  /** Removes every secret this client knows of from a text. @example this.redact(err.message) */
  redact(text: string): string {
    const own = this.#scrubber.scrub(text)
    return this.#opts.session?.redact ? this.#opts.session.redact(own) : own
  }

  /** GET. @example await client.get(path`/servers/${id}`) */
  get(p: string, opts?: CallOptions): Promise<ClientResponse> {
    return this.request('GET', p, opts)
  }
  /** HEAD. @example (await client.head(path`/${c}/${o}`)).headers.get('etag') */
  head(p: string, opts?: CallOptions): Promise<ClientResponse> {
    return this.request('HEAD', p, opts)
  }
  /** POST; retried only when the call says `idempotent: true`. @example await client.post('/servers', { json: { server } }) */
  post(p: string, opts?: CallOptions): Promise<ClientResponse> {
    return this.request('POST', p, opts)
  }
  /** PUT. @example await client.put(path`/${c}`, { expect: [201, 202] }) */
  put(p: string, opts?: CallOptions): Promise<ClientResponse> {
    return this.request('PUT', p, opts)
  }
  /** PATCH; not retried unless `idempotent: true`. @example await client.patch(path`/images/${id}`, { body, headers }) */
  patch(p: string, opts?: CallOptions): Promise<ClientResponse> {
    return this.request('PATCH', p, opts)
  }
  /** DELETE. @example await client.delete(path`/servers/${id}`, { expect: [204] }) */
  delete(p: string, opts?: CallOptions): Promise<ClientResponse> {
    return this.request('DELETE', p, opts)
  }
  /** COPY (Swift server-side copy). @example await client.copy(path`/${c}/${o}`, { headers: { Destination: '/c2/o2' } }) */
  copy(p: string, opts?: CallOptions): Promise<ClientResponse> {
    return this.request('COPY', p, opts)
  }
  /** MOVE (Pithos server-side move). @example await client.move(path`/${c}/${o}`, { headers: { Destination: '/c2/o2' } }) */
  move(p: string, opts?: CallOptions): Promise<ClientResponse> {
    return this.request('MOVE', p, opts)
  }

  /**
   * Sends a request and resolves when a response with an expected status arrived; any other
   * outcome rejects with a ClientError subclass. `p` is a path relative to the endpoint (build it
   * with the `path` template) or an absolute URL (the token goes only to the endpoint's origin).
   * @example const r = await client.request('GET', path`/containers/${name}`, { query: { limit: 100 } })
   */
  async request(method: HttpMethod, p: string, opts: CallOptions = {}): Promise<ClientResponse> {
    if (this.#closed) throw new InputError('this client was closed')
    checkLimits(opts)
    if (opts.json !== undefined && opts.body !== undefined) throw new InputError('a call takes `json` or `body`, not both')
    const policy = resolveRetry(this.#retry, opts.retry)
    const call = {
      method,
      idempotent: opts.idempotent ?? policy.methods.includes(method),
      replayable: canReplay(opts.body),
    }
    const total = opts.totalTimeoutMs ?? this.#opts.totalTimeoutMs
    const totalCtl = total === undefined ? undefined : new AbortController()
    let url = ''
    const totalTimer =
      totalCtl && setTimeout(() => totalCtl.abort(new TimeoutError(`${method} ${redactUrl(url || p)}: no response within ${total} ms`)), total)
    const outer = combine(totalCtl?.signal, this.#opts.signal, opts.signal)
    const started = performance.now()
    let reauthenticated = false
    let lastAttempt = 0
    try {
      const endpoint = await this.endpoint(outer)
      url = resolveUrl(endpoint, p, opts.query)
      for (let attempt = 1; ; attempt++) {
        lastAttempt = attempt
        if (outer?.aborted) throw abortReason(outer, `${method} ${redactUrl(url)}`)
        let sentToken: string | undefined
        try {
          sentToken = await this.#token(url, endpoint, opts, outer)
          return await this.#attempt(method, url, attempt, sentToken, opts, outer)
        } catch (raw) {
          const error = this.#toClientError(raw, method, url, outer)
          if (outer?.aborted) throw error
          // One re-authentication per call: a second 401 means the credentials really are refused.
          if (error.status === 401 && sentToken !== undefined && this.#opts.session && !reauthenticated && call.replayable) {
            reauthenticated = true
            this.#opts.session.invalidate(sentToken)
            this.#emitRetry(method, url, attempt, 0, error)
            attempt--
            continue
          }
          const decision = decideRetry(policy, error, { ...call, attempt })
          if (!decision.retry) throw error
          this.#emitRetry(method, url, attempt, decision.delayMs, error)
          await sleep(decision.delayMs, outer)
        }
      }
    } catch (raw) {
      const error = this.#toClientError(raw, method, url, outer)
      const durationMs = performance.now() - started
      this.emit('error', { method, url: redactUrl(url), attempt: lastAttempt, status: error.status, durationMs, error })
      this.#opts.logger?.debug({ method, url: redactUrl(url), status: error.status, err: error.message }, 'strato request failed')
      throw error
    } finally {
      if (totalTimer) clearTimeout(totalTimer)
    }
  }

  /** Releases the keep-alive connections; calls made afterwards reject. @example await client.close() */
  async close(): Promise<void> {
    this.#closed = true
    await this.#kyReady?.catch(() => undefined) // a dispatcher still being created must be closed too
    const d = this.#dispatcher
    this.#dispatcher = undefined
    this.#ky = undefined
    this.#kyReady = undefined
    await d?.close()
  }

  /** `await using client = new Client(…)` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  async #attempt(
    method: HttpMethod,
    attemptUrl: string,
    attempt: number,
    token: string | undefined,
    opts: CallOptions,
    outer: AbortSignal | undefined,
  ): Promise<ClientResponse> {
    const timeoutMs = opts.timeoutMs ?? this.#opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const attemptCtl = new AbortController()
    let url = attemptUrl
    const safeUrl = redactUrl(url)
    let timer: ReturnType<typeof setTimeout> | undefined =
      timeoutMs === 0
        ? undefined
        : setTimeout(
            () => attemptCtl.abort(new TimeoutError(`${method} ${safeUrl}: attempt ${attempt} timed out after ${timeoutMs} ms`, { retryable: true })),
            timeoutMs,
          )
    const endAttemptTimer = (): void => {
      if (timer) clearTimeout(timer)
      timer = undefined
    }
    const signal = outer ? AbortSignal.any([outer, attemptCtl.signal]) : attemptCtl.signal
    const headers = this.#headers(opts, token)
    let body = opts.body
    if (this.#opts.sign) {
      if ((body !== undefined && typeof body !== 'string') || opts.json !== undefined) {
        endAttemptTimer()
        throw new InputError('a signing client sends string bodies only (serialise `json` into `body` first)')
      }
      const sign = this.#opts.sign
      try {
        // Raced against the attempt's signal: a credential provider that never answers must not
        // outlive the attempt timeout or an abort.
        const signed = (await raceSignal((async () => sign({ method, url, headers, body, signal }))(), signal)) ?? {}
        for (const [k, v] of Object.entries(signed.headers ?? {})) headers[k.toLowerCase()] = v
        if (signed.url !== undefined) url = signed.url
        if (signed.body !== undefined) body = signed.body
      } catch (e) {
        endAttemptTimer()
        if (isClientError(e) || signal.aborted) throw e
        // A failing signer or credential provider is no network error: not retried, cause kept.
        throw new ClientError(`signing ${method} ${safeUrl} failed: ${this.redact(e instanceof Error ? e.message : String(e))}`, { cause: e })
      }
    }
    const prepared = prepareBody(body)
    // A stream of known length goes with Content-Length, not chunked: servers can refuse or
    // preallocate early, and Swift checks the length it stores.
    if (prepared.streaming && prepared.size !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) {
      headers['content-length'] = String(prepared.size)
    }
    // ky builds a Request around the body stream itself, so #fetch recognises it by identity.
    if (prepared.streaming && prepared.body instanceof ReadableStream) this.#streamedBodies.add(prepared.body)
    if (this.listenerCount('request') > 0 || this.#opts.logger) {
      const event = { method, url: safeUrl, attempt, headers: redactHeaders(headers) }
      this.emit('request', event)
      this.#opts.logger?.debug(event, 'strato request')
    }
    const started = performance.now()
    try {
      const http = this.#ky ?? (await (this.#kyReady ??= this.#http()))
      const raw = await http(url, {
        method,
        headers,
        ...(opts.json !== undefined ? { json: opts.json } : prepared.body !== undefined ? { body: prepared.body } : {}),
        ...(prepared.streaming ? { duplex: 'half' as const } : {}),
        signal,
      } as KyOptions)
      const durationMs = performance.now() - started
      // Nothing left to read: the attempt is over (else a HEAD, or a 202 nobody reads, would hold its timer for timeoutMs).
      if (raw.body === null || method === 'HEAD' || raw.headers.get('content-length') === '0') endAttemptTimer()
      const response = new ClientResponse(raw, {
        signal,
        abort: (reason) => attemptCtl.abort(reason),
        endAttemptTimer,
        stallTimeoutMs: opts.stallTimeoutMs ?? this.#opts.stallTimeoutMs ?? DEFAULT_STALL_MS,
        method,
        url: safeUrl,
      })
      if (this.listenerCount('response') > 0 || this.#opts.logger) {
        const event = { method, url: safeUrl, attempt, status: raw.status, durationMs, requestId: response.requestId }
        this.emit('response', event)
        this.#opts.logger?.debug(event, 'strato response')
      }
      if (isExpected(raw.status, opts.expect)) return response
      throw await this.#statusError(response, method, safeUrl, opts.expect)
    } catch (e) {
      endAttemptTimer()
      throw e
    }
  }

  async #statusError(response: ClientResponse, method: string, url: string, expect: readonly number[] | undefined): Promise<ClientError> {
    const body = method === 'HEAD' ? '' : await response.text().catch(() => '')
    if (isXml(body)) await loadXmlParser()
    if (response.status < 400) {
      return new ResponseError(`${method} ${url}: expected status ${expect?.join(', ') ?? '2xx'}, got ${response.status}`, {
        status: response.status,
        method,
        url,
        details: body ? [this.redact(body.slice(0, 2000))] : [],
      })
    }
    return this.errorFromResponse({
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body,
      method,
      url,
      redact: (t) => this.redact(t),
    })
  }

  /**
   * Builds the error for a response outside `expect`. A service whose servers send error bodies
   * the core does not know (or whose codes say more than the status) overrides it; the result
   * still goes through the retry rules.
   * @example protected override errorFromResponse(info: ErrorResponseInfo) { return myServiceError(info) ?? super.errorFromResponse(info) }
   */
  protected errorFromResponse(info: ErrorResponseInfo): ClientError {
    return errorFromResponse(info)
  }

  #toClientError(raw: unknown, method: string, url: string, signal: AbortSignal | undefined): ClientError {
    const safeUrl = redactUrl(url)
    if (signal?.aborted) return abortReason(signal, `${method} ${safeUrl}`)
    if (isClientError(raw)) return raw
    const cause = raw instanceof Error && raw.name === 'NetworkError' && raw.cause !== undefined ? raw.cause : raw
    if (raw instanceof Error && raw.name === 'TimeoutError' && raw instanceof DOMException) {
      return new TimeoutError(`${method} ${safeUrl}: timed out`, { method, url: safeUrl, retryable: true, cause })
    }
    const reason = cause instanceof Error ? this.redact(describeCause(cause)) : 'request failed'
    return new NetworkError(`${method} ${safeUrl}: ${reason}`, { method, url: safeUrl, retryable: true, cause })
  }

  #emitRetry(method: string, url: string, attempt: number, delayMs: number, error: ClientError): void {
    const event = { method, url: redactUrl(url), attempt, status: error.status, delayMs, error }
    this.emit('retry', event)
    this.#opts.logger?.warn({ ...event, error: error.message }, 'strato retry')
  }

  #headers(opts: CallOptions, token: string | undefined): Record<string, string> {
    const out: Record<string, string> = { 'user-agent': this.#userAgent, accept: 'application/json, */*;q=0.5' }
    for (const [k, v] of Object.entries(this.#opts.headers ?? {})) out[k.toLowerCase()] = v
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      if (v === undefined) delete out[k.toLowerCase()]
      else out[k.toLowerCase()] = v
    }
    if (token !== undefined) out[(this.#opts.tokenHeader ?? 'X-Auth-Token').toLowerCase()] = token
    return out
  }

  async #token(url: string, endpoint: string, opts: CallOptions, signal: AbortSignal | undefined): Promise<string | undefined> {
    if (opts.auth === false || !sameOrigin(url, endpoint)) return undefined
    const source = this.#opts.session ? (o: { signal?: AbortSignal }) => this.#opts.session!.token(o) : this.#opts.token
    if (source === undefined) return undefined
    const token = typeof source === 'string' ? source : await source(signal ? { signal } : {})
    this.#scrubber.add(token)
    return token
  }

  async #lookupEndpoint(signal?: AbortSignal): Promise<string> {
    const { session, serviceType, region } = this.#opts
    const found = await session!.endpointFor!(serviceType!, {
      ...(region ? { region } : {}),
      ...(this.#opts.interface ? { interface: this.#opts.interface } : {}),
      ...(signal ? { signal } : {}),
    }).catch((e: unknown) => {
      this.#endpoint = undefined // a failed lookup is tried again by the next call
      throw e
    })
    return normaliseEndpoint(found)
  }

  // One ky instance per client, created with its dispatcher on first use, so per-call options
  // are not merged with the defaults again on every request.
  async #http(): Promise<KyInstance> {
    if (this.#ky) return this.#ky
    if (!this.#opts.fetch) {
      this.#dispatcher = await createDispatcher({
        ...(this.#opts.tls ? { tls: this.#opts.tls } : {}),
        ...(this.#opts.proxy !== undefined ? { proxy: this.#opts.proxy } : {}),
      })
    }
    // Loaded here, not at import: ky probes fetch and Request when it loads, which makes Node load
    // its bundled undici (~30 ms) in programs that import strato but have not sent anything yet.
    const { default: ky } = await import('ky')
    this.#ky = ky.create({
      // strato owns retries, timeouts and error mapping (see docs/architecture.md).
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      redirect: 'manual',
      fetch: this.#fetch,
      ...(this.#dispatcher ? { dispatcher: this.#dispatcher } : {}),
    } as Parameters<typeof ky.create>[0])
    return this.#ky
  }

  // Looked up at call time, so a fetch patched later (msw in tests) is honoured.
  // A streamed request body goes through the dispatcher directly (see stream-dispatch.ts).
  readonly #fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // Only while fetch is Node's own: a fetch replaced later (msw in tests, instrumentation) must see every request.
    if (!this.#opts.fetch && this.#dispatcher && globalThis.fetch === NATIVE_FETCH && input instanceof Request && input.body && this.#streamedBodies.has(input.body)) {
      // The dispatcher writes with back-pressure and drops each chunk once it is on the socket.
      recycleChunks(input.body)
      return dispatchStreaming(this.#dispatcher, input)
    }
    return (this.#opts.fetch ?? globalThis.fetch)(input, init)
  }
}

/** fetch as it was when strato loaded. */
const NATIVE_FETCH = globalThis.fetch

// Undefined when nothing can abort the call, which spares the hot path an AbortSignal.any.
function combine(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined)
  return present.length <= 1 ? present[0] : AbortSignal.any(present)
}

// Relative paths (the common case) share the endpoint's prefix; only other URLs need parsing.
function sameOrigin(url: string, endpoint: string): boolean {
  if (url.startsWith(endpoint) && (url.length === endpoint.length || '/?#'.includes(url[endpoint.length]!))) return true
  try {
    return new URL(url).origin === new URL(endpoint).origin
  } catch {
    return false
  }
}

function describeCause(cause: Error): string {
  const inner = cause.cause instanceof Error ? cause.cause : undefined
  const code = (inner as { code?: string } | undefined)?.code ?? (cause as { code?: string }).code
  const text = inner?.message ?? cause.message
  return code && !text.includes(code) ? `${code} ${text}` : text
}

function isExpected(status: number, expect: readonly number[] | undefined): boolean {
  return expect ? expect.includes(status) : status >= 200 && status < 300
}

function normaliseEndpoint(endpoint: string | URL): string {
  let url: URL
  try {
    url = new URL(String(endpoint))
  } catch (cause) {
    throw new InputError(`endpoint ${redactUrl(String(endpoint))} is not an absolute URL`, { cause })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`endpoint must be http or https, not ${url.protocol}`)
  return url.href.replace(/\/+$/, '')
}

/**
 * Joins a path to the endpoint (keeping the endpoint's own path) and appends the query.
 * @example resolveUrl('http://h/v3', '/auth/tokens', { nocatalog: true }) // 'http://h/v3/auth/tokens?nocatalog=true'
 */
export function resolveUrl(endpoint: string, p: string, query?: QueryParams): string {
  const base = /^https?:\/\//i.test(p) ? p : `${endpoint}${p === '' || p.startsWith('/') || p.startsWith('?') ? '' : '/'}${p}`
  if (!query) return base
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v))
  }
  const qs = params.toString()
  return qs ? `${base}${base.includes('?') ? '&' : '?'}${qs}` : base
}

function checkLimits(opts: { timeoutMs?: number; totalTimeoutMs?: number; stallTimeoutMs?: number }): void {
  for (const key of ['timeoutMs', 'totalTimeoutMs', 'stallTimeoutMs'] as const) {
    const v = opts[key]
    if (v !== undefined && (!Number.isFinite(v) || v < 0 || v > 2_147_483_647)) {
      throw new InputError(`${key} must be a number of milliseconds between 0 and 2147483647, got ${v}`)
    }
  }
}
