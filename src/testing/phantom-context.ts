// src/testing/phantom-context.ts — what every fake Phantom REST route gets: state, the authenticated user, URIs under the API base.
import type { PhantomState } from './phantom-store.js'
import type { PhantomUser } from './phantom-types.js'

/**
 * One authenticated request as a route sees it.
 * @example return phantomJson({ id, uri: ctx.uri(`/sites/${id}`) })
 */
export interface PhantomContext {
  state: PhantomState
  user: PhantomUser
  request: Request
  url: URL
  /** A resource's `uri` field: the API base path (`/phantom/api/dev`) and `rest`. */
  uri(rest: string): string
  /** An absolute URL on the request's origin, for Location headers. */
  absolute(rest: string): string
}

/**
 * A route: answers one method-checked, authenticated request; `args` are the path's captured ids.
 * @example const site: PhantomRoute = (ctx, id) => phantomJson(view(ctx, id!))
 */
export type PhantomRoute = (ctx: PhantomContext, ...args: string[]) => Promise<Response> | Response

/**
 * Whether a query flag is true as PhantomWebApp's `str_to_bool` reads it.
 * @example flag(ctx.url, 'details')
 */
export function flag(url: URL, name: string): boolean {
  return ['true', 't', 'yes', 'y', '1'].includes((url.searchParams.get(name) ?? 'false').toLowerCase())
}
