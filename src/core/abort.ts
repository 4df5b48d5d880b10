// src/core/abort.ts — turning AbortSignals into strato errors, and a sleep that a signal cuts short.
import { AbortError, ClientError } from './errors.js'

/**
 * Why a signal fired, as a ClientError: a TimeoutError when the reason already is one (strato's
 * own timers abort with a TimeoutError), otherwise an AbortError whose `cause` is the reason.
 * @example signal.addEventListener('abort', () => reject(abortReason(signal)))
 */
export function abortReason(signal: AbortSignal, what = 'operation'): ClientError {
  const reason: unknown = signal.reason
  if (reason instanceof ClientError) return reason
  return new AbortError(`${what} aborted`, { cause: reason })
}

/**
 * Rejects with {@link abortReason} when the signal has already fired; call it before starting work.
 * @example throwIfAborted(opts.signal, 'upload')
 */
export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw abortReason(signal, what)
}

/**
 * Waits `ms` milliseconds; rejects at once with AbortError/TimeoutError when `signal` fires.
 * The timer is released either way, so nothing keeps the process alive.
 * @example await sleep(backoffMs, opts.signal)
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal))
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(abortReason(signal as AbortSignal))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, Math.max(0, ms))
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Waits for a promise shared by many callers, but lets this caller leave when its own signal
 * fires: the shared work goes on for the others (single-flight re-authentication relies on it).
 * @example const token = await raceSignal(this.#inflight, opts.signal)
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(abortReason(signal))
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(e)
      },
    )
  })
}
