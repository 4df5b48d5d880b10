// src/storage/listing.ts — Swift's marker-paged JSON listings as Paginators, for accounts and containers alike.
import type { StorageClient } from './client.js'
import { Paginator } from '../core/pagination.js'
import { InputError, ResponseError } from '../core/errors.js'

/** Options shared by container and object listings. */
export interface ListingOptions {
  /** Only names starting with this. */
  prefix?: string
  /** Start after this name. */
  marker?: string
  /** Stop before this name. */
  endMarker?: string
  /** Newest name first. */
  reverse?: boolean
  /** Entries per request (Swift caps it at `container_listing_limit`, 10 000 by default). Default 10 000. */
  pageSize?: number
  signal?: AbortSignal
}

/** A paged JSON listing of `path` with extra query parameters; the cursor is the last name seen. */
export function listing<T extends object>(
  client: StorageClient,
  path: string,
  opts: ListingOptions & { delimiter?: string },
  cursorOf: (entry: T) => string,
): Paginator<T> {
  const pageSize = opts.pageSize ?? 10_000
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new InputError(`pageSize must be a positive integer, got ${String(opts.pageSize)}`)
  if (opts.delimiter !== undefined && opts.delimiter.length !== 1) throw new InputError('delimiter must be one character')
  return Paginator.from<T, string>(
    async (cursor, signal) => {
      const res = await client.get(path, {
        query: {
          format: 'json',
          limit: pageSize,
          marker: cursor ?? opts.marker,
          end_marker: opts.endMarker,
          prefix: opts.prefix,
          delimiter: opts.delimiter,
          reverse: opts.reverse ? 'true' : undefined,
        },
        ...(signal ? { signal } : {}),
      })
      if (res.status === 204) {
        await res.discard()
        return { items: [] }
      }
      const items = await res.json<unknown>()
      if (!Array.isArray(items)) throw new ResponseError(`listing of ${path || '/'} is not a JSON array`, { url: res.url })
      const typed = items as T[]
      const last = typed.at(-1)
      return { items: typed, next: typed.length >= pageSize && last ? cursorOf(last) : undefined }
    },
    opts.signal ? { signal: opts.signal } : {},
  )
}
