// test/core/concurrency.test.ts — the sliding window: limits, order, fail-fast, aborts, lazy sources.
import { describe, expect, it } from 'vitest'
import { ConcurrencyLimiter, parallel } from '../../src/core/concurrency.js'
import { AbortError, InputError } from '../../src/core/errors.js'

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms))

function deferred<T = void>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

describe('parallel', () => {
  it('never runs more than N at once and keeps input order', async () => {
    let inFlight = 0
    let peak = 0
    const out = await parallel(
      Array.from({ length: 40 }, (_, i) => i),
      async (i) => {
        peak = Math.max(peak, ++inFlight)
        await tick(Math.random() * 10)
        inFlight--
        return i * 2
      },
      { concurrency: 4 },
    )
    expect(peak).toBe(4)
    expect(out).toEqual(Array.from({ length: 40 }, (_, i) => i * 2))
  })

  it('slides: the next item starts when one finishes, not when the batch does', async () => {
    const gates = Array.from({ length: 4 }, () => deferred())
    const started: number[] = []
    const run = parallel([0, 1, 2, 3], async (i) => (started.push(i), gates[i]!.promise), { concurrency: 2 })
    await tick()
    expect(started).toEqual([0, 1])
    gates[0]!.resolve()
    await tick()
    expect(started).toEqual([0, 1, 2]) // item 1 is still running
    for (const g of gates.slice(1)) g.resolve()
    await run
  })

  it('fail-fast aborts the others, waits for them, starts nothing new, rejects with the first error', async () => {
    const aborted: number[] = []
    const finished: number[] = []
    const started: number[] = []
    const boom = new Error('boom')
    const err = await parallel(
      Array.from({ length: 10 }, (_, i) => i),
      async (i, _idx, signal) => {
        started.push(i)
        if (i === 1) throw boom
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => (aborted.push(i), setTimeout(resolve, 20))))
        finished.push(i)
      },
      { concurrency: 3 },
    ).catch((e: unknown) => e)
    expect(err).toBe(boom)
    expect(started).toEqual([0, 1, 2])
    expect(aborted.sort()).toEqual([0, 2])
    expect(finished.sort()).toEqual([0, 2]) // settled before parallel() rejected
  })

  it('with failFast false, runs everything and returns settled results', async () => {
    const out = await parallel([1, 2, 3], async (i) => {
      if (i === 2) throw new Error('two')
      return i
    }, { failFast: false, concurrency: 2 })
    expect(out.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
  })

  it('the caller abort rejects with AbortError after in-flight work settled', async () => {
    const ctl = new AbortController()
    let settledWorkers = 0
    const run = parallel([1, 2, 3, 4], async (_i, _x, signal) => {
      await new Promise((r) => signal.addEventListener('abort', r))
      settledWorkers++
    }, { concurrency: 2, signal: ctl.signal })
    await tick()
    ctl.abort(new Error('stop'))
    const err = await run.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AbortError)
    expect(((err as AbortError).cause as Error).message).toBe('stop')
    expect(settledWorkers).toBe(2)
  })

  it('pulls an async source lazily: at most one item beyond the running ones', async () => {
    let pulled = 0
    const gates: ReturnType<typeof deferred<void>>[] = []
    async function* source() {
      for (let i = 0; i < 100; i++) {
        pulled++
        yield i
      }
    }
    const run = parallel(source(), async () => {
      const g = deferred()
      gates.push(g)
      return g.promise
    }, { concurrency: 3 })
    await tick(5)
    expect(pulled).toBe(3)
    gates.forEach((g) => g.resolve())
    await tick(5)
    expect(pulled).toBeLessThanOrEqual(7)
    const drain = setInterval(() => gates.forEach((g) => g.resolve()), 1)
    await run
    clearInterval(drain)
    expect(pulled).toBe(100)
  })

  it('an onProgress or source failure is not swallowed', async () => {
    await expect(parallel([1, 2], async (i) => i, { onProgress: () => { throw new Error('cb') } })).rejects.toThrow('cb')
    async function* broken() {
      yield 1
      throw new Error('source broke')
    }
    await expect(parallel(broken(), async (i) => i, { failFast: false })).rejects.toThrow('source broke')
  })

  it('reports progress', async () => {
    const seen: number[] = []
    await parallel([1, 2, 3], async (i) => i, { onProgress: (p) => seen.push(p.completed) })
    expect(seen).toEqual([1, 2, 3])
  })

  it('rejects a bad concurrency with InputError', async () => {
    await expect(parallel([1], async (i) => i, { concurrency: 0 })).rejects.toBeInstanceOf(InputError)
    await expect(parallel([1], async (i) => i, { concurrency: 1.5 })).rejects.toBeInstanceOf(InputError)
  })
})

describe('ConcurrencyLimiter', () => {
  it('raising the limit starts queued tasks at once; lowering lets running ones finish', async () => {
    const limiter = new ConcurrencyLimiter({ limit: 1 })
    const gates = Array.from({ length: 4 }, () => deferred())
    const runs = gates.map((g) => limiter.run(() => g.promise))
    expect([limiter.active, limiter.pending]).toEqual([1, 3])
    limiter.limit = 3
    expect([limiter.active, limiter.pending]).toEqual([3, 1])
    limiter.limit = 1
    gates[0]!.resolve()
    gates[1]!.resolve()
    await tick()
    expect(limiter.active).toBe(1)
    gates[2]!.resolve()
    gates[3]!.resolve()
    await Promise.all(runs)
    await limiter.onIdle()
    expect(() => (limiter.limit = 0)).toThrow(InputError)
  })

  it('a queued task whose signal aborts never runs', async () => {
    const limiter = new ConcurrencyLimiter({ limit: 1 })
    const gate = deferred()
    const first = limiter.run(() => gate.promise)
    const ctl = new AbortController()
    let ran = false
    const second = limiter.run(async () => void (ran = true), { signal: ctl.signal })
    ctl.abort()
    await expect(second).rejects.toBeInstanceOf(AbortError)
    gate.resolve()
    await first
    expect(ran).toBe(false)
  })

  it('clear() rejects queued tasks only', async () => {
    const limiter = new ConcurrencyLimiter({ limit: 1 })
    const gate = deferred<number>()
    const running = limiter.run(() => gate.promise)
    const queued = limiter.run(async () => 2)
    limiter.clear()
    await expect(queued).rejects.toBeInstanceOf(AbortError)
    gate.resolve(1)
    expect(await running).toBe(1)
  })
})
