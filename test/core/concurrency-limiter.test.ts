// test/core/concurrency-limiter.test.ts — ConcurrencyLimiter: the window for work submitted over time.
import { describe, expect, it } from 'vitest'
import { ConcurrencyLimiter } from '../../src/core/concurrency.js'
import { AbortError, ClientError, InputError } from '../../src/core/errors.js'

/** Lets every pending promise reaction and immediate run. */
const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r))
}

function deferred<T = void>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

/** Tracks whether a promise has settled, without letting its rejection go unhandled. */
function track<T>(p: Promise<T>) {
  const t = { settled: false }
  const done = p.then(
    () => void (t.settled = true),
    () => void (t.settled = true),
  )
  return Object.assign(t, { done })
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('ConcurrencyLimiter', () => {
  function gatedTasks(limiter: ConcurrencyLimiter, n: number) {
    const started: number[] = []
    const gates = range(n).map(() => deferred<number>())
    const runs = range(n).map((i) => limiter.run(async () => (started.push(i), gates[i]!.promise)))
    return { started, gates, runs }
  }

  it('runs at most `limit` tasks, first come first served, and settles like each task', async () => {
    const limiter = new ConcurrencyLimiter({ limit: 2 })
    const { started, gates, runs } = gatedTasks(limiter, 5)
    await flush()
    expect(started).toEqual([0, 1])
    expect([limiter.active, limiter.pending]).toEqual([2, 3])
    gates[1]!.resolve(10)
    await flush()
    expect(started).toEqual([0, 1, 2])
    const bad = new Error('task 0 failed')
    gates[0]!.reject(bad)
    await expect(runs[0]).rejects.toBe(bad)
    expect(await runs[1]).toBe(10)
    await flush()
    expect(started).toEqual([0, 1, 2, 3]) // a failed task frees its slot too
    for (const i of [2, 3, 4]) gates[i]!.resolve(i)
    expect(await Promise.all(runs.slice(2))).toEqual([2, 3, 4])
    expect([limiter.active, limiter.pending]).toEqual([0, 0])
  })

  it('raising the limit starts queued tasks at once; lowering it lets running tasks finish', async () => {
    const limiter = new ConcurrencyLimiter({ limit: 1 })
    const { started, gates, runs } = gatedTasks(limiter, 6)
    expect([limiter.active, limiter.pending]).toEqual([1, 5])
    limiter.limit = 4
    expect(limiter.limit).toBe(4)
    expect([limiter.active, limiter.pending]).toEqual([4, 2])
    limiter.limit = 2
    expect(limiter.active).toBe(4) // nothing running is cut short
    gates[0]!.resolve(0)
    gates[1]!.resolve(1)
    await flush()
    expect([limiter.active, limiter.pending]).toEqual([2, 2]) // still over the new limit: nothing new started
    gates[2]!.resolve(2)
    await flush()
    expect([limiter.active, limiter.pending]).toEqual([2, 1])
    expect(started).toEqual([0, 1, 2, 3, 4])
    for (const i of [3, 4, 5]) gates[i]!.resolve(i)
    expect(await Promise.all(runs)).toEqual(range(6))
  })

  it('refuses a bad limit with InputError, in the constructor and the setter', () => {
    for (const limit of [0, -2, 2.5, Number.NaN]) {
      expect(() => new ConcurrencyLimiter({ limit })).toThrow(InputError)
    }
    const limiter = new ConcurrencyLimiter({ limit: 2 })
    expect(() => (limiter.limit = 0)).toThrow(InputError)
    expect(limiter.limit).toBe(2)
  })

  it('a queued task whose signal aborts leaves the queue and never runs', async () => {
    const limiter = new ConcurrencyLimiter({ limit: 1 })
    const gate = deferred<number>()
    const first = limiter.run(() => gate.promise)
    const ctl = new AbortController()
    let ran = false
    const second = limiter.run(async () => void (ran = true), { signal: ctl.signal })
    const third = limiter.run(async () => 3)
    expect(limiter.pending).toBe(2)
    ctl.abort('no longer needed')
    expect(limiter.pending).toBe(1)
    const err = await second.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AbortError)
    expect((err as AbortError).cause).toBe('no longer needed')
    gate.resolve(1)
    expect(await first).toBe(1)
    expect(await third).toBe(3)
    expect(ran).toBe(false)
  })

  it('hands a running task an abort through its signal and an already aborted call never runs', async () => {
    const limiter = new ConcurrencyLimiter({ limit: 2 })
    const ctl = new AbortController()
    let seen: AbortSignal | undefined
    const running = limiter.run(
      (signal) =>
        new Promise((_, reject) => {
          seen = signal
          signal.addEventListener('abort', () => reject(signal.reason))
        }),
      { signal: ctl.signal },
    )
    ctl.abort(new Error('stop'))
    await expect(running).rejects.toThrow('stop')
    expect(seen?.aborted).toBe(true)
    let ran = false
    await expect(limiter.run(async () => void (ran = true), { signal: ctl.signal })).rejects.toBeInstanceOf(AbortError)
    expect(ran).toBe(false)
    expect(limiter.active).toBe(0)
  })

  it('the limiter\'s own signal aborts running tasks and rejects queued ones', async () => {
    const ctl = new AbortController()
    const limiter = new ConcurrencyLimiter({ limit: 1, signal: ctl.signal })
    let signal: AbortSignal | undefined
    const running = limiter.run((s) => ((signal = s), new Promise((r) => s.addEventListener('abort', () => r('stopped')))))
    let ran = false
    const queued = limiter.run(async () => void (ran = true))
    ctl.abort()
    expect(signal?.aborted).toBe(true)
    expect(await running).toBe('stopped')
    await expect(queued).rejects.toBeInstanceOf(AbortError)
    expect(ran).toBe(false)
  })

  it('clear() rejects queued tasks only, and the limiter keeps working', async () => {
    const limiter = new ConcurrencyLimiter({ limit: 1 })
    const gate = deferred<number>()
    const running = limiter.run(() => gate.promise)
    const queued = [limiter.run(async () => 2), limiter.run(async () => 3)]
    limiter.clear('shutting down')
    expect(limiter.pending).toBe(0)
    for (const q of queued) {
      const err = await q.catch((e: unknown) => e)
      expect(err).toBeInstanceOf(AbortError)
      expect((err as AbortError).cause).toBe('shutting down')
    }
    gate.resolve(1)
    expect(await running).toBe(1)
    expect(await limiter.run(async () => 4)).toBe(4)
  })

  it('onIdle() resolves at once when idle, otherwise once nothing runs or waits', async () => {
    const limiter = new ConcurrencyLimiter({ limit: 1 })
    await limiter.onIdle()
    const { gates } = gatedTasks(limiter, 2)
    const idle = track(limiter.onIdle())
    gates[0]!.resolve(0)
    await flush()
    expect(idle.settled).toBe(false)
    gates[1]!.resolve(1)
    await idle.done
    expect([limiter.active, limiter.pending]).toEqual([0, 0])
  })

  it('a task that throws synchronously rejects and frees its slot; a non-function is an InputError', async () => {
    const limiter = new ConcurrencyLimiter({ limit: 1 })
    const bad = new ClientError('sync')
    await expect(
      limiter.run(() => {
        throw bad
      }),
    ).rejects.toBe(bad)
    expect(limiter.active).toBe(0)
    expect(await limiter.run(async () => 'next')).toBe('next')
    await expect(limiter.run(null as unknown as () => Promise<void>)).rejects.toBeInstanceOf(InputError)
  })
})
