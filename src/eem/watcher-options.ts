// src/eem/watcher-options.ts — a DeviceWatcher's options: defaults, checks, which errors stop it, how long it backs off.
import {
  InputError,
  NetworkError,
  RateLimitError,
  ResponseError,
  ServerError,
  TimeoutError,
  TRANSIENT_STATUSES,
  type ClientError,
} from '../core/errors.js'
import { DEFAULT_WATCHED_FIELDS } from './watcher-diff.js'

/**
 * Options of a {@link DeviceWatcher}.
 * @example new DeviceWatcher(source, { intervalMs: 10_000, triggerSync: true, fields: ['state', 'node_id'], signal })
 */
export interface DeviceWatcherOptions {
  /** Pause between the end of one poll and the start of the next. Default 30 000 ms (Valence's `sync_interval`). */
  intervalMs?: number
  /** Call `source.sync` before each list, as Valence's periodic sync would. Default false. */
  triggerSync?: boolean
  /** Stops the watcher (reason `abort`) when it fires. */
  signal?: AbortSignal
  /** Fields whose change is reported. Default `['state', 'node_id', 'pooled_group_id']`; `[]` reports only added and removed devices. */
  fields?: readonly string[]
  /** Also report the baseline: the first poll emits `added` for every device (and a batch). Default false: only `ready`. */
  emitInitial?: boolean
  /** Longest pause after failures. Default the larger of `intervalMs` and 300 000 ms. */
  maxIntervalMs?: number
  /** After n failed polls in a row the pause is `intervalMs × backoff^n`, capped at `maxIntervalMs`. Default 2. */
  backoff?: number
  /** Spread failure pauses over [pause/2, pause] so many watchers do not retry in step. Default true. */
  jitter?: boolean
  /** Overrides which errors stop the watcher: true stops, false keeps polling, undefined keeps the default rule ({@link isFatalWatchError}). */
  isFatal?: (error: ClientError) => boolean | undefined
}

/** The options after defaults and checks. */
export interface ResolvedWatcherOptions {
  intervalMs: number
  maxIntervalMs: number
  backoff: number
  jitter: boolean
  triggerSync: boolean
  emitInitial: boolean
  fields: readonly string[]
  isFatal: (error: ClientError) => boolean
}

// setTimeout fires at once for anything longer, which would turn a long pause into a busy loop.
export const MAX_TIMER_MS = 2_147_483_647

/** Throws InputError unless `value` is a usable number of milliseconds. @example checkMs('timeoutMs', opts.timeoutMs) */
export function checkMs(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new InputError(`${name} must be a number of milliseconds above 0 and at most ${MAX_TIMER_MS}, got ${String(value)}`)
  }
  return value
}

/**
 * Applies the defaults and checks every option; throws InputError naming the bad one.
 * @example resolveWatcherOptions({ intervalMs: 5000 }).maxIntervalMs // 300000
 */
export function resolveWatcherOptions(opts: DeviceWatcherOptions, canSync: boolean): ResolvedWatcherOptions {
  if (opts === null || typeof opts !== 'object') throw new InputError('options must be an object')
  const intervalMs = checkMs('intervalMs', opts.intervalMs ?? 30_000)
  const maxIntervalMs = checkMs('maxIntervalMs', opts.maxIntervalMs ?? Math.max(intervalMs, 300_000))
  if (maxIntervalMs < intervalMs) throw new InputError(`maxIntervalMs (${maxIntervalMs}) must not be below intervalMs (${intervalMs})`)
  const backoff = opts.backoff ?? 2
  if (typeof backoff !== 'number' || !Number.isFinite(backoff) || backoff < 1) {
    throw new InputError(`backoff must be a number of at least 1, got ${String(backoff)}`)
  }
  const fields = opts.fields ?? DEFAULT_WATCHED_FIELDS
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string' && f !== '')) {
    throw new InputError('fields must be an array of field names')
  }
  const triggerSync = opts.triggerSync ?? false
  if (triggerSync && !canSync) throw new InputError('triggerSync needs a source with a sync() method')
  if (opts.signal !== undefined && !(opts.signal instanceof AbortSignal)) throw new InputError('signal must be an AbortSignal')
  if (opts.isFatal !== undefined && typeof opts.isFatal !== 'function') throw new InputError('isFatal must be a function')
  const custom = opts.isFatal
  return {
    intervalMs,
    maxIntervalMs,
    backoff,
    jitter: opts.jitter ?? true,
    triggerSync,
    emitInitial: opts.emitInitial ?? false,
    fields: Object.freeze([...fields]),
    isFatal: (error) => custom?.(error) ?? isFatalWatchError(error),
  }
}

/**
 * The default rule for what stops a watcher. It keeps polling through what a later poll may get
 * past: network errors, timeouts, 408, 429, 5xx, a broken body (a proxy page while Valence
 * restarts), and anything marked `retryable`. Everything else stops it: InputError, the other
 * 4xx (400, 401, 403, 404, 409, …: the same request will fail the same way), an AbortError from
 * below the watcher, and errors that are not strato's (a bug in a hand-written source).
 * @example new DeviceWatcher(source, { isFatal: (e) => (e.status === 404 ? false : undefined) })
 */
export function isFatalWatchError(error: ClientError): boolean {
  if (error.retryable) return false
  if (error instanceof NetworkError || error instanceof TimeoutError || error instanceof ServerError) return false
  if (error instanceof RateLimitError || error instanceof ResponseError) return false
  if (TRANSIENT_STATUSES.includes(error.status) || (error.status >= 500 && error.status <= 599)) return false
  return true
}

/**
 * The pause after `failures` failed polls in a row: `intervalMs × backoff^failures` capped at
 * `maxIntervalMs`, spread over its upper half when `jitter` is on, and never shorter than a
 * `Retry-After` the server sent. core's backoffDelay is not used: its full jitter may pick 0,
 * and a watcher that has just failed must not poll again at once.
 * @example pauseAfter(resolved, 2, error) // 120 000 ms with the defaults and no jitter
 */
export function pauseAfter(opts: ResolvedWatcherOptions, failures: number, error: ClientError, random: () => number = Math.random): number {
  const cap = Math.min(opts.maxIntervalMs, opts.intervalMs * opts.backoff ** failures)
  const pause = opts.jitter ? cap / 2 + (random() * cap) / 2 : cap
  return Math.min(MAX_TIMER_MS, Math.max(Math.round(pause), error.retryAfterMs ?? 0))
}
