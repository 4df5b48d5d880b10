// src/eem/lists.ts — Valence lists: a bare JSON array (what the code sends) or a wrapped one (what the api-ref documents), as one-page Paginators.
import { Paginator } from '../core/pagination.js'

/**
 * The array of a list body: the body itself when it is an array, else its `key` member
 * (`{"pod_managers": [...]}`); anything else is returned as it is for the schema to refuse.
 * @example unwrapList({ devices: [d] }, 'devices') // [d]
 */
export function unwrapList(body: unknown, key: string): unknown {
  if (Array.isArray(body)) return body
  if (typeof body === 'object' && body !== null) {
    const inner = (body as Record<string, unknown>)[key]
    if (Array.isArray(inner)) return inner
  }
  return body
}

/**
 * A Paginator over a list Valence sends in one response (it does not page).
 * @example return onePage((signal) => fetchAll(signal), opts.signal)
 */
export function onePage<T>(fetchAll: (signal: AbortSignal | undefined) => Promise<T[]>, signal?: AbortSignal): Paginator<T> {
  return Paginator.from<T, never>(async (_cursor, s) => ({ items: await fetchAll(s) }), signal ? { signal } : {})
}
