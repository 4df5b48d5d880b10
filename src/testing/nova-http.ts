// src/testing/nova-http.ts — Nova's wire details: fault bodies, request ids, timestamps, Python-style value reprs.
import { randomUUID } from 'node:crypto'

/** The key Nova's Fault wrapper puts an error under, by status (anything else is `computeFault`). */
const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
}

/** webob's explanation for statuses answered without a message of their own. */
const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  403: 'Access was denied to this resource.',
  404: 'The resource could not be found.',
  409: 'There was a conflict when trying to complete your request.',
  413: 'The body of your request was too large for this server.',
  500: 'The server has either erred or is incapable of performing the requested operation.',
  501: 'The server has not implemented the requested operation.',
  503: 'The server is currently unavailable. Please try again at a later time.',
}

/**
 * The name Nova gives an error status in its body (`itemNotFound`, `conflictingRequest`, …).
 * @example faultName(409) // 'conflictingRequest'
 */
export function faultName(status: number): string {
  return FAULT_NAMES[status] ?? 'computeFault'
}

/**
 * An error answer as Nova words it: `{"<faultName>": {"code": <status>, "message": "..."}}`; a 413 or
 * 429 with a `Retry-After` header also carries it as `retryAfter`, as Nova's Fault does.
 * @example return novaError(404, `Instance ${id} could not be found.`)
 */
export function novaError(status: number, message?: string, headers: Record<string, string> = {}): Response {
  const fault: Record<string, unknown> = { code: status, message: message ?? DEFAULT_MESSAGES[status] ?? 'Unknown error' }
  const retryAfter = Object.entries(headers).find(([k]) => k.toLowerCase() === 'retry-after')?.[1]
  if ((status === 413 || status === 429) && retryAfter) fault.retryAfter = retryAfter
  return novaJson({ [faultName(status)]: fault }, status, headers)
}

/**
 * A JSON answer with Nova's content type.
 * @example return novaJson({ server }, 202, { Location: href })
 */
export function novaJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

/**
 * An empty answer (204, or the bodiless 202 of most server actions).
 * @example return novaEmpty(202)
 */
export function novaEmpty(status = 204, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: status === 202 ? { 'Content-Type': 'application/json', 'Content-Length': '0', ...headers } : headers })
}

/**
 * `req-<uuid>`, the form of Nova's x-openstack-request-id and x-compute-request-id.
 * @example response.headers.set('x-compute-request-id', novaRequestId())
 */
export function novaRequestId(): string {
  return `req-${randomUUID()}`
}

/**
 * Nova's resource timestamps (`created`, `updated`, faults): ISO 8601 in UTC to the second, with a `Z`.
 * @example isoZ(0) // '1970-01-01T00:00:00Z'
 */
export function isoZ(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`
}

/**
 * Nova's naive timestamps (`OS-SRV-USG:launched_at`, keypair `created_at`): microseconds, no zone.
 * @example isoMicro(0) // '1970-01-01T00:00:00.000000'
 */
export function isoMicro(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000`
}

/**
 * A value as Python's repr() prints it, as Nova's validation messages quote the offending input.
 * @example pyRepr({ a: 'x', b: [1, true, null] }) // "{'a': 'x', 'b': [1, True, None]}"
 */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
  if (typeof value === 'number') return String(value)
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`
  }
  return String(value)
}

/**
 * A value as Python's str() prints it: Nova formats the offending value of a validation error with
 * `%s`, so strings come bare while containers show the repr of their items.
 * @example pyStr('auto') // 'auto'; pyStr({ a: 'x' }) // "{'a': 'x'}"
 */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value)
}

/**
 * Nova's JSON-schema validation message for one field; a field of `''` (the body itself) has
 * no path, and Nova then answers with the bare jsonschema message.
 * @example invalidInput('networks', 'auto', "'auto' is not of type 'array'") // "Invalid input for field/attribute networks. Value: auto. 'auto' is not of type 'array'"
 */
export function invalidInput(field: string, value: unknown, detail: string): string {
  return field === '' ? detail : `Invalid input for field/attribute ${field}. Value: ${pyStr(value)}. ${detail}`
}

/**
 * Nova's validation message for a query parameter.
 * @example invalidQuery('limit', 'x', "'x' does not match '^[0-9]*$'") // "Invalid input for query parameters limit. Value: x. 'x' does not match '^[0-9]*$'"
 */
export function invalidQuery(param: string, value: unknown, detail: string): string {
  return `Invalid input for query parameters ${param}. Value: ${pyStr(value)}. ${detail}`
}

/**
 * The query of a collection's `next` link as Nova builds it: the request's parameters sorted by
 * name (one value each), to which the caller sets `marker`.
 * @example const params = nextLinkParams(ctx.url.searchParams); params.set('marker', id)
 */
export function nextLinkParams(query: URLSearchParams): URLSearchParams {
  const single = new Map<string, string>()
  for (const [k, v] of query) single.set(k, v)
  return new URLSearchParams([...single].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** Whether a value is a plain JSON object. @example if (!isObject(body)) return ctx.fail(400, 'Malformed request body') */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
