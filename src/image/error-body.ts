// src/image/error-body.ts — Glance's error bodies (webob HTML, plain text, JSON) turned into clean one-line messages.
import { ClientError, errorInit, type ClientErrorClass } from '../core/errors.js'
import { pathOf } from '../core/error-response.js'

// webob's stock explanations: Glance puts its own reason after them, which is the part worth reading.
const STOCK = [
  'The resource could not be found.',
  'There was a conflict when trying to complete your request.',
  'Access was denied to this resource.',
  'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  'This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.',
]

/**
 * Text of a Glance explanation without its markup: entities decoded, `<br />` gone, one line.
 * @example cleanText('Attribute &#x27;id&#x27; is read-only.<br /><br />') // "Attribute 'id' is read-only."
 */
export function cleanText(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * Rewrites an HTTP error from Glance so its message holds only Glance's reason. The core parser
 * already finds the reason in each format, but leaves webob's leftovers: HTML entities and
 * `<br />`, a JSON `code` that is only the status line (`"404 Not Found"`), a plain-text body
 * whose first line is the status line, and jsonschema's dump after `Failed validating`, which
 * goes to `details` here. Class, status, request id and the rest are kept.
 * @example throw glanceError(e) // NotFoundError: 404 Not Found: GET /v2/images/x: No image found with ID x
 */
export function glanceError(error: unknown): unknown {
  if (!(error instanceof ClientError) || error.status < 400 || error.name === 'ResponseError') return error
  const where = error.method && error.url ? `${error.method} ${pathOf(error.url)}: ` : undefined
  let cut = where ? error.message.indexOf(where) : -1
  if (cut >= 0) cut += where!.length
  else {
    // No request line (e.g. an error built without a URL): the status line ends at the first ': '.
    const m = /^\d{3}[^:]*: /.exec(error.message)
    cut = m ? m[0].length : 0
  }
  const head = error.message.slice(0, cut)
  let what = error.message.slice(cut)
  const statusCode = error.code !== undefined && /^\d{3}\b/.test(error.code) ? error.code : undefined
  if (statusCode && what.startsWith(`${statusCode} (`) && what.endsWith(')')) what = what.slice(statusCode.length + 2, -1)
  else if (statusCode && what === statusCode) what = ''
  let details = error.details
  // Plain text: the status line came first, the reason is in the details.
  if (/^\d{3} [A-Za-z ]+$/.test(what.trim())) what = ''
  if (what.trim() === '' && details.length > 0) {
    what = details.join(' ')
    details = []
  }
  let reason = cleanText(what)
  for (const stock of STOCK) {
    if (reason.startsWith(stock) && reason.length > stock.length) reason = reason.slice(stock.length).trim()
  }
  const schemaDump = reason.indexOf(' Failed validating ')
  if (schemaDump > 0) {
    details = [reason.slice(schemaDump + 1), ...details]
    reason = reason.slice(0, schemaDump)
  }
  const message = reason ? `${head}${reason}` : head.replace(/: $/, '')
  if (message === error.message && statusCode === undefined && details === error.details) return error
  const Class = error.constructor as ClientErrorClass
  const { code, ...init } = errorInit(error)
  return new Class(message, {
    ...init,
    details: details.map(cleanText),
    ...(code !== undefined && statusCode === undefined ? { code } : {}),
    ...(error.cause !== undefined ? { cause: error.cause } : {}),
  })
}
