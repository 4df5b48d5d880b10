// src/testing/swift-http.ts — the fake Swift's HTTP vocabulary: error pages, transaction ids, dates, Accept negotiation.
import { randomBytes } from 'node:crypto'

/** Swift's (swob's) reason phrase and explanation per status; error pages are built from them. */
const REASONS: Record<number, [string, string]> = {
  201: ['Created', ''],
  202: ['Accepted', 'The request is accepted for processing.'],
  204: ['No Content', ''],
  304: ['Not Modified', ''],
  400: ['Bad Request', 'The server could not comply with the request since it is either malformed or otherwise incorrect.'],
  401: ['Unauthorized', 'This server could not verify that you are authorized to access the document you requested.'],
  403: ['Forbidden', 'Access was denied to this resource.'],
  404: ['Not Found', 'The resource could not be found.'],
  405: ['Method Not Allowed', 'The method is not allowed for this resource.'],
  406: ['Not Acceptable', 'The resource is not available in a format acceptable to your browser.'],
  408: ['Request Timeout', 'The server has waited too long for the request to be sent by the client.'],
  409: ['Conflict', 'There was a conflict when trying to complete your request.'],
  411: ['Length Required', 'Content-Length header required.'],
  412: ['Precondition Failed', 'A precondition for this request was not met.'],
  413: ['Request Entity Too Large', 'The body of your request was too large for this server.'],
  416: ['Requested Range Not Satisfiable', 'The Range requested is not available.'],
  422: ['Unprocessable Entity', 'Unable to process the contained instructions'],
  429: ['Too Many Requests', 'The server is rate limiting this request.'],
  499: ['Client Disconnect', 'The client was disconnected during request.'],
  500: ['Internal Error', 'The server has either erred or is incapable of performing the requested operation.'],
  501: ['Not Implemented', 'The requested method is not implemented by this server.'],
  502: ['Bad Gateway', 'Bad gateway.'],
  503: ['Service Unavailable', 'The server is currently unavailable. Please try again at a later time.'],
  504: ['Gateway Timeout', 'A timeout has occurred speaking to a backend server.'],
  507: ['Insufficient Storage', 'There was not enough space to save the resource. Drive: unknown'],
}

/**
 * Swift's status line text, e.g. `404 Not Found`, as bulk and SLO bodies quote it.
 * @example statusLine(409) // '409 Conflict'
 */
export function statusLine(status: number): string {
  return `${status} ${REASONS[status]?.[0] ?? 'Unknown'}`
}

/**
 * A Swift error response: swob's default HTML page, or `body` instead of it. Either way the
 * type is swob's default text/html, which Swift keeps even for plain messages unless the code
 * says otherwise (see {@link plainError}).
 * @example swiftError(404) // <html><h1>Not Found</h1><p>The resource could not be found.</p></html>
 */
export function swiftError(status: number, body?: string, headers: Record<string, string> = {}): Response {
  const [title, explanation] = REASONS[status] ?? ['Error', '']
  const text = body ?? (explanation ? `<html><h1>${title}</h1><p>${explanation}</p></html>` : '')
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': String(Buffer.byteLength(text)), ...headers },
  })
}

/**
 * An error Swift sends as `text/plain` (constraint checks: metadata, names, expiry, policies).
 * @example plainError(400, 'X-Delete-At in past')
 */
export function plainError(status: number, body: string): Response {
  return swiftError(status, body, { 'Content-Type': 'text/plain' })
}

/**
 * A header name in the title case WSGI gives it, which is how Swift echoes names back.
 * @example titleCase('x-object-meta-big') // 'X-Object-Meta-Big'
 */
export function titleCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())
}

/**
 * JSON as Python's json.dumps writes it (`", "` and `": "`, non-ASCII as \u escapes), so
 * listings, bulk results and stored manifests are byte-for-byte Swift's, md5s included.
 * @example pyJson([{ subdir: 'a/' }]) // '[{"subdir": "a/"}]'
 */
export function pyJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined)
    return `{${fields.map(([k, v]) => `${pyJson(k)}: ${pyJson(v)}`).join(', ')}}`
  }
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return JSON.stringify(value)
}

/**
 * An empty success answer (201 PUT, 202 POST, 204 DELETE) shaped like Swift's: swob's HTML body
 * where the status has an explanation, otherwise nothing.
 * @example emptyResponse(204)
 */
export function emptyResponse(status: number, headers: Record<string, string> = {}): Response {
  const [title, explanation] = REASONS[status] ?? ['', '']
  const text = explanation ? `<html><h1>${title}</h1><p>${explanation}</p></html>` : ''
  return new Response(status === 204 || status === 304 ? null : text, {
    status,
    headers: { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': String(Buffer.byteLength(text)), ...headers },
  })
}

/**
 * A transaction id as Swift's proxy makes it: `tx` + 21 hex digits + `-` + the time in hex.
 * @example newTransId(cloud.clock.now()) // 'tx3f2c...-00656f1a2b'
 */
export function newTransId(nowMs: number): string {
  return `tx${randomBytes(11).toString('hex').slice(0, 21)}-${Math.floor(nowMs / 1000).toString(16).padStart(10, '0')}`
}

/**
 * Copies a response with Swift's per-request headers added (responses built by fetch may be
 * immutable, so the headers are set on a new one).
 * @example return stamp(response, transId, clock.now())
 */
export function stamp(response: Response, transId: string, nowMs: number): Response {
  const headers = new Headers(response.headers)
  headers.set('X-Trans-Id', transId)
  headers.set('X-Openstack-Request-Id', transId)
  headers.set('Date', new Date(nowMs).toUTCString())
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

/**
 * Last-Modified as Swift sends it: the timestamp rounded up to the next whole second, since
 * HTTP dates have no fraction and rounding down would make If-Modified-Since lie.
 * @example httpDate(1700000000123) // 'Tue, 14 Nov 2023 22:13:21 GMT'
 */
export function httpDate(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toUTCString()
}

/**
 * `last_modified` of listings and SLO manifests: ISO 8601 with microseconds and no zone.
 * @example listingDate(0) // '1970-01-01T00:00:00.000000'
 */
export function listingDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000`
}

/**
 * `X-Timestamp` as Swift normalizes it: seconds with five decimals.
 * @example xTimestamp(1700000000123) // '1700000000.12300'
 */
export function xTimestamp(ms: number): string {
  return (ms / 1000).toFixed(5)
}

/**
 * Parses an HTTP date header; undefined when absent or malformed (Swift ignores bad dates).
 * @example parseHttpDate(request.headers.get('if-modified-since'))
 */
export function parseHttpDate(value: string | null): number | undefined {
  if (!value) return undefined
  const t = Date.parse(value)
  return Number.isNaN(t) ? undefined : t
}

/**
 * The offer an Accept header prefers (q-values, wildcards), as swob's `best_match` picks it;
 * an absent header accepts the first offer, and undefined means nothing is acceptable.
 * @example bestMatch('application/json, text/plain;q=0.5', ['text/plain', 'application/json']) // 'application/json'
 */
export function bestMatch(accept: string | null, offers: readonly string[]): string | undefined {
  if (!accept || accept.trim() === '') return offers[0]
  let best: { offer: string; q: number; specificity: number } | undefined
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().split(';').map((s) => s.trim())
    const qParam = params.find((p) => p.startsWith('q='))
    const q = qParam ? Number(qParam.slice(2)) : 1
    if (!(q > 0)) continue
    const [type, sub] = range.toLowerCase().split('/')
    for (const offer of offers) {
      const [ot, os] = offer.split('/')
      const matches = (type === '*' || type === ot) && (sub === '*' || sub === os)
      if (!matches) continue
      const specificity = (type === '*' ? 0 : 1) + (sub === '*' ? 0 : 1)
      if (!best || q > best.q || (q === best.q && specificity > best.specificity)) best = { offer, q, specificity }
    }
  }
  return best?.offer
}

/**
 * Strips the quotes Swift accepts around an ETag value.
 * @example normalizeEtag('"abc"') // 'abc'
 */
export function normalizeEtag(tag: string | null | undefined): string | undefined {
  if (!tag) return undefined
  const t = tag.trim()
  return t.length > 1 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t
}

/**
 * `true`, `yes`, `on`, `1`, `t`, `y` in any case, as Swift's config_true_value reads flags.
 * @example isTrue(request.headers.get('x-fresh-metadata'))
 */
export function isTrue(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && ['true', '1', 'yes', 'on', 't', 'y'].includes(value.trim().toLowerCase())
}
