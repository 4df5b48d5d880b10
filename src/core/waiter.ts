// src/core/waiter.ts — waitFor(): poll until a state is reached, fail fast on failure states, within a deadline.
import { abortReason, raceSignal, sleep, throwIfAborted } from './abort.js'
import { ClientError, InputError, TimeoutError, type ClientErrorInit } from './errors.js'

/** Options of {@link waitFor}. @example { until: (s) => s.status === 'ACTIVE', describe: (s) => s.status, timeoutMs: 600_000 } */
export interface WaitOptions<T> {
  /** True when the wait is over. */
  until: (value: T) => boolean
  /** A failure state: true, or a non-empty string saying why. Checked before `until`, so it wins. */
  failWhen?: (value: T) => boolean | string
  /** First pause between polls. Default 2000 ms. */
  intervalMs?: number
  /** Longest pause after backing off. Default 30 000 ms. */
  maxIntervalMs?: number
  /** Each pause is the previous one times this (at least 1). Default 1.5. */
  backoff?: number
  /** Give up after this long, polls included. Default: no limit. */
  timeoutMs?: number
  signal?: AbortSignal
  /** Called with each polled value, before it is judged. */
  onPoll?: (value: T, attempt: number) => void
  /** How a value reads in messages, e.g. its status. Strings, numbers and booleans read as themselves. */
  describe?: (value: T) => string
  /** What is being waited for, in messages, e.g. `server 4f2c…`. Default 'condition'. */
  what?: string
}

/**
 * A failure state was reached while waiting (e.g. a server went to ERROR); `last` is the value
 * seen, `details` holds the reason `failWhen` gave.
 * @example catch (e) { if (e instanceof WaitFailedError) console.error(e.message, e.last) }
 */
export class WaitFailedError extends ClientError {
  override readonly name = 'WaitFailedError' as const
  /** The polled value that was judged a failure. */
  readonly last: unknown

  constructor(message: string, last: unknown, init: ClientErrorInit = {}) {
    super(message, { code: 'FailureState', ...init })
    this.last = last
  }
}

// setTimeout fires at once for anything longer (with a warning), which would turn a long wait into a busy loop.
const MAX_TIMER_MS = 2_147_483_647

function checkDuration(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new InputError(`${name} must be a number of milliseconds above 0 and at most ${MAX_TIMER_MS}, got ${String(value)}`)
  }
  return value
}

/**
 * Polls at once, then with pauses growing by `backoff` up to `maxIntervalMs`, until `until`
 * holds. Rejects with WaitFailedError as soon as `failWhen` holds, with TimeoutError (naming the
 * last state) when `timeoutMs` is up, with AbortError when the signal fires. A poll still running
 * then is aborted through its signal and not waited for; no pause runs past the deadline. An
 * error thrown by `poll` rejects unchanged.
 * @example
 * const server = await waitFor((signal) => compute.servers.get(id, { signal }), {
 *   until: (s) => s.status === 'ACTIVE',
 *   failWhen: (s) => s.status === 'ERROR' && (s.fault?.message ?? true),
 *   describe: (s) => s.status, timeoutMs: 600_000, what: `server ${id}`,
 * })
 */
export async function waitFor<T>(poll: (signal: AbortSignal) => Promise<T>, opts: WaitOptions<T>): Promise<T> {
  if (typeof poll !== 'function') throw new InputError('poll must be a function')
  if (typeof opts?.until !== 'function') throw new InputError('until must be a function')
  const interval = checkDuration('intervalMs', opts.intervalMs ?? 2000)
  const maxInterval = checkDuration('maxIntervalMs', opts.maxIntervalMs ?? 30_000)
  if (opts.intervalMs !== undefined && opts.maxIntervalMs !== undefined && maxInterval < interval) {
    throw new InputError(`maxIntervalMs (${maxInterval}) must not be below intervalMs (${interval})`)
  }
  const backoff = opts.backoff ?? 1.5
  if (typeof backoff !== 'number' || !Number.isFinite(backoff) || backoff < 1) {
    throw new InputError(`backoff must be a number of at least 1, got ${String(backoff)}`)
  }
  const timeoutMs = opts.timeoutMs === undefined ? undefined : checkDuration('timeoutMs', opts.timeoutMs)
  const label = `waiting for ${opts.what ?? 'condition'}`
  throwIfAborted(opts.signal, label)

  let last: { value: T } | undefined
  // Runs inside a timer callback too, where a throwing `describe` would crash the process.
  const stateOf = (value: T): string | undefined => {
    try {
      if (opts.describe) return opts.describe(value)
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value)
      return undefined
    } catch {
      return undefined
    }
  }
  const timedOut = (): TimeoutError => {
    const state = last === undefined ? undefined : stateOf(last.value)
    const where = last === undefined ? ' before any poll finished' : state === undefined ? '' : ` (last state: ${state})`
    return new TimeoutError(`${label}: timed out after ${timeoutMs} ms${where}`)
  }

  const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs
  const timer = new AbortController()
  const timeout = timeoutMs === undefined ? undefined : setTimeout(() => timer.abort(timedOut()), timeoutMs)
  const signal = opts.signal ? AbortSignal.any([opts.signal, timer.signal]) : timer.signal
  // Both turn into TimeoutError (the timer's reason) or AbortError carrying the caller's reason.
  const stopped = (): ClientError => abortReason(signal, label)
  try {
    let pause = Math.min(interval, maxInterval)
    for (let attempt = 1; ; attempt++) {
      let value: T
      try {
        let polled: Promise<T>
        try {
          polled = Promise.resolve(poll(signal))
        } catch (e) {
          polled = Promise.reject(e)
        }
        // Raced, so a poll that ignores its signal cannot hold the wait past the deadline.
        value = await raceSignal(polled, signal)
      } catch (e) {
        throw signal.aborted ? stopped() : e
      }
      last = { value }
      opts.onPoll?.(value, attempt)

      const failed = opts.failWhen?.(value)
      if (failed === true || (typeof failed === 'string' && failed !== '')) {
        const state = stateOf(value)
        const reason = typeof failed === 'string' ? failed : undefined
        const message = `${label}: failed${state === undefined ? '' : ` in state ${state}`}${reason === undefined ? '' : `: ${reason}`}`
        throw new WaitFailedError(message, value, reason === undefined ? {} : { details: [reason] })
      }
      if (opts.until(value)) return value

      const left = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - Date.now()
      if (left <= 0) throw timedOut()
      const lastPause = left <= pause
      try {
        await sleep(lastPause ? left : pause, signal)
      } catch {
        throw stopped()
      }
      // Slept to the deadline: timing out now beats racing the timer with one more poll.
      if (lastPause) throw timedOut()
      pause = Math.min(maxInterval, pause * backoff)
    }
  } finally {
    clearTimeout(timeout)
  }
}
