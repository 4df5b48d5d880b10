// src/compute/paging.ts — Nova's marker/limit listings as Paginators that follow the `<collection>_links` next link.
import type { QueryParams } from '../core/options.js'
import { Paginator } from '../core/pagination.js'
import type { ClientResponse } from '../core/response.js'
import type { ComputeClient } from './client.js'

/** One page as a resource reads it from a body: its items and its links (`servers_links`, …). */
export interface NovaPage<T> {
  items: T[]
  links?: readonly { rel: string; href: string }[] | undefined
}

/**
 * A listing that starts at `path` with the query `firstQuery()` builds (called when iteration
 * starts, so a bad filter rejects the iteration with its InputError) and follows Nova's `next`
 * link. Later pages repeat the caller's own query with the link's `marker`, rather than the
 * link's query: Nova writes that from `sorted(request.params.items())`, which keeps one value of a
 * repeated parameter (`status=ACTIVE&status=SHUTOFF` comes back as one status), and its path may
 * lack a prefix the endpoint has behind a proxy. A link without a marker is followed by its query.
 * @example linkedList(compute, '/servers/detail', () => ({ status: 'ACTIVE' }), readServers, opts)
 */
export function linkedList<T>(
  client: ComputeClient,
  path: string,
  firstQuery: () => QueryParams,
  read: (res: ClientResponse) => Promise<NovaPage<T>>,
  opts: { signal?: AbortSignal | undefined } = {},
): Paginator<T> {
  let query: QueryParams | undefined
  return Paginator.from<T, string>(
    async (cursor, signal) => {
      query ??= firstQuery()
      const marker = cursor === undefined ? undefined : new URLSearchParams(cursor).get('marker')
      const target = cursor === undefined || marker !== null ? path : `${path}?${cursor}`
      const pageQuery = cursor === undefined ? query : marker !== null ? { ...query, marker } : undefined
      const res = await client.get(target, { ...(pageQuery ? { query: pageQuery } : {}), ...(signal ? { signal } : {}) })
      const page = await read(res)
      return { items: page.items, next: nextQuery(page.links, page.items.length) }
    },
    opts.signal ? { signal: opts.signal } : {},
  )
}

/**
 * The query of the `next` link, or undefined on the last page (no link, or an empty page).
 * @example nextQuery([{ rel: 'next', href: 'http://h/v2.1/p/servers/detail?limit=1&marker=x' }], 1) // 'limit=1&marker=x'
 */
export function nextQuery(links: readonly { rel: string; href: string }[] | undefined, count: number): string | undefined {
  if (count === 0) return undefined
  const next = links?.find((l) => l.rel === 'next')?.href
  if (!next) return undefined
  const search = new URL(next, 'http://nova.invalid').search.slice(1)
  return search || undefined
}
