// src/core/response.ts — ClientResponse: a fetch Response whose reads fail only with ClientErrors.
import { abortReason } from './abort.js'
import { requestIdFrom } from './error-response.js'
import { ClientError, NetworkError, ResponseError, TimeoutError } from './errors.js'

/** How a response's body is guarded; supplied by the Client that made the request. */
export interface ResponseGuard {
  /** The signal of the attempt: fires on caller abort, client abort or a time limit. */
  signal: AbortSignal
  /** Aborts the attempt (used by the stall timer). */
  abort(reason: ClientError): void
  /** Ends the attempt's own timeout; called once the body is handed over as a stream. */
  endAttemptTimer(): void
  /** Longest wait for the next chunk of a streamed body, in ms; 0 disables it. */
  stallTimeoutMs: number
  method: string
  /** Redacted URL, for messages. */
  url: string
}

/**
 * The answer to a request, before a service method turns it into a typed result. Reading the
 * body twice is an error, as with fetch.
 * @example const r = await client.get(path`/v3/auth/projects`); const { projects } = await r.json<{ projects: Project[] }>()
 */
export class ClientResponse {
  readonly status: number
  readonly statusText: string
  readonly headers: Headers
  /** The request URL, secrets redacted. */
  readonly url: string
  readonly #raw: Response
  readonly #guard: ResponseGuard

  constructor(raw: Response, guard: ResponseGuard) {
    this.#raw = raw
    this.#guard = guard
    this.status = raw.status
    this.statusText = raw.statusText
    this.headers = raw.headers
    this.url = guard.url
  }

  /** The request id the server assigned, from the usual OpenStack, Swift and AWS headers. @example log.info({ requestId: r.requestId }) */
  get requestId(): string | undefined {
    return requestIdFrom(this.headers)
  }

  /**
   * The body as a web ReadableStream, guarded by the stall timeout instead of the attempt timeout,
   * so a long transfer is never cut while data keeps coming. Null for bodiless responses.
   * @example await pipeline(Readable.fromWeb(r.body!), createWriteStream(file))
   */
  get body(): ReadableStream<Uint8Array> | null {
    const source = this.#raw.body
    this.#guard.endAttemptTimer()
    return source ? guardStream(source, this.#guard, (e) => this.#readError(e)) : null
  }

  /** The body as text, within the attempt's timeout. @example const s = await r.text() */
  async text(): Promise<string> {
    try {
      return await this.#raw.text()
    } catch (e) {
      throw this.#readError(e)
    } finally {
      this.#guard.endAttemptTimer()
    }
  }

  /** The body as bytes, within the attempt's timeout. @example const buf = await r.bytes() */
  async bytes(): Promise<Uint8Array> {
    try {
      return new Uint8Array(await this.#raw.arrayBuffer())
    } catch (e) {
      throw this.#readError(e)
    } finally {
      this.#guard.endAttemptTimer()
    }
  }

  /**
   * The body parsed as JSON. A body that is not JSON rejects with ResponseError holding the text.
   * The type parameter is a promise to the compiler, not a check: service code validates with zod.
   * @example const { token } = await r.json<{ token: unknown }>()
   */
  async json<T = unknown>(): Promise<T> {
    const text = await this.text()
    try {
      return JSON.parse(text) as T
    } catch (cause) {
      throw new ResponseError(`${this.status} ${this.#guard.method} ${this.url}: expected a JSON body`, {
        status: this.status,
        method: this.#guard.method,
        url: this.url,
        details: [text.slice(0, 2000)],
        cause,
      })
    }
  }

  /** Throws the body away and frees the connection. @example await r.discard() */
  async discard(): Promise<void> {
    this.#guard.endAttemptTimer()
    await this.#raw.body?.cancel().catch(() => undefined)
  }

  #readError(error: unknown): ClientError {
    if (this.#guard.signal.aborted) return abortReason(this.#guard.signal, `${this.#guard.method} ${this.url}`)
    if (error instanceof ClientError) return error
    return new NetworkError(`${this.#guard.method} ${this.url}: connection lost while reading the response`, {
      method: this.#guard.method,
      url: this.url,
      retryable: true,
      cause: error,
    })
  }
}

// Pull-based, so the stall timer runs only while the consumer waits for data: a slow consumer is
// back-pressure, not a stalled server.
function guardStream(
  source: ReadableStream<Uint8Array>,
  guard: ResponseGuard,
  mapError: (e: unknown) => ClientError,
): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  let timer: ReturnType<typeof setTimeout> | undefined
  const stop = (): void => {
    if (timer) clearTimeout(timer)
    timer = undefined
  }
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (guard.stallTimeoutMs > 0) {
          timer = setTimeout(
            () => guard.abort(new TimeoutError(`${guard.method} ${guard.url}: no data for ${guard.stallTimeoutMs} ms`)),
            guard.stallTimeoutMs,
          )
        }
        try {
          const { done, value } = await reader.read()
          stop()
          if (done) controller.close()
          else controller.enqueue(value)
        } catch (e) {
          stop()
          controller.error(mapError(e))
        }
      },
      cancel(reason) {
        stop()
        return reader.cancel(reason)
      },
    },
    { highWaterMark: 0 },
  )
}
