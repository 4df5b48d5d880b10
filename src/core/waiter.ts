// src/core/waiter.ts — waitFor(): poll until a state is reached, fail fast on failure states, within a deadline.
import { abortReason, sleep } from './abort.js'
import { ClientError, InputError, TimeoutError, type ClientErrorInit } from './errors.js'

/** Options of {@link waitFor}. */
export interface WaitOptions<T> {
  /** True when the wait is over. */
  until: (value: T) => boolean
  /** A failure state: true, or a string saying why. Checked before `until`. */
  failWhen?: (value: T) => boolean | string
  /** First pause between polls. Default 2000 ms. */
  intervalMs?: number
  /** Longest pause after backing off. Default 30 000 ms. */
  maxIntervalMs?: number
  /** Each pause is the previous one times this. Default 1.5. */
  backoff?: number
  /** Give up after this long (polls included). Default: no limit. */
  timeoutMs?: number
  signal?: AbortSignal
  /** Called with each polled value. */
  onPoll?: (value: T, attempt: number) => void
  /** How a value reads in messages, e.g. its status. */
  describe?: (value: T) => string
  /** What is being waited for, in messages. Default 'condition'. */
  what?: string
}

/**
 * A failure state was reached while waiting (e.g. a server went to ERROR); `last` is the value seen.
 * @example catch (e) { if (e instanceof WaitFailedError) console.error(e.last) }
 */
export class WaitFailedError extends ClientError {
  override readonly name = 'WaitFailedError' as const
  readonly last: unknown
  constructor(message: string, last: unknown, init: ClientErrorInit = {}) {
    super(message, { code: 'FailureState', ...init })
    this.last = last
  }
}

/**
 * Polls at once, then with growing pauses, until `until` holds. Rejects with WaitFailedError on a
 * failure state (without waiting for the timeout), TimeoutError (naming the last state) when the
 * time is up, AbortError when the signal fires; a poll still running then is aborted through its
 * signal. An error thrown by `poll` rejects unchanged.
 * @example
 * const server = await waitFor((signal) => compute.servers.get(id, { signal }), {
 *   until: (s) => s.status === 'ACTIVE', failWhen: (s) => s.status === 'ERROR' && `fault: ${s.fault?.message}`,
 *   describe: (s) => s.status, timeoutMs: 600_000, what: `server ${id}`,
 * })
 */
export async function waitFor<T>(poll: (signal: AbortSignal) => Promise<T>, opts: WaitOptions<T>): Promise<T> {
  const interval = opts.intervalMs ?? 2000
  const maxInterval = opts.maxIntervalMs ?? 30_000
  const factor = opts.backoff ?? 1.5
  const what = opts.what ?? 'condition'
  for (const [name, v] of [['intervalMs', interval], ['maxIntervalMs', maxInterval]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new InputError(`${name} must be a non-negative number, got ${v}`)
  }
  if (!Number.isFinite(factor) || factor < 1) throw new InputError(`backoff must be at least 1, got ${factor}`)
  if (opts.timeoutMs !== undefined && (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs < 0)) {
    throw new InputError(`timeoutMs must be a non-negative number, got ${opts.timeoutMs}`)
  }
  const started = Date.now()
  const describe = (v: T | undefined): string => (v === undefined ? 'nothing polled yet' : opts.describe ? opts.describe(v) : 'condition not met')
  let last: T | undefined
  const timeout = (): TimeoutError => new TimeoutError(`waiting for ${what}: timed out after ${opts.timeoutMs} ms (last: ${describe(last)})`)
  const ctl = new AbortController()
  const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => ctl.abort(timeout()), opts.timeoutMs)
  const signal = opts.signal ? AbortSignal.any([opts.signal, ctl.signal]) : ctl.signal
  try {
    let pause = interval
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw abortReason(signal, `waiting for ${what}`)
      try {
        last = await poll(signal)
      } catch (e) {
        throw signal.aborted ? abortReason(signal, `waiting for ${what}`) : e
      }
      opts.onPoll?.(last, attempt)
      const failed = opts.failWhen?.(last)
      if (failed) {
        const why = typeof failed === 'string' ? failed : describe(last)
        throw new WaitFailedError(`waiting for ${what}: failed in state ${why}`, last)
      }
      if (opts.until(last)) return last
      // Never sleep past the deadline: wake for the timeout instead.
      const left = opts.timeoutMs === undefined ? pause : Math.min(pause, Math.max(0, opts.timeoutMs - (Date.now() - started)))
      await sleep(left, signal)
      pause = Math.min(maxInterval, pause * factor)
    }
  } finally {
    if (timer) clearTimeout(timer)
  }
}
