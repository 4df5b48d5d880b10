// src/core/error-response.ts — errorFromResponse(): every error body format strato meets, as a ClientError.
import { statusText as reasonPhrase } from './status-text.js'
import { RateLimitError, TRANSIENT_STATUSES, errorClassForStatus, type ClientError } from './errors.js'
import { parseRetryAfter } from './retry-after.js'
import { isXml, parseXml, xmlParserLoaded } from './xml.js'

/** What the client knows about a failed response. */
export interface ErrorResponseInfo {
  status: number
  statusText?: string
  headers: Headers
  body: string
  method?: string
  /** Already redacted. */
  url?: string
  /** Scrubs known secrets from the message and details. */
  redact?: (text: string) => string
}

/** The parts of an error body that every format has in some form. */
export interface ParsedErrorBody {
  code?: string
  message?: string
  title?: string
  details: string[]
  requestId?: string
  /** Nova's overLimit faults carry their own wait, in seconds. */
  retryAfterSeconds?: number
}

const RATE_LIMIT_CODES = new Set(['overLimit', 'RateLimitExceeded', 'Throttling', 'ThrottlingException', 'TooManyRequests', 'RequestLimitExceeded'])
const REQUEST_ID_HEADERS = ['x-openstack-request-id', 'x-compute-request-id', 'x-trans-id', 'x-amzn-requestid', 'x-amz-request-id', 'x-request-id']

/**
 * The request id a server assigned, from the OpenStack, Swift and AWS headers that carry one.
 * @example requestIdFrom(response.headers) // 'req-5c1d…' or 'tx9a…'
 */
export function requestIdFrom(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name)
    if (value) return value
  }
  return undefined
}
const MAX_DETAIL = 2000

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined)
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim()

/**
 * Builds the ClientError for a failed response: the class from the status (rate-limit codes give
 * RateLimitError whatever the status), a one-line message such as
 * `404 Not Found: GET /v2.1/servers/abc: itemNotFound (Instance abc could not be found.)`, the
 * server's code, request id, Retry-After and the rest of its explanation in `details`.
 * It never throws: it runs on the error path. XML bodies (AWS) are read once the XML parser is
 * loaded (`await loadXmlParser()`; the Client does it before it calls this), as text before.
 * @example throw errorFromResponse({ status: r.status, headers: r.headers, body: await r.text(), method: 'GET', url })
 */
export function errorFromResponse(info: ErrorResponseInfo): ClientError {
  let parsed: ParsedErrorBody
  try {
    parsed = parseErrorBody(info.body, info.headers.get('content-type') ?? undefined)
  } catch {
    parsed = { details: [info.body.slice(0, MAX_DETAIL)] }
  }
  const redact = info.redact ?? ((t: string) => t)
  const statusText = info.statusText || reasonPhrase(info.status) || 'Error'
  const requestId = requestIdFrom(info.headers) ?? parsed.requestId
  const retryAfterMs = parseRetryAfter(info.headers) ?? (parsed.retryAfterSeconds !== undefined ? parsed.retryAfterSeconds * 1000 : undefined)
  const rateLimited = parsed.code !== undefined && RATE_LIMIT_CODES.has(parsed.code)
  const where = info.method && info.url ? `${info.method} ${pathOf(info.url)}` : info.method
  const text = parsed.message && parsed.message !== statusText ? parsed.message : undefined
  const what = parsed.code && text ? `${parsed.code} (${text})` : (text ?? parsed.code)
  const message = [`${info.status} ${statusText}`, where, what].filter(Boolean).join(': ')
  const Class = rateLimited ? RateLimitError : errorClassForStatus(info.status)
  return new Class(redact(oneLine(message)), {
    status: info.status,
    details: parsed.details.map(redact),
    ...(parsed.code ? { code: parsed.code } : {}),
    ...(requestId ? { requestId } : {}),
    ...(info.method ? { method: info.method } : {}),
    ...(info.url ? { url: info.url } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    retryable: TRANSIENT_STATUSES.includes(info.status) || rateLimited || ((info.status === 413 || info.status === 403) && retryAfterMs !== undefined),
  })
}

/**
 * Reads code, message, title, details and request id from an error body of any known format,
 * sniffing the text rather than trusting Content-Type.
 * @example parseErrorBody('{"itemNotFound": {"message": "gone", "code": 404}}') // { code: 'itemNotFound', message: 'gone', … }
 */
export function parseErrorBody(body: string, contentType?: string): ParsedErrorBody {
  const text = body.trim()
  if (!text) return { details: [] }
  if (text.startsWith('{') || text.startsWith('[') || contentType?.includes('json')) {
    const json = tryJson(text)
    if (json !== undefined) return fromJson(json, text)
  }
  // The Client loads the parser before it builds an error from an XML body; a direct caller who has
  // not loaded it gets the body read as text, never a throw on the error path.
  if (isXml(text) && xmlParserLoaded()) {
    const xml = fromXml(text)
    if (xml) return xml
  }
  if (/<\/?(html|body|h1|title|p)[\s>]/i.test(text)) return fromHtml(text)
  const [first = '', ...rest] = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)
  return { message: first.slice(0, MAX_DETAIL), details: rest.length ? [rest.join('\n').slice(0, MAX_DETAIL)] : [] }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function fromJson(json: unknown, raw: string): ParsedErrorBody {
  const unknownShape = (): ParsedErrorBody => ({ details: [raw.slice(0, MAX_DETAIL)] })
  if (!isObject(json)) return unknownShape()
  // API-WG guideline: {"errors": [{code, title, detail, request_id}, …]}
  if (Array.isArray(json.errors) && json.errors.length > 0) {
    const [first, ...rest] = json.errors.filter(isObject)
    if (first) {
      const one = fromJson(first, JSON.stringify(first))
      return { ...one, details: [...one.details, ...rest.map((e) => oneLine(str(e.detail) ?? str(e.title) ?? JSON.stringify(e)))] }
    }
  }
  // Keystone: {"error": {"code": 401, "title": "Unauthorized", "message": "…"}}
  if (isObject(json.error)) {
    const e = json.error
    const title = str(e.title)
    return { ...(title ? { code: title, title } : {}), ...msg(str(e.message)), details: [] }
  }
  // Ironic and friends: {"error_message": "<JSON with faultstring>"} or plain text.
  if (json.error_message !== undefined) {
    const inner = typeof json.error_message === 'string' ? tryJson(json.error_message) : json.error_message
    const fault = isObject(inner) ? str(inner.faultstring) : str(json.error_message)
    const detail = isObject(inner) ? str(inner.debuginfo) : undefined
    return { ...msg(fault), details: detail ? [detail] : [] }
  }
  // API-WG flat (Valence): {"request_id", "code", "status", "title", "detail"}
  if (str(json.title) !== undefined && (json.detail !== undefined || json.status !== undefined)) {
    const code = str(json.code)
    const requestId = str(json.request_id)
    const title = str(json.title)
    return { ...(code ? { code } : {}), ...(title ? { title } : {}), ...(requestId ? { requestId } : {}), ...msg(str(json.detail) ?? title), details: [] }
  }
  // Nova/Neutron faults: one key naming the fault, e.g. {"itemNotFound": {"message", "code"}}.
  const keys = Object.keys(json)
  if (keys.length === 1 && isObject(json[keys[0]!])) {
    const key = keys[0]!
    const fault = json[key] as Json
    const code = str(fault.type) ?? key
    const detail = str(fault.detail)
    const retryAfter = Number(fault.retryAfter)
    return {
      code,
      ...msg(str(fault.message) ?? str(fault.explanation)),
      details: detail ? [detail] : [],
      ...(Number.isFinite(retryAfter) && fault.retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
    }
  }
  const generic = str(json.message) ?? str(json.detail) ?? str(json.description) ?? str(json.faultstring)
  if (generic) {
    const code = str(json.code) ?? str(json.type)
    return { ...(code && !/^\d+$/.test(code) ? { code } : {}), message: generic, details: [] }
  }
  return unknownShape()
}

function msg(text: string | undefined): { message?: string } {
  return text ? { message: oneLine(text) } : {}
}

// AWS Query API: <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
// (any namespace, Phantom's 2009-05-15 included) and EC2's <Response><Errors><Error>…</Errors><RequestID/>.
function fromXml(text: string): ParsedErrorBody | undefined {
  let doc: Record<string, unknown>
  try {
    doc = parseXml(text, { maxBytes: 1024 * 1024 })
  } catch {
    return undefined
  }
  const root = (isObject(doc.ErrorResponse) ? doc.ErrorResponse : isObject(doc.Response) ? doc.Response : undefined) as Json | undefined
  if (!root) return undefined
  const holder = isObject(root.Errors) ? root.Errors : root
  const raw = holder.Error
  const errors = (Array.isArray(raw) ? raw : [raw]).filter(isObject)
  const first = errors[0]
  if (!first) return undefined
  const requestId = str(root.RequestId) ?? str(root.RequestID)
  const code = str(first.Code)
  return {
    ...(code ? { code } : {}),
    ...msg(str(first.Message)),
    ...(requestId ? { requestId } : {}),
    details: errors.slice(1).map((e) => oneLine(`${str(e.Code) ?? ''} ${str(e.Message) ?? ''}`)),
  }
}

// webob/Swift/Glance HTML pages: title or h1 as the title, the visible text as the message.
function fromHtml(text: string): ParsedErrorBody {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text)?.[1]
  const visible = oneLine(
    text
      .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<h1[^>]*>[\s\S]*?<\/h1>/i, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>'),
  )
  const cleanTitle = title ? oneLine(title.replace(/<[^>]+>/g, ' ')).replace(/^\d{3}\s+/, '') : undefined
  return {
    ...(cleanTitle ? { title: cleanTitle } : {}),
    ...msg((visible || cleanTitle)?.slice(0, MAX_DETAIL)),
    details: [],
  }
}

/** The path and query of a URL (the whole string when it does not parse), for messages. @example pathOf('http://h/v2/images?limit=1') // '/v2/images?limit=1' */
export function pathOf(url: string): string {
  try {
    const u = new URL(url)
    return `${u.pathname}${u.search}`
  } catch {
    return url
  }
}
