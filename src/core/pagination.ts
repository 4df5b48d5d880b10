// src/core/pagination.ts — Paginator<T>: every list as a lazy async iterable over pages the caller never sees.
import { throwIfAborted } from './abort.js'
import { ClientError, ResponseError } from './errors.js'

/** One page: its items and the cursor of the next page (undefined on the last page). */
export interface Page<T, C = unknown> {
  items: T[]
  next?: C | undefined
}

/** Fetches the page at `cursor` (undefined for the first page). */
export type PageFetcher<T, C> = (cursor: C | undefined, signal: AbortSignal | undefined) => Promise<Page<T, C>>

const SAFETY_CAP = 100_000
const MAX_EMPTY_PAGES = 100

/**
 * A list that fetches pages only while you read it. Markers, `next` links and NextTokens stay
 * inside the fetcher a service supplies. Each iteration starts again from the first page.
 * @example
 * for await (const server of compute.servers.list()) console.log(server.name)
 * const first50 = await compute.servers.list().toArray({ max: 50 })
 */
export class Paginator<T> implements AsyncIterable<T> {
  readonly #fetch: PageFetcher<T, unknown>
  readonly #signal: AbortSignal | undefined

  constructor(fetchPage: PageFetcher<T, unknown>, opts: { signal?: AbortSignal } = {}) {
    this.#fetch = fetchPage
    this.#signal = opts.signal
  }

  /**
   * A paginator from a typed fetcher (the cursor type stays with the service).
   * @example Paginator.from<Item, string>((marker) => listPage(marker))
   */
  static from<T, C>(fetchPage: PageFetcher<T, C>, opts: { signal?: AbortSignal } = {}): Paginator<T> {
    return new Paginator<T>(fetchPage as PageFetcher<T, unknown>, opts)
  }

  /** Each page's items, in order. @example for await (const page of list.pages()) console.log(page.length) */
  async *pages(): AsyncGenerator<T[], void, undefined> {
    let cursor: unknown
    let previous: string | undefined
    let empty = 0
    for (;;) {
      throwIfAborted(this.#signal, 'listing')
      const page = await this.#fetch(cursor, this.#signal)
      if (page.items.length > 0) {
        empty = 0
        yield page.items
      } else if (++empty >= MAX_EMPTY_PAGES) {
        throw new ResponseError(`the server returned ${MAX_EMPTY_PAGES} empty pages in a row; stopping`)
      }
      if (page.next === undefined || page.next === null) return
      // A server that hands back the same cursor would make us loop for ever.
      const key = typeof page.next === 'object' ? JSON.stringify(page.next) : String(page.next)
      if (key === previous) throw new ResponseError(`the server returned the same page cursor twice (${key.slice(0, 200)}); stopping`)
      previous = key
      cursor = page.next
    }
  }

  /** Every item, page after page. @example for await (const c of storage.containers.list()) … */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const items of this.pages()) yield* items
  }

  /**
   * The items as an array: at most `max` (fetching no further page once reached). Without `max`
   * it rejects past 100 000 items (code `TooManyItems`) rather than exhaust memory.
   * @example const all = await image.images.list({ visibility: 'public' }).toArray({ max: 500 })
   */
  async toArray(opts: { max?: number } = {}): Promise<T[]> {
    const max = opts.max ?? Number.POSITIVE_INFINITY
    const out: T[] = []
    if (max <= 0) return out
    for await (const items of this.pages()) {
      for (const item of items) {
        out.push(item)
        if (out.length >= max) return out
      }
      if (opts.max === undefined && out.length > SAFETY_CAP) {
        throw new ClientError(`more than ${SAFETY_CAP} items: pass toArray({ max }) or iterate with for await`, { code: 'TooManyItems' })
      }
    }
    return out
  }

  /** The first item, fetching one page only. @example const newest = await list.first() */
  async first(): Promise<T | undefined> {
    for await (const items of this.pages()) if (items.length > 0) return items[0]
    return undefined
  }
}
