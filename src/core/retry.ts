// src/core/retry.ts — when a failed attempt is repeated, and how long to wait first.
import { NetworkError, TimeoutError, TRANSIENT_STATUSES, type ClientError } from './errors.js'

/** HTTP methods strato sends. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'COPY' | 'MOVE'

/** What a `shouldRetry` hook is told about the failed attempt. */
export interface RetryContext {
  method: HttpMethod
  /** 1 for the first attempt. */
  attempt: number
  /** Whether the method (or the call) is safe to repeat. */
  idempotent: boolean
  /** Whether the default rules would retry: an idempotent call and a transient failure. */
  defaultDecision: boolean
}

/**
 * How a client repeats failed attempts. Only idempotent methods are retried unless a call says
 * `idempotent: true`; a body that cannot be replayed is never retried.
 * @example new Client({ endpoint, retry: { limit: 5, shouldRetry: (e) => e.code === 'Throttling' || undefined } })
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. 0 turns retries off. */
  limit: number
  /** Methods retried without being told they are safe. Default GET, HEAD, PUT, DELETE, OPTIONS. */
  methods: readonly HttpMethod[]
  /** Statuses retried. Default 408, 429, 500, 502, 503, 504 (and 413 when it carries Retry-After). */
  statusCodes: readonly number[]
  /** Exponential backoff with full jitter: a random wait in [0, min(maxMs, baseMs × 2^(attempt-1))]. */
  backoff: { baseMs: number; maxMs: number }
  /** A Retry-After longer than this is not waited for: the error is returned instead. Default 60 s. */
  maxRetryAfterMs: number
  /**
   * A service's own rule, asked for every failure whose body can be replayed: true retries (even a
   * POST: AWS `Throttling` means the request was not processed), false does not, undefined keeps
   * the default decision.
   */
  shouldRetry?: (error: ClientError, context: RetryContext) => boolean | undefined
}

/** The defaults, chosen from what the peer SDKs do (see docs/architecture.md). */
export const DEFAULT_RETRY: RetryOptions = Object.freeze({
  limit: 3,
  methods: Object.freeze(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'] as HttpMethod[]),
  statusCodes: TRANSIENT_STATUSES,
  backoff: Object.freeze({ baseMs: 250, maxMs: 20_000 }),
  maxRetryAfterMs: 60_000,
})

/**
 * Merges partial retry settings over the defaults; `false` or `0` turns retries off.
 * @example resolveRetry({ limit: 1 }).methods // ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']
 */
export function resolveRetry(base: RetryOptions, override: Partial<RetryOptions> | false | number | undefined): RetryOptions {
  if (override === undefined) return base
  if (override === false) return { ...base, limit: 0 }
  if (typeof override === 'number') return { ...base, limit: override }
  return { ...base, ...override, backoff: { ...base.backoff, ...override.backoff } }
}

/** What the policy decided for one failed attempt. */
export type RetryDecision = { retry: false } | { retry: true; delayMs: number }

/**
 * Decides whether to repeat an attempt that failed with `error`.
 * @example const d = decideRetry(policy, err, { method: 'GET', attempt: 1, idempotent: false, replayable: true })
 */
export function decideRetry(
  policy: RetryOptions,
  error: ClientError,
  call: { method: HttpMethod; attempt: number; idempotent: boolean; replayable: boolean },
  random: () => number = Math.random,
): RetryDecision {
  if (call.attempt > policy.limit || !call.replayable) return { retry: false }
  const defaultDecision = call.idempotent && isTransient(policy, error)
  const custom = policy.shouldRetry?.(error, { method: call.method, attempt: call.attempt, idempotent: call.idempotent, defaultDecision })
  if (!(custom ?? defaultDecision)) return { retry: false }
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs > policy.maxRetryAfterMs ? { retry: false } : { retry: true, delayMs: error.retryAfterMs }
  }
  return { retry: true, delayMs: backoffDelay(policy, call.attempt, random) }
}

/**
 * Full-jitter exponential backoff for the given (1-based) attempt.
 * @example backoffDelay(DEFAULT_RETRY, 3) // somewhere in [0, 1000] ms
 */
export function backoffDelay(policy: RetryOptions, attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(policy.backoff.maxMs, policy.backoff.baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.floor(random() * cap)
}

function isTransient(policy: RetryOptions, error: ClientError): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError) return true
  if (error.status === 413) return error.retryAfterMs !== undefined
  return error.status !== 0 && policy.statusCodes.includes(error.status)
}
