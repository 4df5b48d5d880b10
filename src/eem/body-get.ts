// src/eem/body-get.ts — GET requests that carry a JSON body (Valence's systems and racks) over node:http/node:https, since fetch refuses them.
import http from 'node:http'
import https from 'node:https'
import { abortReason, sleep } from '../core/abort.js'
import type { ErrorResponseInfo } from '../core/error-response.js'
import { NetworkError, ResponseError, TimeoutError, isClientError, type ClientError } from '../core/errors.js'
import type { Client } from '../core/client.js'
import type { Logger } from '../core/events.js'
import { redactHeaders, redactUrl } from '../core/redact.js'
import { decideRetry, type RetryOptions } from '../core/retry.js'
import type { TlsOptions } from '../core/transport.js'

/** A body larger than this is refused: systems and racks are small documents. */
const MAX_BODY = 16 * 1024 * 1024

/** The answer to a body-carrying GET, read whole. */
export interface BodyGetAnswer {
  status: number
  statusText: string
  headers: Headers
  text: string
}

/** Everything one body-carrying GET needs from its client. */
export interface BodyGetRequest {
  url: string
  headers: Record<string, string>
  body: string
  /** Per attempt, until the body is read; 0 disables. */
  timeoutMs: number
  /** Caller's, client's and total-time signals combined. */
  signal: AbortSignal | undefined
  retry: RetryOptions
  expect: readonly number[]
  /** The client's error mapping (`errorFromResponse` with its redaction). */
  toError(info: ErrorResponseInfo): ClientError
  redact(text: string): string
  /** Receives the `request`, `response`, `retry` and `error` events. */
  events: Pick<Client, 'emit'>
  /** Gets the same lines as the core's requests (debug; retries at warn). */
  logger?: Logger | undefined
}

/**
 * The keep-alive agents of one EemClient's body-carrying GETs; `close()` destroys their sockets.
 * @example const agents = new BodyGetAgents(tls); await sendBodyGet(agents, req); agents.close()
 */
export class BodyGetAgents {
  readonly #tls: TlsOptions | undefined
  #http: http.Agent | undefined
  #https: https.Agent | undefined

  constructor(tls?: TlsOptions) {
    this.#tls = tls
  }

  /** The agent for a URL's protocol, created on first use. @example agents.for(new URL(url)) */
  for(url: URL): http.Agent {
    if (url.protocol === 'https:') return (this.#https ??= new https.Agent({ keepAlive: true, ...(this.#tls ?? {}) }))
    return (this.#http ??= new http.Agent({ keepAlive: true }))
  }

  /** Destroys every socket. @example agents.close() */
  close(): void {
    this.#http?.destroy()
    this.#https?.destroy()
    this.#http = undefined
    this.#https = undefined
  }
}

/**
 * Sends a GET with a JSON body, retrying as the client would (idempotent, transient failures,
 * backoff, Retry-After), and resolves with an answer whose status is in `expect`; anything else
 * rejects with the client's ClientErrors. Events carry the redacted URL and headers only.
 * @example const a = await sendBodyGet(agents, { url, body: '{"podm_id":"p"}', … })
 */
export async function sendBodyGet(agents: BodyGetAgents, req: BodyGetRequest): Promise<BodyGetAnswer> {
  const safeUrl = redactUrl(req.url)
  const started = performance.now()
  for (let attempt = 1; ; attempt++) {
    try {
      if (req.signal?.aborted) throw abortReason(req.signal, `GET ${safeUrl}`)
      const event = { method: 'GET', url: safeUrl, attempt, headers: redactHeaders(req.headers) }
      req.events.emit('request', event)
      req.logger?.debug(event, 'strato request')
      const t0 = performance.now()
      const answer = await once(agents, req, attempt, safeUrl)
      const done = { method: 'GET', url: safeUrl, attempt, status: answer.status, durationMs: performance.now() - t0 }
      req.events.emit('response', done)
      req.logger?.debug(done, 'strato response')
      if (req.expect.includes(answer.status)) return answer
      throw answer.status < 400
        ? new ResponseError(`GET ${safeUrl}: expected status ${req.expect.join(', ')}, got ${answer.status}`, {
            status: answer.status,
            method: 'GET',
            url: safeUrl,
            details: answer.text ? [req.redact(answer.text.slice(0, 2000))] : [],
          })
        : req.toError({ ...answer, body: answer.text, method: 'GET', url: safeUrl, redact: req.redact })
    } catch (raw) {
      const error = toClientError(raw, safeUrl, req)
      const decision = req.signal?.aborted ? { retry: false as const } : decideRetry(req.retry, error, { method: 'GET', attempt, idempotent: true, replayable: true })
      if (!decision.retry) {
        req.events.emit('error', { method: 'GET', url: safeUrl, attempt, status: error.status, durationMs: performance.now() - started, error })
        req.logger?.debug({ method: 'GET', url: safeUrl, status: error.status, err: error.message }, 'strato request failed')
        throw error
      }
      const retry = { method: 'GET', url: safeUrl, attempt, status: error.status, delayMs: decision.delayMs, error }
      req.events.emit('retry', retry)
      req.logger?.warn({ ...retry, error: error.message }, 'strato retry')
      await sleep(decision.delayMs, req.signal)
    }
  }
}

function toClientError(raw: unknown, safeUrl: string, req: BodyGetRequest): ClientError {
  if (req.signal?.aborted) return abortReason(req.signal, `GET ${safeUrl}`)
  if (isClientError(raw)) return raw
  const code = (raw as { code?: unknown } | undefined)?.code
  const text = raw instanceof Error ? raw.message : 'request failed'
  const reason = typeof code === 'string' && !text.includes(code) ? `${code} ${text}` : text
  return new NetworkError(`GET ${safeUrl}: ${req.redact(reason)}`, { method: 'GET', url: safeUrl, retryable: true, cause: raw })
}

function once(agents: BodyGetAgents, req: BodyGetRequest, attempt: number, safeUrl: string): Promise<BodyGetAnswer> {
  return new Promise<BodyGetAnswer>((resolve, reject) => {
    const url = new URL(req.url)
    const lib = url.protocol === 'https:' ? https : http
    const payload = Buffer.from(req.body)
    let settled = false
    const finish = (error: unknown, answer?: BodyGetAnswer): void => {
      if (settled) return
      settled = true
      if (timer) clearTimeout(timer)
      req.signal?.removeEventListener('abort', onAbort)
      if (answer) resolve(answer)
      else reject(error)
    }
    const r = lib.request(url, {
      method: 'GET',
      agent: agents.for(url),
      headers: { ...req.headers, 'content-type': 'application/json', 'content-length': String(payload.byteLength) },
    })
    const onAbort = (): void => {
      const reason = abortReason(req.signal!, `GET ${safeUrl}`)
      r.destroy(reason)
      finish(reason)
    }
    const timer =
      req.timeoutMs > 0
        ? setTimeout(() => {
            const e = new TimeoutError(`GET ${safeUrl}: attempt ${attempt} timed out after ${req.timeoutMs} ms`, { method: 'GET', url: safeUrl, retryable: true })
            r.destroy(e)
            finish(e)
          }, req.timeoutMs)
        : undefined
    req.signal?.addEventListener('abort', onAbort, { once: true })
    r.on('error', (e) => finish(e))
    r.on('response', (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.byteLength
        if (size > MAX_BODY) {
          const e = new ResponseError(`GET ${safeUrl}: response body larger than ${MAX_BODY} bytes`, { status: res.statusCode ?? 0, method: 'GET', url: safeUrl })
          res.destroy(e)
          finish(e)
          return
        }
        chunks.push(c)
      })
      res.on('error', (e) => finish(e))
      res.on('aborted', () => finish(new Error('connection lost while reading the response')))
      res.on('end', () => {
        const headers = new Headers()
        for (const [k, v] of Object.entries(res.headers)) {
          if (Array.isArray(v)) for (const x of v) headers.append(k, x)
          else if (v !== undefined) headers.set(k, v)
        }
        finish(undefined, { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers, text: Buffer.concat(chunks).toString('utf8') })
      })
    })
    r.end(payload)
  })
}
