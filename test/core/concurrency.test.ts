// test/core/concurrency.test.ts — parallel(): the sliding window, order, fail-fast, aborts, lazy sources.
import { describe, expect, expectTypeOf, it } from 'vitest'
import { parallel, type ParallelProgress } from '../../src/core/concurrency.js'
import { AbortError, InputError } from '../../src/core/errors.js'

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

/** A worker whose items each wait for the test to finish them, counting what runs at once. */
function gatedWorker<R>(result: (i: number) => R) {
  const gates = new Map<number, ReturnType<typeof deferred<void>>>()
  const started: number[] = []
  const signals = new Map<number, AbortSignal>()
  const state = { inFlight: 0, peak: 0 }
  const worker = async (item: number, _index: number, signal: AbortSignal): Promise<R> => {
    started.push(item)
    signals.set(item, signal)
    state.peak = Math.max(state.peak, ++state.inFlight)
    const gate = deferred()
    gates.set(item, gate)
    try {
      await gate.promise
      return result(item)
    } finally {
      state.inFlight--
    }
  }
  const finish = (item: number) => gates.get(item)!.resolve()
  const fail = (item: number, e: unknown) => gates.get(item)!.reject(e)
  return { worker, started, signals, state, finish, fail }
}

/** Tracks whether a promise has settled, without letting its rejection go unhandled. */
function track<T>(p: Promise<T>) {
  const t = { settled: false, result: undefined as unknown }
  const done = p.then(
    (v) => ((t.settled = true), (t.result = v)),
    (e: unknown) => ((t.settled = true), (t.result = e)),
  )
  return Object.assign(t, { done })
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('parallel: the window', () => {
  it('never runs more than N at once, whatever order items finish in', async () => {
    const w = gatedWorker((i) => i * 2)
    const run = track(parallel(range(20), w.worker, { concurrency: 3 }))
    await flush()
    expect(w.started).toEqual([0, 1, 2])
    expect(w.state.inFlight).toBe(3)
    // Finish running items out of order; the window refills to exactly 3 each time.
    const finished = new Set<number>()
    while (finished.size < 20) {
      const running = w.started.filter((i) => !finished.has(i))
      const pick = running[finished.size % running.length]!
      finished.add(pick)
      w.finish(pick)
      await flush()
      expect(w.state.inFlight).toBe(Math.min(3, 20 - finished.size))
    }
    await run.done
    expect(w.state.peak).toBe(3)
    expect(run.result).toEqual(range(20).map((i) => i * 2))
  })

  it('slides: item N+1 starts as soon as any one finishes, while the others still run', async () => {
    const w = gatedWorker((i) => i)
    const run = parallel(range(6), w.worker, { concurrency: 3 })
    await flush()
    expect(w.started).toEqual([0, 1, 2])
    w.finish(1) // 0 and 2 are still running: a batching helper would wait for them
    await flush()
    expect(w.started).toEqual([0, 1, 2, 3])
    expect(w.state.inFlight).toBe(3)
    w.finish(3)
    await flush()
    expect(w.started).toEqual([0, 1, 2, 3, 4])
    for (const i of [0, 2, 4]) w.finish(i)
    await flush()
    w.finish(5)
    expect(await run).toEqual(range(6))
  })

  it('keeps input order when completion times are random', async () => {
    const delays = range(40).map((i) => (i * 7919) % 9) // scrambled 0–8 ms
    const out = await parallel(
      range(40),
      async (i) => {
        await new Promise((r) => setTimeout(r, delays[i]))
        return `item ${i}`
      },
      { concurrency: 5 },
    )
    expect(out).toEqual(range(40).map((i) => `item ${i}`))
  })

  it('passes each item its index, runs a string or an empty iterable, and defaults to 8 at once', async () => {
    expect(await parallel('abc', async (c, i) => `${i}:${c}`)).toEqual(['0:a', '1:b', '2:c'])
    expect(await parallel([], async () => 1)).toEqual([])
    const w = gatedWorker((i) => i)
    const run = parallel(range(12), w.worker)
    await flush()
    expect(w.started).toHaveLength(8)
    for (let i = 0; i < 12; i++) {
      if (i >= 8) await flush()
      w.finish(i)
    }
    expect(await run).toEqual(range(12))
  })

  it('reports progress after each item, with every counter', async () => {
    const seen: ParallelProgress[] = []
    await parallel(
      [1, 2, 3],
      async (i) => {
        if (i === 2) throw new Error('two')
        return i
      },
      { concurrency: 1, failFast: false, onProgress: (p) => seen.push(p) },
    )
    expect(seen).toEqual([
      { started: 1, completed: 1, failed: 0, inFlight: 0 },
      { started: 2, completed: 1, failed: 1, inFlight: 0 },
      { started: 3, completed: 2, failed: 1, inFlight: 0 },
    ])
  })

  it('has typed results: values by default, settled results with failFast: false', () => {
    expectTypeOf(parallel([1], async () => 'x')).resolves.toEqualTypeOf<string[]>()
    expectTypeOf(parallel([1], async () => 'x', { failFast: false })).resolves.toEqualTypeOf<PromiseSettledResult<string>[]>()
    const failFast = Math.random() > 2
    expectTypeOf(parallel([1], async () => 'x', { failFast })).resolves.toEqualTypeOf<string[] | PromiseSettledResult<string>[]>()
  })
})

describe('parallel: failures', () => {
  it('fail-fast fires the others\' signals, waits for them, starts nothing new, rejects with the first error', async () => {
    const w = gatedWorker((i) => i)
    const run = track(parallel(range(10), w.worker, { concurrency: 3 }))
    await flush()
    const boom = new Error('boom')
    w.fail(1, boom)
    await flush()
    expect(w.signals.get(0)!.aborted).toBe(true)
    expect(w.signals.get(2)!.aborted).toBe(true)
    const reason = w.signals.get(0)!.reason as AbortError
    expect(reason).toBeInstanceOf(AbortError)
    expect(reason.cause).toBe(boom)
    // Items 0 and 2 have not settled yet: parallel() must still be waiting for them.
    expect(run.settled).toBe(false)
    w.fail(0, reason) // what a worker honouring its signal would do
    await flush()
    expect(run.settled).toBe(false)
    w.finish(2)
    await run.done
    expect(run.result).toBe(boom) // not item 0's later AbortError
    expect(w.started).toEqual([0, 1, 2])
    expect(w.state.inFlight).toBe(0)
  })

  it('with failFast: false runs every item and returns settled results in order', async () => {
    const two = new Error('two')
    const started: number[] = []
    const out = await parallel(
      [1, 2, 3, 4],
      async (i, _index, signal) => {
        started.push(i)
        await new Promise((r) => setTimeout(r, i === 1 ? 5 : 0))
        if (i === 2) throw two
        expect(signal.aborted).toBe(false)
        return i * 10
      },
      { failFast: false, concurrency: 2 },
    )
    expect(started).toEqual([1, 2, 3, 4])
    expect(out).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: two },
      { status: 'fulfilled', value: 30 },
      { status: 'fulfilled', value: 40 },
    ])
  })

  it('a worker that throws synchronously fails the run like a rejected one', async () => {
    const bad = new Error('sync')
    const worker = ((i: number) => {
      if (i === 1) throw bad
      return Promise.resolve(i)
    }) as (i: number) => Promise<number>
    await expect(parallel([0, 1, 2], worker)).rejects.toBe(bad)
    const out = await parallel([0, 1], worker, { failFast: false })
    expect(out[1]).toEqual({ status: 'rejected', reason: bad })
  })

  it('an onProgress that throws fails the run (even with failFast: false) and aborts the rest', async () => {
    const w = gatedWorker((i) => i)
    const cb = new Error('progress bar broke')
    const run = track(
      parallel(range(5), w.worker, {
        concurrency: 2,
        failFast: false,
        onProgress: () => {
          throw cb
        },
      }),
    )
    await flush()
    w.finish(0)
    await flush()
    expect(w.signals.get(1)!.aborted).toBe(true)
    expect(run.settled).toBe(false)
    w.finish(1)
    await run.done
    expect(run.result).toBe(cb)
    expect(w.started).toEqual([0, 1])
  })

  it('a source that throws rejects with its error after in-flight workers settle', async () => {
    const broke = new Error('source broke')
    async function* source() {
      yield 1
      yield 2
      throw broke
    }
    const w = gatedWorker((i) => i)
    const run = track(parallel(source(), w.worker, { concurrency: 5, failFast: false }))
    await flush()
    expect(w.started).toEqual([1, 2])
    expect(w.signals.get(1)!.aborted).toBe(true)
    expect(run.settled).toBe(false)
    w.finish(1)
    w.finish(2)
    await run.done
    expect(run.result).toBe(broke)

    const syncSource = {
      [Symbol.iterator]: () => ({
        next: () => {
          throw broke
        },
      }),
    }
    await expect(parallel(syncSource as Iterable<number>, async (i) => i)).rejects.toBe(broke)
  })
})

describe('parallel: the caller\'s signal', () => {
  it('an abort during work fires every worker\'s signal, waits for them, and rejects with AbortError', async () => {
    const w = gatedWorker((i) => i)
    const ctl = new AbortController()
    const run = track(parallel(range(10), w.worker, { concurrency: 3, signal: ctl.signal, failFast: false }))
    await flush()
    const why = new Error('user pressed Ctrl-C')
    ctl.abort(why)
    expect([0, 1, 2].map((i) => w.signals.get(i)!.aborted)).toEqual([true, true, true])
    w.finish(0) // one finishes normally, one fails of the abort, one lingers
    w.fail(1, new Error('cancelled'))
    await flush()
    expect(run.settled).toBe(false)
    w.finish(2)
    await run.done
    expect(run.result).toBeInstanceOf(AbortError)
    expect((run.result as AbortError).cause).toBe(why)
    expect(w.started).toEqual([0, 1, 2])
  })

  it('an already aborted signal rejects without calling the worker', async () => {
    let calls = 0
    const err = await parallel([1, 2], async () => calls++, { signal: AbortSignal.abort('late') }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AbortError)
    expect((err as AbortError).cause).toBe('late')
    expect(calls).toBe(0)
  })

  it('an abort after the run finished changes nothing', async () => {
    const ctl = new AbortController()
    expect(await parallel([1, 2], async (i) => i, { signal: ctl.signal })).toEqual([1, 2])
    ctl.abort()
  })
})

describe('parallel: async sources', () => {
  it('pulls lazily: one item per free slot, never ahead of the window', async () => {
    let pulled = 0
    let closed = false
    async function* source() {
      try {
        for (let i = 0; i < 50; i++) {
          pulled++
          yield i
        }
      } finally {
        closed = true
      }
    }
    const w = gatedWorker((i) => i)
    const run = parallel(source(), w.worker, { concurrency: 3 })
    await flush()
    expect(pulled).toBe(3)
    w.finish(0)
    await flush()
    expect(pulled).toBe(4)
    for (let i = 1; i < 50; i++) {
      w.finish(i)
      await flush()
      const settled = i + 1
      expect(pulled - settled).toBeLessThanOrEqual(3)
    }
    expect(await run).toEqual(range(50))
    expect(closed).toBe(true)
  })

  it('closes a source it stops reading early, after the workers settle', async () => {
    let closed = false
    let pulled = 0
    async function* endless() {
      try {
        for (let i = 0; ; i++) {
          pulled++
          yield i
        }
      } finally {
        closed = true
      }
    }
    const w = gatedWorker((i) => i)
    const run = track(parallel(endless(), w.worker, { concurrency: 2 }))
    await flush()
    w.fail(0, new Error('stop'))
    await flush()
    expect(closed).toBe(false) // item 1 still runs and may need its source
    w.finish(1)
    await run.done
    expect((run.result as Error).message).toBe('stop')
    expect(closed).toBe(true)
    expect(pulled).toBe(2)
  })
})

describe('parallel: bad arguments', () => {
  it('rejects (never throws) with InputError before any work', async () => {
    let calls = 0
    const worker = async (i: number) => (calls++, i)
    for (const concurrency of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '2' as unknown as number]) {
      const p = parallel([1], worker, { concurrency })
      await expect(p).rejects.toBeInstanceOf(InputError)
      await expect(p).rejects.toThrow(/concurrency must be an integer of at least 1/)
    }
    await expect(parallel(null as unknown as number[], worker)).rejects.toBeInstanceOf(InputError)
    await expect(parallel(42 as unknown as number[], worker)).rejects.toBeInstanceOf(InputError)
    await expect(parallel([1], 'nope' as unknown as typeof worker)).rejects.toBeInstanceOf(InputError)
    expect(calls).toBe(0)
  })
})
