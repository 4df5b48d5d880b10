// src/testing/swift-context.ts — what every Swift route handler gets: the state, the limits and the caller's rights.
import { decide, type SwiftPrincipal } from './swift-auth.js'
import { swiftError } from './swift-http.js'
import type { SwiftFeature, SwiftLimits } from './swift-limits.js'
import type { SwiftStore } from './swift-store.js'

/**
 * One request's view of the fake Swift. `can()` answers for secondary targets too (a copy's
 * source, SLO segments, bulk-delete items), which Swift authorizes as subrequests.
  * @example if (ctx.can('GET', 'photos', 'cat.jpg') === 403) return swiftError(403)
 */
export interface SwiftContext {
  readonly store: SwiftStore
  readonly limits: SwiftLimits
  readonly features: ReadonlySet<SwiftFeature>
  readonly request: Request
  readonly url: URL
  readonly method: string
  readonly account: string
  readonly principal: SwiftPrincipal
  /** A fault asked for this request's body to be corrupted. */
  readonly corruptBody: boolean
  now(): number
  /** The decision for `method` on a path of this (or another) account. */
  can(method: string, container?: string, object?: string, account?: string): 'owner' | 'allowed' | 401 | 403
}

/**
 * Builds a context; `can()` picks the container's read ACL for GET/HEAD and its write ACL for
 * object writes, as Swift's proxy hands them to the auth middleware.
 * @example const ctx = swiftContext({ store, limits, features, request, url, account, principal, corruptBody: false })
 */
export function swiftContext(c: Omit<SwiftContext, 'can' | 'now' | 'method'>): SwiftContext {
  const referer = c.request.headers.get('referer')
  return {
    ...c,
    method: c.request.method.toUpperCase(),
    now: () => c.store.now(),
    can(method, container, object, account = c.account) {
      const box = container ? c.store.container(account, container) : undefined
      const read = method === 'GET' || method === 'HEAD'
      const acl = read ? box?.readAcl : object ? box?.writeAcl : undefined
      return decide(c.principal, { method, account, container, object, referer }, acl)
    },
  }
}

/**
 * The same request acting on another account (COPY's Destination-Account).
 * @example const dest = forAccount(ctx, 'AUTH_other')
 */
export function forAccount(ctx: SwiftContext, account: string): SwiftContext {
  const { store, limits, features, request, url, principal, corruptBody } = ctx
  return swiftContext({ store, limits, features, request, url, principal, corruptBody, account })
}

/**
 * The error for a refused decision, or undefined when allowed.
 * @example const denied = refusal(ctx.can('GET', c, o)); if (denied) return denied
 */
export function refusal(decision: 'owner' | 'allowed' | 401 | 403): Response | undefined {
  return decision === 401 || decision === 403 ? swiftError(decision) : undefined
}
