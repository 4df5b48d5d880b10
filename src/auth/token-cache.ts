// src/auth/token-cache.ts — one current token, refreshed early, obtained once however many callers wait.
import { raceSignal } from '../core/abort.js'

/** What a cache holds: a token and when it expires (ms since the epoch). */
export interface CachedToken {
  token: string
  expiresAt: number
}

/**
 * Keeps the current token of a session. `get()` returns it while it has more than
 * `refreshBeforeMs` left, otherwise starts one `obtain()` that every concurrent caller shares;
 * a caller's abort leaves the shared request running for the others.
 * @example const cache = new TokenCache(() => login(), 120_000); const t = await cache.get(signal)
 */
export class TokenCache<T extends CachedToken> {
  #current: T | undefined
  #inflight: Promise<T> | undefined

  constructor(
    private readonly obtain: () => Promise<T>,
    private readonly refreshBeforeMs: number,
  ) {}

  /** The current entry, fresh or not. @example cache.current?.expiresAt */
  get current(): T | undefined {
    return this.#current
  }

  /** A token with enough life left, obtaining one if needed. @example await cache.get(opts.signal) */
  async get(signal?: AbortSignal): Promise<T> {
    const c = this.#current
    if (c && c.expiresAt - Date.now() > this.refreshBeforeMs) return c
    return this.refresh(signal)
  }

  /** Obtains a new token now (joining one already under way). @example await cache.refresh() */
  refresh(signal?: AbortSignal): Promise<T> {
    this.#inflight ??= this.obtain()
      .then((entry) => {
        this.#current = entry
        return entry
      })
      .finally(() => {
        this.#inflight = undefined
      })
    return raceSignal(this.#inflight, signal)
  }

  /** Drops `token` if it is still the current one; a token already replaced is left alone. @example cache.invalidate(rejected) */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined
  }

  /** Forgets the current token. @example cache.clear() */
  clear(): void {
    this.#current = undefined
  }
}

/**
 * Authenticates a new session before handing it out, closing it if that fails, so the static
 * factories report bad credentials where the session is created and leak no connection.
 * @example return authenticated(new KeystoneSession(options))
 */
export async function authenticated<S extends { authenticate(): Promise<unknown>; close(): Promise<void> }>(session: S): Promise<S> {
  try {
    await session.authenticate()
  } catch (e) {
    await session.close()
    throw e
  }
  return session
}
