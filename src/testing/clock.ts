// src/testing/clock.ts — the fake cloud's clock: real time plus whatever a test fast-forwarded.

/**
 * Time as the fake cloud sees it. `advance()` moves it forward so tokens expire without waiting.
 * @example cloud.clock.advance(2 * 3600_000) // every token issued now has expired
 */
export class FakeClock {
  #offset = 0

  /** Milliseconds since the epoch, fake-forwarded. @example new Date(cloud.clock.now()) */
  now(): number {
    return Date.now() + this.#offset
  }

  /** Moves time forward (negative values are refused: time does not run back). @example cloud.clock.advance(60_000) */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance() takes a non-negative number of ms, got ${ms}`)
    this.#offset += ms
  }
}
