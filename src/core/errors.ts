// src/core/errors.ts — ClientError and its family: one class per failure kind, each with a literal name.

/** Everything a ClientError can be built from. Only `message` is required. */
export interface ClientErrorInit {
  /** HTTP status, 0 when the failure happened without one (network, timeout, abort, input). */
  status?: number
  /** Extra lines: the server's explanation, the raw body of a bad response, field problems. */
  details?: string[]
  /** The server's machine-readable error code, e.g. `itemNotFound` or `ValidationError`. */
  code?: string
  /** The request id the server assigned (`X-Openstack-Request-Id`, `X-Trans-Id`, AWS `RequestId`). */
  requestId?: string
  method?: string
  /** The request URL with secrets redacted. */
  url?: string
  /** Whether repeating the same request may succeed. */
  retryable?: boolean
  /** Milliseconds the server asked us to wait (`Retry-After`), when it said so. */
  retryAfterMs?: number
  cause?: unknown
}

/**
 * The one error type strato rejects with. `instanceof ClientError` (or {@link isClientError},
 * which also works across copies of the package) tells an SDK failure from a bug in your code.
 *
 * @example
 * try { await client.get(path`/servers/${id}`) }
 * catch (e) { if (e instanceof NotFoundError) return undefined; throw e }
 */
export class ClientError extends Error {
  override readonly name: string = 'ClientError'
  readonly status: number
  readonly details: string[]
  readonly code: string | undefined
  readonly requestId: string | undefined
  readonly method: string | undefined
  readonly url: string | undefined
  readonly retryable: boolean
  readonly retryAfterMs: number | undefined

  constructor(message: string, init: ClientErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause })
    this.status = init.status ?? 0
    this.details = init.details ?? []
    this.code = init.code
    this.requestId = init.requestId
    this.method = init.method
    this.url = init.url
    this.retryable = init.retryable ?? false
    this.retryAfterMs = init.retryAfterMs
  }

  /** Marker read by {@link isClientError}; survives duplicated package copies where `instanceof` does not. */
  get isStratoClientError(): true {
    return true
  }
}

/** 400: the server refused the request as malformed. @example if (e instanceof BadRequestError) console.error(e.details) */
export class BadRequestError extends ClientError {
  override readonly name = 'BadRequestError' as const
}
/** 401: missing, wrong or expired credentials (after the one re-authentication strato attempts). @example if (e instanceof UnauthorizedError) await relogin() */
export class UnauthorizedError extends ClientError {
  override readonly name = 'UnauthorizedError' as const
}
/** 403: authenticated, but not allowed. @example if (e instanceof ForbiddenError) console.error('ask an admin') */
export class ForbiddenError extends ClientError {
  override readonly name = 'ForbiddenError' as const
}
/** 404: the resource does not exist. @example if (e instanceof NotFoundError) return undefined */
export class NotFoundError extends ClientError {
  override readonly name = 'NotFoundError' as const
}
/** 409: the resource is in a state that conflicts with the request. @example if (e instanceof ConflictError) await sleep(1000) */
export class ConflictError extends ClientError {
  // Typed `string`, not the literal: services subclass it with their own literal name (PhantomConflictError).
  override readonly name: string = 'ConflictError'
}
/** 412: a precondition (`If-Match`, `If-None-Match`) failed. @example if (e instanceof PreconditionFailedError) console.log('already there') */
export class PreconditionFailedError extends ClientError {
  override readonly name = 'PreconditionFailedError' as const
}
/** 429 (and rate-limit faults sent with other statuses): slow down; `retryAfterMs` says how long. @example if (e instanceof RateLimitError) await sleep(e.retryAfterMs ?? 1000) */
export class RateLimitError extends ClientError {
  override readonly name = 'RateLimitError' as const
}
/** 5xx: the server failed. @example if (e instanceof ServerError && e.retryable) retryLater() */
export class ServerError extends ClientError {
  override readonly name = 'ServerError' as const
}
/** The connection failed (refused, reset, DNS, TLS) before a response arrived; `cause` holds the system error. @example if (e instanceof NetworkError) console.error(e.cause) */
export class NetworkError extends ClientError {
  override readonly name = 'NetworkError' as const
}
/** One of strato's own time limits ran out (per attempt, overall, stall, or a waiter's). @example if (e instanceof TimeoutError) console.error('gave up after', e.message) */
export class TimeoutError extends ClientError {
  override readonly name = 'TimeoutError' as const
}
/** The caller's AbortSignal fired; the signal's reason is the `cause`. @example if (e instanceof AbortError) return // user pressed Ctrl-C */
export class AbortError extends ClientError {
  override readonly name = 'AbortError' as const
}
/** Bad arguments, detected before any request was sent. @example await client.get('x', { timeoutMs: -1 }).catch((e) => e instanceof InputError) */
export class InputError extends ClientError {
  override readonly name = 'InputError' as const
}
/** The server answered with a body that does not match what the API documents; `details` holds the raw text. @example if (e instanceof ResponseError) console.error(e.details[0]) */
export class ResponseError extends ClientError {
  override readonly name = 'ResponseError' as const
}

/**
 * The fields of an error as a ClientErrorInit (cause excluded), for a service that rebuilds an
 * error as another class or with a cleaner message and must keep everything else.
 * @example new ConflictError(e.message, { ...errorInit(e), cause: e })
 */
export function errorInit(error: ClientError): ClientErrorInit {
  return {
    status: error.status,
    details: error.details,
    ...(error.code !== undefined ? { code: error.code } : {}),
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    ...(error.method !== undefined ? { method: error.method } : {}),
    ...(error.url !== undefined ? { url: error.url } : {}),
    ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    retryable: error.retryable,
  }
}

/**
 * True for any strato error, even one thrown by another copy of the package.
 * @example if (isClientError(e) && e.status === 404) return null
 */
export function isClientError(value: unknown): value is ClientError {
  return (
    value instanceof ClientError ||
    (typeof value === 'object' && value !== null && (value as { isStratoClientError?: unknown }).isStratoClientError === true)
  )
}

/** A constructor of ClientError or one of its subclasses. */
export type ClientErrorClass = new (message: string, init?: ClientErrorInit) => ClientError

/**
 * The error class for an HTTP status: 400 → BadRequestError, …, 5xx → ServerError, anything
 * else → ClientError.
 * @example new (errorClassForStatus(404))('gone', { status: 404 }) // NotFoundError
 */
export function errorClassForStatus(status: number): ClientErrorClass {
  switch (status) {
    case 400:
      return BadRequestError
    case 401:
      return UnauthorizedError
    case 403:
      return ForbiddenError
    case 404:
      return NotFoundError
    case 409:
      return ConflictError
    case 412:
      return PreconditionFailedError
    case 429:
      return RateLimitError
    default:
      return status >= 500 && status <= 599 ? ServerError : ClientError
  }
}

/** Statuses worth repeating an idempotent request for; the retry policy's default list. */
export const TRANSIENT_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504]
