// src/testing/pithos-context.ts — what every fake Pithos route gets: the shared state and the request, parsed once.
import type { FakeClock } from './clock.js'
import type { PithosCaller } from './pithos-access.js'
import type { PithosBlockStore } from './pithos-blocks.js'
import { pithosError, serializationOf, type PithosErrorFormat, type PithosSerialization } from './pithos-http.js'
import type { PithosStore } from './pithos-store.js'

/**
 * The state of one fake Pithos, shared by its routes.
 * @example const ctx: PithosContext = { store, blocks, clock, prefix: '/pithos', errorFormat: 'text', counters: { updateRequests: 0 } }
 */
export interface PithosContext {
  readonly store: PithosStore
  readonly blocks: PithosBlockStore
  readonly clock: FakeClock
  /** The service prefix on the fake cloud, e.g. `/pithos`; public URLs live under it. */
  readonly prefix: string
  readonly errorFormat: PithosErrorFormat
  readonly counters: { updateRequests: number }
}

/**
 * One authenticated request, with its target parsed from `/v1/<account>/<container>/<object>`.
 * @example if (call.caller.account !== call.account) return call.fail(403, 'Forbidden')
 */
export interface PithosCall {
  readonly ctx: PithosContext
  readonly request: Request
  readonly url: URL
  readonly caller: PithosCaller
  readonly account: string
  readonly container: string | undefined
  readonly name: string | undefined
  readonly format: PithosSerialization
  /** True when the caller owns the account addressed. */
  readonly owner: boolean
  /** An error answer in this fake's error format. */
  fail(status: number, message: string, headers?: Record<string, string>): Response
}

/**
 * Builds the call for a parsed request.
 * @example const call = pithosCall(ctx, request, caller, 'demo-project-id', 'pithos', 'a.txt')
 */
export function pithosCall(ctx: PithosContext, request: Request, caller: PithosCaller, account: string, container?: string, name?: string): PithosCall {
  const url = new URL(request.url)
  return {
    ctx,
    request,
    url,
    caller,
    account,
    container,
    name,
    format: serializationOf(request, url),
    owner: caller.account === account,
    fail: (status, message, headers) => pithosError(status, message, ctx.errorFormat, headers),
  }
}

/**
 * The `until` of a request, in unix seconds. A value that is not a non-negative integer is
 * ignored, as Synnefo's get_int_parameter does; other users may not travel in time (403).
 * @example const until = untilParam(call); if (until instanceof Response) return until
 */
export function untilParam(call: PithosCall): number | undefined | Response {
  const raw = call.url.searchParams.get('until')
  if (raw === null || !/^\d+$/.test(raw)) return undefined
  if (!call.owner) return call.fail(403, 'Cross-user requests are not allowed to use until')
  return Number(raw)
}
