// src/core/pagination.ts — Paginator<T>: every list as a lazy async iterable over pages the caller never sees.
import { throwIfAborted } from './abort.js'
import { ClientError, InputError, ResponseError } from './errors.js'

/**
 * One page: its items and the cursor of the next page (`undefined`, or `null`, on the last page).
 * @example const page: Page<Container, string> = { items: body, next: body.length === limit ? body.at(-1)?.name : undefined }
 */
export interface Page<T, C = unknown> {
  items: T[]
  next?: C | undefined
}

/**
 * Fetches the page at `cursor` (`undefined` for the first page), passing `signal` on to its request.
 * @example const fetchPage: PageFetcher<Image, string> = async (next, signal) => toPage(await client.get(next ?? '/v2/images', { signal }))
 */
export type PageFetcher<T, C> = (cursor: C | undefined, signal: AbortSignal | undefined) => Promise<Page<T, C>>

/** Options of a {@link Paginator}. @example Paginator.from(fetchPage, { signal: AbortSignal.timeout(30_000) }) */
export interface PaginatorOptions {
  /** Stops the listing between pages (AbortError) and is handed to every page fetch. */
  signal?: AbortSignal
}

/** toArray() without `max` refuses to hold more items than this. */
const TO_ARRAY_LIMIT = 100_000
/** A server sending this many empty pages in a row, each with a cursor, is treated as broken. */
const MAX_EMPTY_PAGES = 100

/** A comparable form of a cursor; type-tagged so the number 1 and the string '1' differ. */
function cursorKey(cursor: unknown): string {
  if (typeof cursor === 'object') {
    try {
      return `json:${JSON.stringify(cursor)}`
    } catch {
      return `object:${String(cursor)}`
    }
  }
  return `${typeof cursor}:${String(cursor)}`
}

/**
 * A list that fetches pages only while you read it. Markers, `next` links and NextTokens stay
 * inside the fetcher a service supplies. Nothing is fetched before iteration starts, and each
 * iteration starts again from the first page. A server that repeats its cursor, or sends more
 * than 100 empty pages in a row, gets a ResponseError instead of an endless loop.
 * @example
 * for await (const server of compute.servers.list()) console.log(server.name)
 * const first50 = await compute.servers.list().toArray({ max: 50 })
 */
export class Paginator<T> implements AsyncIterable<T> {
  readonly #fetch: PageFetcher<T, unknown>
  readonly #signal: AbortSignal | undefined

  /**
   * Use {@link Paginator.from} to keep the cursor typed; this constructor takes a fetcher whose
   * cursor is `unknown`.
   * @example new Paginator<number>(async (cursor) => ({ items: [1, 2], next: cursor === undefined ? 2 : undefined }))
   */
  constructor(fetchPage: PageFetcher<T, unknown>, opts: PaginatorOptions = {}) {
    if (typeof fetchPage !== 'function') throw new InputError('fetchPage must be a function')
    this.#fetch = fetchPage
    this.#signal = opts.signal
  }

  /**
   * A paginator from a fetcher with a typed cursor (the cursor type stays with the service).
   * @example Paginator.from<Container, string>(async (marker, signal) => listPage(marker, signal))
   */
  static from<T, C>(fetchPage: PageFetcher<T, C>, opts: PaginatorOptions = {}): Paginator<T> {
    return new Paginator<T>(fetchPage as PageFetcher<T, unknown>, opts)
  }

  /**
   * Each page's items, in order; empty pages are skipped.
   * @example for await (const page of list.pages()) console.log(`${page.length} more`)
   */
  async *pages(): AsyncGenerator<T[], void, undefined> {
    let cursor: unknown = undefined
    let emptyInARow = 0
    for (;;) {
      throwIfAborted(this.#signal, 'listing')
      const page = await this.#fetch(cursor, this.#signal)
      // A fetch that ignored the signal still must not hand out more items after an abort.
      throwIfAborted(this.#signal, 'listing')
      // No body in these errors: a page may list secrets (EC2 credentials); its shape is the news.
      if (typeof page !== 'object' || page === null) {
        throw new ResponseError(`a listing page must be an object, got ${page === null ? 'null' : typeof page}`)
      }
      if (!Array.isArray(page.items)) throw new ResponseError(`a listing page has no items array (items is ${typeof page.items})`)
      if (page.items.length > 0) {
        emptyInARow = 0
        yield page.items
      } else if (++emptyInARow >= MAX_EMPTY_PAGES && page.next !== undefined && page.next !== null) {
        throw new ResponseError(`the server returned ${MAX_EMPTY_PAGES} empty pages in a row, each with a next cursor; stopping`)
      }
      if (page.next === undefined || page.next === null) return
      // The same cursor again would fetch the same page for ever.
      if (cursorKey(page.next) === cursorKey(cursor)) {
        throw new ResponseError('the server returned the same page cursor twice; stopping instead of looping', {
          details: [cursorKey(page.next).slice(0, 200)],
        })
      }
      cursor = page.next
    }
  }

  /** Every item, page after page. @example for await (const c of storage.containers.list()) console.log(c.name) */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const items of this.pages()) yield* items
  }

  /**
   * The items as an array: at most `max` (no further page is fetched once it is reached). Without
   * `max` it rejects with a ClientError (code `TooManyItems`) past 100 000 items rather than
   * exhaust memory: pass `max` or iterate with `for await`.
   * @example const some = await image.images.list({ visibility: 'public' }).toArray({ max: 500 })
   */
  async toArray(opts: { max?: number } = {}): Promise<T[]> {
    const max = opts.max
    if (max !== undefined && (typeof max !== 'number' || !(Number.isInteger(max) || max === Number.POSITIVE_INFINITY) || max < 0)) {
      throw new InputError(`max must be a non-negative integer, got ${String(max)}`)
    }
    const out: T[] = []
    if (max === 0) return out
    for await (const items of this.pages()) {
      for (const item of items) {
        out.push(item)
        if (max !== undefined && out.length >= max) return out
      }
      if (max === undefined && out.length > TO_ARRAY_LIMIT) {
        throw new ClientError(
          `the listing has more than ${TO_ARRAY_LIMIT} items: pass toArray({ max }) or iterate with for await`,
          { code: 'TooManyItems' },
        )
      }
    }
    return out
  }

  /**
   * The first item, or undefined for an empty list; fetches one page (more only while pages are
   * empty but carry a cursor).
   * @example const newest = await list.first()
   */
  async first(): Promise<T | undefined> {
    for await (const items of this.pages()) return items[0]
    return undefined
  }
}
