// src/core/concurrency.ts — a sliding window of concurrent tasks: ConcurrencyLimiter, and parallel() built on it.
import { abortReason } from './abort.js'
import { AbortError, InputError } from './errors.js'

function checkLimit(limit: number, what: string): void {
  if (!Number.isInteger(limit) || limit < 1) throw new InputError(`${what} must be an integer of at least 1, got ${limit}`)
}

interface Queued {
  start: () => void
  reject: (reason: unknown) => void
  signal: AbortSignal | undefined
  onAbort: (() => void) | undefined
}

/**
 * Runs submitted tasks with at most `limit` at once, first come first served. A finished task
 * makes room for the next at once (a sliding window, not batches). The limit can change while
 * work runs: raising it starts queued tasks, lowering it lets running ones finish.
 * @example
 * const limiter = new ConcurrencyLimiter({ limit: 4 })
 * const results = await Promise.all(files.map((f) => limiter.run((signal) => upload(f, signal))))
 */
export class ConcurrencyLimiter {
  #limit: number
  #active = 0
  readonly #queue: Queued[] = []
  readonly #idle: (() => void)[] = []
  readonly #signal: AbortSignal | undefined

  constructor(opts: { limit: number; signal?: AbortSignal }) {
    checkLimit(opts.limit, 'limit')
    this.#limit = opts.limit
    this.#signal = opts.signal
    opts.signal?.addEventListener('abort', () => this.clear(opts.signal!.reason), { once: true })
  }

  /** Tasks allowed at once. @example limiter.limit = 16 */
  get limit(): number {
    return this.#limit
  }
  set limit(value: number) {
    checkLimit(value, 'limit')
    this.#limit = value
    this.#drain()
  }

  /** Tasks running now. @example limiter.active */
  get active(): number {
    return this.#active
  }

  /** Tasks waiting for a slot. @example limiter.pending */
  get pending(): number {
    return this.#queue.length
  }

  /**
   * Runs `task` when a slot is free. Its signal fires when the limiter's or the call's signal
   * does; a task still queued when either fires rejects with AbortError without ever running.
   * @example await limiter.run((signal) => client.put(p, { body, signal }))
   */
  run<R>(task: (signal: AbortSignal) => Promise<R>, opts: { signal?: AbortSignal } = {}): Promise<R> {
    const signals = [this.#signal, opts.signal].filter((s): s is AbortSignal => s !== undefined)
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0]
    if (signal?.aborted) return Promise.reject(abortReason(signal))
    return new Promise<R>((resolve, reject) => {
      const entry: Queued = {
        signal,
        onAbort: undefined,
        reject,
        start: () => {
          if (entry.onAbort) signal?.removeEventListener('abort', entry.onAbort)
          this.#active++
          const own = signal ?? new AbortController().signal
          let result: Promise<R>
          try {
            result = task(own)
          } catch (e) {
            result = Promise.reject(e)
          }
          result.then(resolve, reject).finally(() => {
            this.#active--
            this.#drain()
          })
        },
      }
      if (signal) {
        entry.onAbort = () => {
          const i = this.#queue.indexOf(entry)
          if (i >= 0) {
            this.#queue.splice(i, 1)
            reject(abortReason(signal))
            this.#drain()
          }
        }
        signal.addEventListener('abort', entry.onAbort, { once: true })
      }
      this.#queue.push(entry)
      this.#drain()
    })
  }

  /** Resolves when nothing runs and nothing waits. @example await limiter.onIdle() */
  onIdle(): Promise<void> {
    if (this.#active === 0 && this.#queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.#idle.push(resolve))
  }

  /** Rejects every queued (not running) task with AbortError. @example limiter.clear() */
  clear(reason?: unknown): void {
    for (const entry of this.#queue.splice(0)) {
      if (entry.onAbort) entry.signal?.removeEventListener('abort', entry.onAbort)
      entry.reject(new AbortError('task cancelled before it started', { cause: reason }))
    }
    this.#drain()
  }

  #drain(): void {
    while (this.#active < this.#limit && this.#queue.length > 0) this.#queue.shift()!.start()
    if (this.#active === 0 && this.#queue.length === 0) for (const resolve of this.#idle.splice(0)) resolve()
  }
}

/** Progress of a {@link parallel} run. */
export interface ParallelProgress {
  started: number
  completed: number
  failed: number
  inFlight: number
}

/** Options of {@link parallel}. */
export interface ParallelOptions {
  /** Workers at once. Default 8. */
  concurrency?: number
  signal?: AbortSignal
  /** Abort the rest on the first failure (default). With false, every item runs and results are settled. */
  failFast?: boolean
  /** Called after each item finishes. An exception thrown here fails the run like a worker's. */
  onProgress?: (progress: ParallelProgress) => void
}

/**
 * Runs `worker` over the items, `concurrency` at a time in a sliding window, and resolves to the
 * results in input order. Items of an async iterable are pulled only when a slot is free, so a
 * stream source stays bounded in memory. On the first failure (failFast) the other workers'
 * signals fire, no new item starts, and the promise rejects with that failure once every started
 * worker has settled: nothing is left running behind the caller's back.
 * @example const etags = await parallel(segments, (seg, i, signal) => putSegment(seg, i, signal), { concurrency: 8 })
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
export async function parallel<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  worker: (item: T, index: number, signal: AbortSignal) => Promise<R>,
  opts: ParallelOptions = {},
): Promise<R[] | PromiseSettledResult<R>[]> {
  const concurrency = opts.concurrency ?? 8
  checkLimit(concurrency, 'concurrency')
  const failFast = opts.failFast ?? true
  const stop = new AbortController()
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal
  const limiter = new ConcurrencyLimiter({ limit: concurrency })
  const settled: PromiseSettledResult<R>[] = []
  const running = new Set<Promise<void>>()
  const progress: ParallelProgress = { started: 0, completed: 0, failed: 0, inFlight: 0 }
  // Worker failures are results (kept with failFast: false); a failing source or onProgress is not.
  let firstError: { error: unknown } | undefined
  let ownError: { error: unknown } | undefined
  const fail = (error: unknown, own = false): void => {
    if (own) ownError ??= { error }
    if (firstError) return
    firstError = { error }
    if (failFast || own) stop.abort(error)
  }
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : (items as Iterable<T>)[Symbol.iterator]()

  try {
    for (let index = 0; ; index++) {
      // Wait for a free slot before pulling the next item: the source is read lazily.
      while (limiter.active >= limiter.limit) await Promise.race(running)
      if (signal.aborted) break
      const next = await iterator.next()
      if (next.done) break
      progress.started++
      progress.inFlight++
      const job = limiter
        .run((s) => worker(next.value, index, s), { signal })
        .then(
          (value) => {
            settled[index] = { status: 'fulfilled', value }
            progress.completed++
          },
          (reason: unknown) => {
            settled[index] = { status: 'rejected', reason }
            progress.failed++
            fail(reason)
          },
        )
        .then(() => {
          progress.inFlight--
          try {
            opts.onProgress?.({ ...progress })
          } catch (e) {
            fail(e, true)
          }
        })
        .finally(() => running.delete(job))
      running.add(job)
    }
  } catch (e) {
    fail(e, true) // the source itself failed
  }
  await Promise.all(running)
  if (opts.signal?.aborted) throw abortReason(opts.signal)
  if (ownError) throw ownError.error
  if (!failFast) return settled
  if (firstError) throw firstError.error
  return settled.map((r) => (r as PromiseFulfilledResult<R>).value)
}
