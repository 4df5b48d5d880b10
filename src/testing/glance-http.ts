// src/testing/glance-http.ts — Glance's wire details: webob error pages (HTML, JSON or plain by Accept), request ids, dates, query strings.
import { randomUUID } from 'node:crypto'

/** webob's explanation for each status Glance answers with, used when a handler gives none. */
const EXPLANATIONS: Record<number, [title: string, explanation: string]> = {
  400: ['Bad Request', 'The server could not comply with the request since it is either malformed or otherwise incorrect.'],
  401: ['Unauthorized', 'This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.'],
  403: ['Forbidden', 'Access was denied to this resource.'],
  404: ['Not Found', 'The resource could not be found.'],
  405: ['Method Not Allowed', ''],
  409: ['Conflict', 'There was a conflict when trying to complete your request.'],
  410: ['Gone', 'This resource is no longer available.  No forwarding address is given.'],
  413: ['Request Entity Too Large', 'The body of your request was too large for this server.'],
  415: ['Unsupported Media Type', ''],
  416: ['Request Range Not Satisfiable', 'The Range requested is not available.'],
  500: ['Internal Server Error', 'The server has either erred or is incapable of performing the requested operation.'],
  502: ['Bad Gateway', 'Bad gateway.'],
  503: ['Service Unavailable', 'The server is currently unavailable. Please try again at a later time.'],
  504: ['Gateway Timeout', 'The gateway has timed out.'],
}

/**
 * What a Glance error says: the status, webob's `explanation` (the first line) and an optional
 * `detail` (Glance passes messages positionally to some exceptions, which webob prints under
 * the explanation). Extra headers ride along (Allow, Accept-Patch).
 * @example const e: GlanceErrorSpec = { status: 404, explanation: 'No image found with ID x' }
 */
export interface GlanceErrorSpec {
  status: number
  explanation?: string
  detail?: string
  headers?: Record<string, string>
  /** For 405 and 415, whose webob templates name the method or the media type. */
  method?: string
  contentType?: string
}

const htmlEscape = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#x27;')

/** webob's choice between text/html and application/json; anything else (or no Accept) is plain text. */
function negotiate(accept: string | null): 'html' | 'json' | 'plain' {
  if (!accept) return 'plain'
  let best: { kind: 'html' | 'json'; q: number } | undefined
  for (const kind of ['html', 'json'] as const) {
    const [type, sub] = kind === 'html' ? ['text', 'html'] : ['application', 'json']
    let q = -1
    let specificity = -1
    for (const range of accept.split(',')) {
      const [media = '', ...params] = range.trim().toLowerCase().split(';')
      const [t, s] = media.trim().split('/')
      const match = t === type && s === sub ? 2 : t === type && s === '*' ? 1 : t === '*' && s === '*' ? 0 : -1
      if (match < 0 || match < specificity) continue
      const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      specificity = match
      q = qp ? Number(qp.slice(2)) : 1
    }
    if (q > 0 && (!best || q > best.q)) best = { kind, q }
  }
  return best?.kind ?? 'plain'
}

/**
 * An error response exactly as Glance (webob) renders it: an HTML page for browsers and `*\/*`,
 * `{"message", "code", "title"}` for `Accept: application/json`, plain text otherwise.
 * @example return glanceError(request, { status: 404, explanation: `No image found with ID ${id}` })
 */
export function glanceError(request: Request, spec: GlanceErrorSpec): Response {
  const [title, defaultExplanation] = EXPLANATIONS[spec.status] ?? ['Error', '']
  const status = `${spec.status} ${title}`
  const kind = negotiate(request.headers.get('accept'))
  const esc = kind === 'html' ? htmlEscape : (s: string) => s
  let body: string
  if (spec.status === 405) body = `The method ${esc(spec.method ?? request.method)} is not allowed for this resource. <br /><br />\n${esc(spec.detail ?? '')}`
  else if (spec.status === 415) body = `The request media type ${esc(spec.contentType ?? 'text/plain')} is not supported by this server.\n<br /><br />\n${esc(spec.detail ?? '')}`
  else body = `${esc(spec.explanation ?? defaultExplanation)}<br /><br />\n${esc(spec.detail ?? '')}\n\n`
  const headers = new Headers(spec.headers)
  let text: string
  if (kind === 'html') {
    headers.set('Content-Type', 'text/html; charset=UTF-8')
    text = `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n  ${body}\n </body>\n</html>`
  } else if (kind === 'json') {
    headers.set('Content-Type', 'application/json')
    text = pyJson({ message: body, code: status, title })
  } else {
    headers.set('Content-Type', 'text/plain; charset=UTF-8')
    text = `${status}\n\n${body.replaceAll('\n', ' ').replaceAll('\r', '').replace(/<br.*?>/gi, '\n').replace(/<[^>]*>/g, '')}`
  }
  headers.set('Content-Length', String(Buffer.byteLength(text)))
  return new Response(text, { status: spec.status, headers })
}

/**
 * JSON as Python's json.dumps writes it (`", "` and `": "` separators), so bodies have Glance's exact bytes and lengths.
 * @example pyJson({ a: [1, 2] }) // '{"a": [1, 2]}'
 */
export function pyJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pyJson(v)}`)
      .join(', ')}}`
  }
  return JSON.stringify(value ?? null) // Glance dumps with ensure_ascii=False, as JSON.stringify does
}

/**
 * A JSON response with Glance's serialization.
 * @example return glanceJson({ images: [] })
 */
export function glanceJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const text = pyJson(body)
  return new Response(text, { status, headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...headers } })
}

/**
 * The empty 204 (or 202) of Glance's controllers (webob adds an HTML content type to it, as here).
 * @example return glanceNoContent()
 */
export function glanceNoContent(status = 204): Response {
  return new Response(null, { status, headers: { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': '0' } })
}

/**
 * `req-<uuid>`, the form of Glance's X-Openstack-Request-Id.
 * @example response.headers.set('X-Openstack-Request-Id', glanceRequestId())
 */
export function glanceRequestId(): string {
  return `req-${randomUUID()}`
}

/**
 * Glance's timestamps: ISO 8601 in UTC to the second, with a `Z`.
 * @example isoSeconds(0) // '1970-01-01T00:00:00Z'
 */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`
}

/**
 * Python's urlencode (quote_plus): what Glance writes into `first` and `next` links.
 * @example pyUrlencode([['sort', 'name:asc']]) // 'sort=name%3Aasc'
 */
export function pyUrlencode(pairs: Iterable<[string, string]>): string {
  const q = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replaceAll('%20', '+')
  return [...pairs].map(([k, v]) => `${q(k)}=${q(v)}`).join('&')
}
