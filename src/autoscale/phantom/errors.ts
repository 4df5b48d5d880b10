// src/autoscale/phantom/errors.ts — Phantom REST errors: 302 "already exists" as PhantomConflictError, plain-text and token API bodies.
import { statusText as reasonPhrase } from '../../core/status-text.js'
import { errorFromResponse, pathOf, requestIdFrom, type ErrorResponseInfo } from '../../core/error-response.js'
import { ConflictError, TRANSIENT_STATUSES, UnauthorizedError, errorClassForStatus, type ClientError, type ClientErrorInit } from '../../core/errors.js'

/** What a {@link PhantomConflictError} is built from. @example { status: 302, location: 'http://h/api/dev/domains/abc', existingId: 'abc' } */
export interface PhantomConflictInit extends ClientErrorInit {
  /** Absolute URL of the existing resource, from the 302's `Location`. */
  location?: string | undefined
  /** The existing resource's id: the last segment of `location`. */
  existingId?: string | undefined
}

/**
 * A create whose name is taken: Phantom answers the POST with 302 to the resource that already
 * has the name (launch configurations, domains, chef credentials). `status` is 302; `location`
 * and `existingId` say where the existing one is.
 * @example
 * try { await phantom.domains.create(input) }
 * catch (e) { if (e instanceof PhantomConflictError) return phantom.domains.get(e.existingId!); throw e }
 */
export class PhantomConflictError extends ConflictError {
  override readonly name = 'PhantomConflictError' as const
  /** Absolute URL of the existing resource (undefined if the 302 had no `Location`). */
  readonly location: string | undefined
  /** The existing resource's id, decoded from the last segment of `location`. */
  readonly existingId: string | undefined

  constructor(message: string, init: PhantomConflictInit = {}) {
    const { location, existingId, ...rest } = init
    super(message, { retryable: false, ...rest })
    this.location = location
    this.existingId = existingId
  }
}

/**
 * The PhantomConflictError for a 302 answer to the create of `what` named `name`.
 * @example throw conflictFrom(res.headers.get('location'), res.url, 'domain', 'web')
 */
export function conflictFrom(locationHeader: string | null, requestUrl: string, what: string, name: string): PhantomConflictError {
  let location: string | undefined
  if (locationHeader) {
    try {
      location = new URL(locationHeader, requestUrl).href
    } catch {
      location = locationHeader
    }
  }
  const last = location ? pathOf(location).split('?')[0]!.split('/').filter(Boolean).at(-1) : undefined
  let existingId: string | undefined
  try {
    existingId = last === undefined ? undefined : decodeURIComponent(last)
  } catch {
    existingId = last
  }
  const where = location ? `: see ${pathOf(location)}` : ''
  return new PhantomConflictError(`${what} "${name}" already exists (Phantom answered POST ${pathOf(requestUrl)} with 302)${where}`, {
    status: 302,
    method: 'POST',
    url: requestUrl,
    code: 'AlreadyExists',
    location,
    existingId,
  })
}

// django-tokenapi's failures: {"success": false, "errors": "Unable to log you in, please try again."}
function tokenApiMessage(body: string): string | undefined {
  const text = body.trim()
  if (!text.startsWith('{')) return undefined
  try {
    const json: unknown = JSON.parse(text)
    const errors = (json as { errors?: unknown } | null)?.errors
    return typeof errors === 'string' && errors.trim() ? errors.trim() : undefined
  } catch {
    return undefined
  }
}

/**
 * The ClientError for a Phantom REST error response. Phantom's views answer 400 and 404 with
 * plain text (often labelled `application/javascript`), which becomes the message of a
 * BadRequestError or NotFoundError. Its token check answers a missing, wrong or expired token
 * with `403 Authorization Required`: that is an UnauthorizedError (status 403, code
 * `AuthorizationRequired`), so one `instanceof UnauthorizedError` means "log in again" for every
 * strato client. django-tokenapi's `{"success": false, "errors": "…"}` bodies give their text.
 * @example protected override errorFromResponse(info: ErrorResponseInfo) { return phantomErrorFromResponse(info) }
 */
export function phantomErrorFromResponse(info: ErrorResponseInfo): ClientError {
  const redact = info.redact ?? ((t: string) => t)
  const where = info.method && info.url ? `${info.method} ${pathOf(info.url)}` : info.method
  const requestId = requestIdFrom(info.headers)
  const init: ClientErrorInit = {
    status: info.status,
    retryable: TRANSIENT_STATUSES.includes(info.status),
    ...(requestId ? { requestId } : {}),
    ...(info.method ? { method: info.method } : {}),
    ...(info.url ? { url: info.url } : {}),
  }
  if (info.status === 403 && /^Authorization Required\.?$/i.test(info.body.trim())) {
    const message = [`403 Authorization Required`, where, 'the user id and token were refused (missing, wrong or expired: log in again)']
    return new UnauthorizedError(redact(message.filter(Boolean).join(': ')), { ...init, code: 'AuthorizationRequired' })
  }
  const tokenApi = tokenApiMessage(info.body)
  if (tokenApi !== undefined) {
    const Class = errorClassForStatus(info.status)
    return new Class(redact([`${info.status} ${info.statusText || reasonPhrase(info.status) || 'Error'}`, where, tokenApi].filter(Boolean).join(': ')), init)
  }
  return errorFromResponse(info)
}
