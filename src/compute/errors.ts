// src/compute/errors.ts — the failures only Compute has: a server that went to ERROR, a microversion the server refuses.
import { ClientError, RateLimitError, errorInit, type ClientErrorClass, type ClientErrorInit } from '../core/errors.js'

/**
 * The `fault` Nova shows on a server in ERROR: why the build or the last action failed.
 * `details` (a traceback) is shown to admins, and to others only for non-500 faults.
 * @example const f: ServerFault = { code: 500, message: 'No valid host was found.', created: '2026-01-01T00:00:00Z' }
 */
export interface ServerFault {
  code: number
  message: string
  created?: string
  details?: string
  [field: string]: unknown
}

/**
 * A server reached ERROR while `servers.waitFor()` (or `waitForDelete()`) waited for another
 * status. `fault` is the server's fault (undefined when Nova showed none), `server` the last body
 * polled. Its `code` is `FailureState`, as the core waiter's WaitFailedError.
 * @example
 * try { await compute.servers.waitFor(id, 'ACTIVE') }
 * catch (e) { if (e instanceof ServerFaultError) console.error(e.fault?.message) }
 */
export class ServerFaultError extends ClientError {
  override readonly name = 'ServerFaultError' as const
  /** The server's fault, when Nova showed one. */
  readonly fault: ServerFault | undefined
  /** The server as last polled. */
  readonly server: unknown

  constructor(message: string, server: unknown, fault: ServerFault | undefined, init: ClientErrorInit = {}) {
    super(message, { code: 'FailureState', ...init })
    this.server = server
    this.fault = fault
  }
}

/**
 * The server does not serve the microversion asked for: Nova's 406 (`Version 2.99 is not
 * supported by the API`), or a negotiation that found no common version. The message names the
 * server's range when it gave one.
 * @example catch (e) { if (e instanceof MicroversionError) await compute.negotiateMicroversion() }
 */
export class MicroversionError extends ClientError {
  override readonly name = 'MicroversionError' as const
}

/** Nova's quota messages: `Quota exceeded for cores: …`, `Quota exceeded, too many key pairs.`, `Maximum number of ports exceeded`. */
const QUOTA_WORDING = /\bquota exceeded\b|\bmaximum number of [\w ]+ exceeded\b/i

/**
 * Rewrites a Compute HTTP error where the core mapping is too coarse:
 * - Nova's 406 for an unsupported microversion becomes a MicroversionError.
 * - A quota 403 becomes a RateLimitError, like the quota `overLimit` faults (413, or any status:
 *   the core maps that fault key whatever the status). Since v2.1 Nova reports an exceeded quota
 *   (QuotaError, PortLimitExceeded, …) as `HTTPForbidden(headers={'Retry-After': 0})`, whose body
 *   is `{"forbidden": {"code": 403, "message": "Quota exceeded for instances: …"}}`: by status it
 *   would be a ForbiddenError, which reads as "not allowed" while the caller is allowed and only
 *   out of quota. It is recognised by the Retry-After header (Nova sends none with a policy 403) or
 *   by Nova's quota wording when a proxy dropped the header.
 * Message, status, code (`forbidden`), request id and Retry-After are kept; the core error is the
 * `cause`. Everything else is returned unchanged: the core parser already reads Nova's fault bodies
 * (`{"itemNotFound": {"code": 404, "message": …}}` → NotFoundError with code `itemNotFound`).
 * @example throw computeError(e)
 */
export function computeError(error: unknown): unknown {
  if (!(error instanceof ClientError) || error instanceof MicroversionError || error instanceof RateLimitError) return error
  if (error.status === 406) return rebuild(MicroversionError, error, { code: error.code ?? 'MicroversionUnsupported' })
  if (error.status === 403 && (error.retryAfterMs !== undefined || QUOTA_WORDING.test(error.message))) return rebuild(RateLimitError, error, {})
  return error
}

function rebuild(Class: ClientErrorClass, error: ClientError, extra: ClientErrorInit): ClientError {
  return new Class(error.message, { ...errorInit(error), cause: error, ...extra })
}
