// src/testing/autoscale-paging.ts — MaxRecords/NextToken paging of every Describe* list, with opaque tokens the fake hands out.
import { randomBytes } from 'node:crypto'
import { QueryError, type QueryParams } from './autoscale-params.js'

/**
 * AWS's default and maximum MaxRecords per list.
 * @example PAGE_LIMITS.DescribeAutoScalingInstances // { default: 50, max: 50 }
 */
export const PAGE_LIMITS: Record<string, { default: number; max: number }> = {
  DescribeAutoScalingGroups: { default: 50, max: 100 },
  DescribeLaunchConfigurations: { default: 50, max: 100 },
  DescribePolicies: { default: 50, max: 100 },
  DescribeAutoScalingInstances: { default: 50, max: 50 },
  DescribeScalingActivities: { default: 100, max: 100 },
  DescribeTags: { default: 50, max: 100 },
}

/**
 * One page of a list and the token of the next, if any.
 * @example const { items, nextToken } = tokens.page('DescribeTags', tags, keyOf, params)
 */
export interface Page<T> {
  items: T[]
  nextToken?: string
}

/**
 * The NextTokens a fake Query service handed out. A token names the action and the sort key of
 * the last item returned, so a page starts after it even when items were added or removed
 * meanwhile; any other token is InvalidNextToken.
 * @example const page = tokens.page('DescribeAutoScalingGroups', groups, (g) => g.name, params)
 */
export class PageTokens {
  readonly #tokens = new Map<string, { action: string; after: string }>()

  /**
   * The page MaxRecords and NextToken ask for, of `items` sorted by `keyOf` (string order). With
   * `paging: false` (Phantom) the whole list comes back and no token is ever sent.
   * @example tokens.page('DescribePolicies', policies, (p) => `${p.groupName}/${p.name}`, params)
   */
  page<T>(action: string, items: readonly T[], keyOf: (item: T) => string, params: QueryParams, paging = true): Page<T> {
    const limits = PAGE_LIMITS[action] ?? { default: 50, max: 100 }
    const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
    if (!paging) return { items: sorted }
    const max = params.int('MaxRecords', { min: 1, max: limits.max }) ?? limits.default
    const token = params.str('NextToken')
    let rest = sorted
    if (token !== undefined && token !== '') {
      const entry = this.#tokens.get(token)
      if (!entry || entry.action !== action) throw new QueryError('InvalidNextToken', `The token '${token}' is invalid.`)
      rest = sorted.filter((item) => keyOf(item) > entry.after)
    }
    const pageItems = rest.slice(0, max)
    if (rest.length <= max) return { items: pageItems }
    const next = randomBytes(24).toString('base64url')
    this.#tokens.set(next, { action, after: keyOf(pageItems[pageItems.length - 1]!) })
    return { items: pageItems, nextToken: next }
  }
}
