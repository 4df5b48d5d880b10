// test/auth/token-cache.test.ts — one shared re-authentication, early refresh, invalidation by identity.
import { describe, expect, it } from 'vitest'
import { TokenCache } from '../../src/auth/token-cache.js'
import { AbortError } from '../../src/core/errors.js'

function counter(ttlMs = 3_600_000) {
  const state = { calls: 0 }
  const obtain = async () => {
    state.calls++
    await new Promise((r) => setTimeout(r, 10))
    return { token: `t${state.calls}`, expiresAt: Date.now() + ttlMs }
  }
  return { state, obtain }
}

describe('TokenCache', () => {
  it('obtains once for many concurrent callers', async () => {
    const { state, obtain } = counter()
    const cache = new TokenCache(obtain, 1000)
    const tokens = await Promise.all(Array.from({ length: 20 }, () => cache.get()))
    expect(new Set(tokens.map((t) => t.token))).toEqual(new Set(['t1']))
    expect(state.calls).toBe(1)
  })

  it('refreshes early when the token is about to expire', async () => {
    const { state, obtain } = counter(500)
    const cache = new TokenCache(obtain, 1000)
    await cache.get()
    await cache.get()
    expect(state.calls).toBe(2)
  })

  it('many invalidations of the same stale token cause one new authentication', async () => {
    const { state, obtain } = counter()
    const cache = new TokenCache(obtain, 1000)
    const stale = (await cache.get()).token
    const again = await Promise.all(
      Array.from({ length: 10 }, async () => {
        cache.invalidate(stale)
        return (await cache.get()).token
      }),
    )
    expect(new Set(again)).toEqual(new Set(['t2']))
    expect(state.calls).toBe(2)
    cache.invalidate(stale) // already replaced: ignored
    expect((await cache.get()).token).toBe('t2')
    expect(state.calls).toBe(2)
  })

  it('a waiter that aborts leaves; the shared request completes for the others', async () => {
    const { state, obtain } = counter()
    const cache = new TokenCache(obtain, 1000)
    const ctl = new AbortController()
    const leaving = cache.get(ctl.signal)
    const staying = cache.get()
    ctl.abort()
    await expect(leaving).rejects.toBeInstanceOf(AbortError)
    expect((await staying).token).toBe('t1')
    expect(state.calls).toBe(1)
  })
})
