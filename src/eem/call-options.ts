// src/eem/call-options.ts — EEM call options (signal, timeout) as core CallOptions.
import type { CallOptions } from '../core/options.js'

/**
 * Core call options from a signal and a timeout, leaving out what is not set.
 * @example await calls.none('DELETE', p, { expect: [200, 204], ...call(opts.signal, opts.timeoutMs) })
 */
export function call(signal: AbortSignal | undefined, timeoutMs?: number): CallOptions {
  return { ...(signal ? { signal } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) }
}
