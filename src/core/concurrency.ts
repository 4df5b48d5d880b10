// src/core/concurrency.ts — one sliding window of concurrent work, shared by ConcurrencyLimiter and parallel().
import { abortReason } from './abort.js'
import { AbortError, InputError } from './errors.js'

function checkLimit(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InputError(`${what} must be an integer of at least 1, got ${String(value)}`)
  }
  return value
}

/** Someone waiting for a slot: `grant` runs once one is theirs, `fail` if their signal fires first. */
interface Waiter {
  grant: () => void
  fail: (reason: unknown) => void
  signal: AbortSignal | undefined
  onAbort: (() => void) | undefined
}

function detach(waiter: Waiter): void {
  if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort)
}

/**
 * The window itself: at most `limit` slots held, waiters served first come first served, and a
 * released slot handed on at once. ConcurrencyLimiter and parallel() both hold their slots here,
 * so the sliding-window rules exist once.
 */
class SlotWindow {
  #limit: number
  #held = 0
  readonly #waiters: Waiter[] = []
  readonly #idle: (() => void)[] = []

  constructor(limit: number) {
    this.#limit = limit
  }

  get limit(): number {
    return this.#limit
  }
  set limit(value: number) {
    this.#limit = value
    this.#drain()
  }
  get held(): number {
    return this.#held
  }
  get waiting(): number {
    return this.#waiters.length
  }

  /** Calls `grant` holding a slot (synchronously when one is free); the holder must release() it. */
  acquire(grant: () => void, fail: (reason: unknown) => void, signal: AbortSignal | undefined): void {
    if (signal?.aborted) {
      fail(abortReason(signal, 'task'))
      return
    }
    const waiter: Waiter = { grant, fail, signal, onAbort: undefined }
    if (signal) {
      waiter.onAbort = () => {
        const i = this.#waiters.indexOf(waiter)
        if (i < 0) return
        this.#waiters.splice(i, 1)
        fail(abortReason(signal, 'queued task'))
        this.#resolveIdle()
      }
      signal.addEventListener('abort', waiter.onAbort, { once: true })
    }
    this.#waiters.push(waiter)
    this.#drain()
  }

  release(): void {
    this.#held--
    this.#drain()
  }

  clear(reason: unknown): void {
    for (const waiter of this.#waiters.splice(0)) {
      detach(waiter)
      waiter.fail(new AbortError('task cancelled before it started', { cause: reason }))
    }
    this.#resolveIdle()
  }

  onIdle(): Promise<void> {
    if (this.#held === 0 && this.#waiters.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.#idle.push(resolve))
  }

  #drain(): void {
    // A grant may start a task that submits more work synchronously; re-reading the counters on
    // every turn keeps that nested drain and this one from overshooting the limit.
    while (this.#held < this.#limit && this.#waiters.length > 0) {
      const waiter = this.#waiters.shift() as Waiter
      detach(waiter)
      this.#held++
      waiter.grant()
    }
    this.#resolveIdle()
  }

  #resolveIdle(): void {
    if (this.#held === 0 && this.#waiters.length === 0) for (const resolve of this.#idle.splice(0)) resolve()
  }
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined)
  return present.length > 1 ? AbortSignal.any(present) : present[0]
}

/** Options of {@link ConcurrencyLimiter}. @example new ConcurrencyLimiter({ limit: 4, signal: AbortSignal.timeout(60_000) }) */
export interface ConcurrencyLimiterOptions {
  /** Tasks allowed to run at once: an integer of at least 1. */
  limit: number
  /** Fires every task's signal and rejects every queued task. */
  signal?: AbortSignal
}

/**
 * Runs submitted tasks with at most `limit` at once, first come first served. A finished task
 * makes room for the next at once (a sliding window, not batches). The limit can change while
 * work runs: raising it starts queued tasks at once, lowering it lets running ones finish.
 * @example
 * const limiter = new ConcurrencyLimiter({ limit: 4 })
 * const etags = await Promise.all(files.map((f) => limiter.run((signal) => upload(f, signal))))
 */
export class ConcurrencyLimiter {
  readonly #window: SlotWindow
  readonly #signal: AbortSignal | undefined

  /** @throws InputError when `limit` is not an integer of at least 1. */
  constructor(opts: ConcurrencyLimiterOptions) {
    this.#window = new SlotWindow(checkLimit(opts?.limit, 'limit'))
    this.#signal = opts.signal
  }

  /** Tasks allowed at once; setting it throws InputError unless it is an integer of at least 1. @example limiter.limit = 16 */
  get limit(): number {
    return this.#window.limit
  }
  set limit(value: number) {
    this.#window.limit = checkLimit(value, 'limit')
  }

  /** Tasks running now. @example if (limiter.active === limiter.limit) console.log('saturated') */
  get active(): number {
    return this.#window.held
  }

  /** Tasks waiting for a slot. @example console.log(`${limiter.pending} uploads queued`) */
  get pending(): number {
    return this.#window.waiting
  }

  /**
   * Runs `task` once a slot is free and settles like it. Its signal fires when the limiter's or
   * the call's signal does; a task still queued then rejects with AbortError without ever running.
   * @example await limiter.run((signal) => client.put(p, { body, signal }), { signal: opts.signal })
   */
  run<R>(task: (signal: AbortSignal) => Promise<R>, opts: { signal?: AbortSignal } = {}): Promise<R> {
    if (typeof task !== 'function') return Promise.reject(new InputError('task must be a function'))
    const signal = anySignal(this.#signal, opts.signal)
    return new Promise<R>((resolve, reject) => {
      const start = (): void => {
        let result: Promise<R>
        try {
          // A task without any signal still gets one, so its code never has to check for undefined.
          result = Promise.resolve(task(signal ?? new AbortController().signal))
        } catch (e) {
          result = Promise.reject(e)
        }
        // Free the slot before settling, so a caller resuming after `await run()` sees it free.
        result.then(
          (value) => {
            this.#window.release()
            resolve(value)
          },
          (error: unknown) => {
            this.#window.release()
            reject(error)
          },
        )
      }
      this.#window.acquire(start, reject, signal)
    })
  }

  /** Resolves once nothing runs and nothing waits. @example await limiter.onIdle() */
  onIdle(): Promise<void> {
    return this.#window.onIdle()
  }

  /**
   * Rejects every queued (not running) task with AbortError whose `cause` is `reason`.
   * @example process.once('SIGINT', () => limiter.clear('interrupted'))
   */
  clear(reason?: unknown): void {
    this.#window.clear(reason)
  }
}

/**
 * Progress of a {@link parallel} run, reported after each item settles.
 * @example onProgress: (p) => bar.update(p.completed + p.failed)
 */
export interface ParallelProgress {
  /** Items handed to a worker so far. */
  started: number
  /** Items whose worker resolved. */
  completed: number
  /** Items whose worker rejected. */
  failed: number
  /** Items started but not yet settled. */
  inFlight: number
}

/** Options of {@link parallel}. @example await parallel(ids, remove, { concurrency: 4, failFast: false, signal }) */
export interface ParallelOptions {
  /** Workers at once: an integer of at least 1. Default 8. */
  concurrency?: number
  signal?: AbortSignal
  /** Abort the rest on the first failure (default). With false, every item runs and results are settled. */
  failFast?: boolean
  /** Called after each item settles. An exception thrown here fails the run (even with failFast: false). */
  onProgress?: (progress: ParallelProgress) => void
}

function openSource<T>(items: Iterable<T> | AsyncIterable<T>): Iterator<T> | AsyncIterator<T> {
  if (items !== null && items !== undefined) {
    const asyncOpen = (items as Partial<AsyncIterable<T>>)[Symbol.asyncIterator]
    if (typeof asyncOpen === 'function') return asyncOpen.call(items)
    const syncOpen = (items as Partial<Iterable<T>>)[Symbol.iterator]
    if (typeof syncOpen === 'function') return syncOpen.call(items)
  }
  throw new InputError('items must be an iterable or an async iterable')
}

/**
 * Runs `worker` over the items, `concurrency` at a time in a sliding window, and resolves to the
 * results in input order. Items of an async iterable are pulled only once a slot is free, so a
 * stream source stays bounded in memory. On the first failure (failFast) the other workers'
 * signals fire, no new item starts, and the promise rejects with that failure once every started
 * worker has settled: nothing is left running behind the caller's back. The caller's abort
 * rejects the same way, with AbortError. A source stopped early is closed (its `return()` runs).
 * @example const etags = await parallel(segments, (seg, i, signal) => putSegment(seg, i, signal), { concurrency: 8 })
 * @example const settled = await parallel(ids, (id, _i, signal) => deleteServer(id, signal), { failFast: false })
 */
export function parallel<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  worker: (item: T, index: number, signal: AbortSignal) => Promise<R>,
  opts?: ParallelOptions & { failFast?: true },
): Promise<R[]>
export function parallel<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  worker: (item: T, index: number, signal: AbortSignal) => Promise<R>,
  opts: ParallelOptions & { failFast: false },
): Promise<PromiseSettledResult<R>[]>
export function parallel<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  worker: (item: T, index: number, signal: AbortSignal) => Promise<R>,
  opts: ParallelOptions,
): Promise<R[] | PromiseSettledResult<R>[]>
export async function parallel<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  worker: (item: T, index: number, signal: AbortSignal) => Promise<R>,
  opts: ParallelOptions = {},
): Promise<R[] | PromiseSettledResult<R>[]> {
  const window = new SlotWindow(checkLimit(opts.concurrency ?? 8, 'concurrency'))
  if (typeof worker !== 'function') throw new InputError('worker must be a function')
  const failFast = opts.failFast ?? true
  const source = openSource(items)
  const caller = opts.signal
  const stop = new AbortController()
  const signal = anySignal(caller, stop.signal) as AbortSignal
  const results: PromiseSettledResult<R>[] = []
  const running = new Set<Promise<void>>()
  const progress: ParallelProgress = { started: 0, completed: 0, failed: 0, inFlight: 0 }

  // The first fatal event wins: a worker failure (failFast), the caller's abort, the source or
  // onProgress throwing. Whatever workers throw after it (usually their own AbortErrors) is noise.
  let failure: { error: unknown } | undefined
  const halt = (error: unknown): void => {
    if (failure) return
    failure = { error }
    stop.abort(new AbortError('parallel: cancelled because another item failed', { cause: error }))
  }
  const onCallerAbort = (): void => halt(abortReason(caller as AbortSignal, 'parallel'))
  if (caller?.aborted) onCallerAbort()
  else caller?.addEventListener('abort', onCallerAbort, { once: true })

  const report = (): void => {
    try {
      opts.onProgress?.({ ...progress })
    } catch (e) {
      halt(e)
    }
  }
  const start = (item: T, index: number): Promise<void> => {
    progress.started++
    progress.inFlight++
    let result: Promise<R>
    try {
      result = Promise.resolve(worker(item, index, signal))
    } catch (e) {
      result = Promise.reject(e)
    }
    return result
      .then(
        (value) => {
          results[index] = { status: 'fulfilled', value }
          progress.completed++
        },
        (reason: unknown) => {
          results[index] = { status: 'rejected', reason }
          progress.failed++
          if (failFast) halt(reason)
        },
      )
      .then(() => {
        progress.inFlight--
        window.release()
        report()
      })
  }
  const slot = (): Promise<boolean> =>
    new Promise((resolve) => window.acquire(() => resolve(true), () => resolve(false), signal))

  let sourceDone = false
  for (let index = 0; ; index++) {
    // Take a slot first, pull second: the source is never read ahead of the window.
    if (!(await slot())) break
    let next: IteratorResult<T> | undefined
    try {
      next = await source.next()
      if (next.done) sourceDone = true
    } catch (e) {
      sourceDone = true // a throwing iterator is finished; there is nothing left to close
      halt(e)
    }
    if (sourceDone || failure || next === undefined) {
      window.release()
      break
    }
    const job: Promise<void> = start(next.value, index).finally(() => running.delete(job))
    running.add(job)
  }

  await Promise.all(running)
  caller?.removeEventListener('abort', onCallerAbort)
  if (!sourceDone) {
    try {
      await source.return?.()
    } catch {
      // We are already failing for a better reason than the source's cleanup.
    }
  }
  if (failure) throw failure.error
  return failFast ? results.map((r) => (r as PromiseFulfilledResult<R>).value) : results
}
