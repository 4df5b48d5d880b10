// test/core/retry.test.ts — the retry policy's decisions and its backoff, without HTTP.
import { describe, expect, it } from 'vitest'
import { ClientError, NetworkError, ServerError, TimeoutError } from '../../src/core/errors.js'
import { DEFAULT_RETRY, backoffDelay, decideRetry, resolveRetry } from '../../src/core/retry.js'

const call = { method: 'GET' as const, attempt: 1, idempotent: true, replayable: true }

describe('decideRetry', () => {
  it('retries transient failures of idempotent calls only', () => {
    expect(decideRetry(DEFAULT_RETRY, new ServerError('x', { status: 503 }), call).retry).toBe(true)
    expect(decideRetry(DEFAULT_RETRY, new NetworkError('x'), call).retry).toBe(true)
    expect(decideRetry(DEFAULT_RETRY, new TimeoutError('x'), call).retry).toBe(true)
    expect(decideRetry(DEFAULT_RETRY, new ServerError('x', { status: 501 }), call).retry).toBe(false)
    expect(decideRetry(DEFAULT_RETRY, new ServerError('x', { status: 503 }), { ...call, method: 'POST', idempotent: false }).retry).toBe(false)
    expect(decideRetry(DEFAULT_RETRY, new ServerError('x', { status: 503 }), { ...call, replayable: false }).retry).toBe(false)
    expect(decideRetry(DEFAULT_RETRY, new ServerError('x', { status: 503 }), { ...call, attempt: 4 }).retry).toBe(false)
  })

  it('uses Retry-After exactly, and refuses one beyond maxRetryAfterMs', () => {
    expect(decideRetry(DEFAULT_RETRY, new ClientError('x', { status: 429, retryAfterMs: 1234 }), call)).toEqual({ retry: true, delayMs: 1234 })
    expect(decideRetry(DEFAULT_RETRY, new ClientError('x', { status: 429, retryAfterMs: 61_000 }), call).retry).toBe(false)
    expect(decideRetry(DEFAULT_RETRY, new ClientError('x', { status: 413 }), call).retry).toBe(false)
    expect(decideRetry(DEFAULT_RETRY, new ClientError('x', { status: 413, retryAfterMs: 5 }), call).retry).toBe(true)
  })

  it('lets shouldRetry override either way, but never for a body that cannot be replayed', () => {
    const policy = resolveRetry(DEFAULT_RETRY, { shouldRetry: (e) => (e.code === 'Throttling' ? true : e.status === 503 ? false : undefined) })
    const throttled = new ClientError('x', { status: 400, code: 'Throttling' })
    expect(decideRetry(policy, throttled, { ...call, method: 'POST', idempotent: false }).retry).toBe(true)
    expect(decideRetry(policy, throttled, { ...call, replayable: false }).retry).toBe(false)
    expect(decideRetry(policy, new ServerError('x', { status: 503 }), call).retry).toBe(false)
    expect(decideRetry(policy, new ServerError('x', { status: 502 }), call).retry).toBe(true)
  })
})

describe('backoff', () => {
  it('is full jitter under an exponential cap', () => {
    const p = resolveRetry(DEFAULT_RETRY, { backoff: { baseMs: 100, maxMs: 1000 } })
    expect(backoffDelay(p, 1, () => 0.999)).toBe(99)
    expect(backoffDelay(p, 3, () => 0.5)).toBe(200)
    expect(backoffDelay(p, 10, () => 0.999)).toBe(999)
    expect(backoffDelay(p, 5, () => 0)).toBe(0)
  })

  it('resolveRetry turns retries off with false or 0 and merges partial backoff', () => {
    expect(resolveRetry(DEFAULT_RETRY, false).limit).toBe(0)
    expect(resolveRetry(DEFAULT_RETRY, 0).limit).toBe(0)
    expect(resolveRetry(DEFAULT_RETRY, { backoff: { baseMs: 1 } as never }).backoff).toEqual({ baseMs: 1, maxMs: 20_000 })
  })
})
