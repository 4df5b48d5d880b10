// src/autoscale/paging.ts — every Describe* action as a Paginator over NextToken.
import { Paginator } from '../core/pagination.js'
import type { AutoscaleCallOptions, AutoscaleClient } from './client.js'
import { list, str, struct, type Decoder } from './decode.js'
import type { QueryValue } from './query.js'

/**
 * A Paginator over a Describe* action: each page sends the caller's parameters with the last
 * `NextToken`, and the listing ends when the result has none (Phantom never sends one, so its
 * first page is the whole list). `params` is called when the listing starts, so its checks
 * reject the iteration (or `toArray()`) with an InputError, before any request.
 * @example describe(client, 'DescribeTags', () => ({}), 'Tags', TagDescriptionDecoder)
 */
export function describe<T>(
  client: AutoscaleClient,
  action: string,
  params: () => Readonly<Record<string, QueryValue | undefined>>,
  listField: string,
  item: Decoder<T>,
  opts: AutoscaleCallOptions = {},
): Paginator<T> {
  const decoder = struct({ [listField]: list(item), NextToken: str }) as Decoder<Record<string, unknown>>
  let checked: Readonly<Record<string, QueryValue | undefined>> | undefined
  return Paginator.from<T, string>(
    async (token, signal) => {
      checked ??= params()
      const { result } = await client.query(action, { ...checked, NextToken: token }, { ...opts, ...(signal ? { signal } : {}), decoder })
      const next = result.NextToken
      return { items: (result[listField] as T[] | undefined) ?? [], next: typeof next === 'string' && next !== '' ? next : undefined }
    },
    opts.signal ? { signal: opts.signal } : {},
  )
}
