// src/core/retry-after.ts — how long a server asked us to wait, from Retry-After (seconds or HTTP-date).

/**
 * Milliseconds to wait according to `Retry-After-Ms` (ms), or `Retry-After` as delta-seconds or an
 * HTTP-date (a date in the past means 0). Undefined when absent or unreadable.
 * @example parseRetryAfter(new Headers({ 'Retry-After': '3' })) // 3000
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms')
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.round(Number(ms))
  const value = headers.get('retry-after')?.trim()
  if (!value) return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  // HTTP-dates always name a weekday or month; a bare number that failed above is garbage.
  if (!/[a-z]/i.test(value)) return undefined
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
