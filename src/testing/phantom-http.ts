// src/testing/phantom-http.ts — how PhantomWebApp (Django) answers: Python-style JSON as application/javascript, plain-text errors, 302, 405, Django's 404 page.

/**
 * A value as Python's `json.dumps` writes it (`", "` and `": "` separators, non-ASCII escaped), or
 * with `indent` as `?pretty=true` asks (`json.dumps(v, indent=4, separators=(',', ': '))`).
 * @example pyJson({ a: [1, 'é'] }) // '{"a": [1, "\\u00e9"]}'
 */
export function pyJson(value: unknown, indent?: number, depth = 0): string {
  const nl = indent === undefined ? '' : `\n${' '.repeat(indent * (depth + 1))}`
  const end = indent === undefined ? '' : `\n${' '.repeat(indent * depth)}`
  const sep = indent === undefined ? ', ' : ','
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  if (typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${nl}${value.map((v) => pyJson(v, indent, depth + 1)).join(`${sep}${nl}`)}${end}]`
  const entries = Object.entries(value).filter(([, v]) => v !== undefined)
  if (entries.length === 0) return '{}'
  return `{${nl}${entries.map(([k, v]) => `${pyJson(k)}: ${pyJson(v, indent, depth + 1)}`).join(`${sep}${nl}`)}${end}}`
}

/** Django's default content type, used by responses built without a mimetype. */
const DJANGO_HTML = 'text/html; charset=utf-8'

/**
 * A JSON answer with the `application/javascript` mimetype PhantomWebApp gives its responses.
 * @example return phantomJson(site, 200)
 */
export function phantomJson(body: unknown, status = 200): Response {
  return new Response(pyJson(body), { status, headers: { 'Content-Type': 'application/javascript' } })
}

/**
 * A plain-text message: 404s carry `application/javascript` (as PhantomWebApp sets it), other
 * statuses Django's default `text/html; charset=utf-8`.
 * @example return phantomText(404, `Domain ${id} not found`)
 */
export function phantomText(status: number, message = '', contentType = status === 404 ? 'application/javascript' : DJANGO_HTML): Response {
  return new Response(message, { status, headers: { 'Content-Type': contentType } })
}

/**
 * A 302 to an existing resource, as `HttpResponseRedirect` (Django of Phantom's days made Location absolute).
 * @example return phantomRedirect(ctx, `/launchconfigurations/${lc.id}`)
 */
export function phantomRedirect(location: string): Response {
  return new Response('', { status: 302, headers: { Location: location, 'Content-Type': DJANGO_HTML } })
}

/**
 * Django's `require_http_methods` refusal: 405, empty body, `Allow`.
 * @example return methodNotAllowed(['GET', 'POST'])
 */
export function methodNotAllowed(allowed: readonly string[]): Response {
  return new Response('', { status: 405, headers: { Allow: allowed.join(', '), 'Content-Type': DJANGO_HTML } })
}

/**
 * Django's 404 page for a URL no pattern matches.
 * @example return djangoNotFound('/phantom/api/dev/nope')
 */
export function djangoNotFound(path: string): Response {
  return new Response(`<h1>Not Found</h1><p>The requested URL ${path.replace(/[<>&]/g, '')} was not found on this server.</p>`, { status: 404, headers: { 'Content-Type': DJANGO_HTML } })
}

/**
 * A request's JSON object body, or undefined when it is not a JSON object (PhantomWebApp then answers 400).
 * @example const body = await jsonBody(request); if (!body) return phantomText(400)
 */
export async function jsonBody(request: Request): Promise<{ text: string; json: Record<string, unknown> | undefined }> {
  const text = await request.text()
  try {
    const v: unknown = JSON.parse(text)
    return { text, json: typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined }
  } catch {
    return { text, json: undefined }
  }
}

/**
 * A list as Python's repr() prints it in messages (`['id', 'access_key']`).
 * @example pyList(['a', 'b']) // "['a', 'b']"
 */
export function pyList(items: readonly string[]): string {
  return `[${items.map((i) => `'${i}'`).join(', ')}]`
}

/** PhantomWebApp's ACCEPTED_RESOURCE_PATTERN for ids and names. @example new RegExp(`^${RESOURCE_PATTERN}+$`).test('web lc') // true */
export const RESOURCE_PATTERN = '[-_.0-9A-Za-z ]'
