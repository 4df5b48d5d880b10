// src/autoscale/errors.ts — Query API errors from AWS XML, Phantom's webob pages and moto's HTML 500s, classed by their code.
import { statusText as reasonPhrase } from '../core/status-text.js'
import { errorFromResponse, pathOf, type ErrorResponseInfo } from '../core/error-response.js'
import type {
  ClientError} from '../core/errors.js';
import {
  ConflictError,
  NotFoundError,
  RateLimitError,
  TRANSIENT_STATUSES,
  errorClassForStatus,
  errorInit,
  type ClientErrorClass,
} from '../core/errors.js'

// Codes that say the request was not acted on and may simply be sent again.
const RETRYABLE_CODES = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'ResourceContention'])
// Codes that AWS answers with 400 but that are conflicts with the current state.
const CONFLICT_CODES = new Set(['AlreadyExists', 'ResourceInUse', 'ScalingActivityInProgress', 'ResourceContention'])

/**
 * Whether an Auto Scaling error code means "try again later" (Throttling, ResourceContention).
 * @example isRetryableCode('Throttling') // true
 */
export function isRetryableCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_CODES.has(code)
}

interface Parsed {
  code?: string
  message?: string
  details: string[]
}

// webob error pages as Phantom sends them: the status line names the code ("400 AlreadyExists"),
// then webob's explanation and Phantom's detail, as plain text or as a small HTML page.
function fromWebob(body: string): Parsed | undefined {
  const text = body.trim()
  const title = /<title>\s*\d{3}\s+([A-Za-z]+)\s*<\/title>/i.exec(text)?.[1] ?? /^\d{3}\s+([A-Za-z]+)\s*(?:\r?\n|$)/.exec(text)?.[1]
  // A one-word standard reason phrase is a plain status line, not a Query code (InternalFailure and ServiceUnavailable are codes).
  if (!title || /^(OK|Created|Accepted|Found|Forbidden|Unauthorized|Conflict|Gone|Locked)$/.test(title)) return undefined
  const lines = text
    .replace(/<(head|title)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '\n')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^\d{3}\s+[A-Za-z]+$/.test(l))
  const [message, ...rest] = lines
  return { code: title, ...(message ? { message } : {}), details: rest.length ? [rest.join(' ')] : [] }
}

// moto's unhandled exceptions: a 500 with Flask's generic "Internal Server Error" page (the traceback
// stays in its log), or a bare Python traceback from other servers; the last "SomeError: why" line,
// when there is one, is the part worth reading.
function fromErrorPage(body: string): Parsed | undefined {
  if (!/Traceback \(most recent call last\)|<title>\s*500 Internal Server Error\s*<\/title>/i.test(body)) return undefined
  const plain = body.replace(/<[^>]+>/g, '\n').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
  const lines = plain.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)
  const exception = [...lines].reverse().find((l) => /^[A-Za-z_][\w.]*(Error|Exception)\b(:|$)/.test(l))
  return {
    message: exception ? `the server failed with an internal error (${exception.slice(0, 300)})` : 'the server failed with an internal error',
    details: ['the server sent a generic error page instead of an AWS error response (moto does so for unknown names, where AWS sends a ValidationError)'],
  }
}

function classFor(status: number, code: string | undefined, message: string | undefined): ClientErrorClass {
  if (code !== undefined && RETRYABLE_CODES.has(code) && code !== 'ResourceContention') return RateLimitError
  if (code !== undefined && CONFLICT_CODES.has(code)) return ConflictError
  // AWS reports a missing group or configuration as a 400 ValidationError "… not found".
  if (code === 'ValidationError' && message !== undefined && /\bnot found\b|does not exist|cannot be found/i.test(message)) return NotFoundError
  return errorClassForStatus(status)
}

/**
 * The ClientError for a failed Query response. AWS `<ErrorResponse>` XML is read by the core; here
 * the error is classed by its code as well as its status (AlreadyExists → ConflictError, a
 * ValidationError "not found" → NotFoundError, Throttling → RateLimitError), and the bodies the
 * core cannot read are understood: Phantom's webob pages (the code is the status line's reason)
 * and moto's HTML tracebacks (500s where AWS would send a ValidationError).
 * @example autoscaleErrorFromResponse({ status: 400, headers, body: '400 AlreadyExists\n\nThe named Auto Scaling group…' }).code // 'AlreadyExists'
 */
export function autoscaleErrorFromResponse(info: ErrorResponseInfo): ClientError {
  const special = fromWebob(info.body) ?? fromErrorPage(info.body)
  const base = special ? undefined : errorFromResponse(info)
  const code = special ? special.code : base!.code
  const redact = info.redact ?? ((t: string) => t)
  const Class = classFor(info.status, code, special?.message ?? base!.message)
  const retryable = TRANSIENT_STATUSES.includes(info.status) || isRetryableCode(code)
  if (base) {
    if (Class === base.constructor && base.retryable === retryable) return base
    return new Class(base.message, { ...errorInit(base), retryable })
  }
  const statusText = reasonPhrase(info.status) ?? 'Error'
  const where = info.method && info.url ? `${info.method} ${pathOf(info.url)}` : info.method
  const what = code && special!.message ? `${code} (${special!.message})` : (code ?? special!.message)
  const message = [`${info.status} ${statusText}`, where, what].filter(Boolean).join(': ')
  return new Class(redact(message), {
    status: info.status,
    details: special!.details.map(redact),
    ...(code ? { code } : {}),
    ...(info.method ? { method: info.method } : {}),
    ...(info.url ? { url: info.url } : {}),
    retryable,
  })
}
