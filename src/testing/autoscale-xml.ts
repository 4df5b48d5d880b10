// src/testing/autoscale-xml.ts — the Auto Scaling Query wire format: XML answers, <ErrorResponse>, webob pages, moto's 500 page.

/** The response namespace of each dialect: AWS's 2011-01-01, Phantom's 2009-05-15. @example NAMESPACES.phantom // 'http://autoscaling.amazonaws.com/doc/2009-05-15/' */
export const NAMESPACES = {
  aws: 'http://autoscaling.amazonaws.com/doc/2011-01-01/',
  phantom: 'http://autoscaling.amazonaws.com/doc/2009-05-15/',
} as const

/** Which server the fake Query service plays: AWS (2011-01-01) or Phantom's pyhantom (2009-05-15). @example createFakeAutoscale({ clock, dialect: 'phantom' }) */
export type AutoscaleDialect = keyof typeof NAMESPACES

/** The generic Flask 500 page moto answers for any exception (265 characters, no traceback). @example new Response(MOTO_500_PAGE, { status: 500 }) */
export const MOTO_500_PAGE =
  '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n' +
  '<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>\n'

/**
 * Escapes text for XML element content (`&`, `<`, `>`; quotes stay, as AWS and moto write them).
 * @example xmlEscape("a<b & 'c'") // "a&lt;b &amp; 'c'"
 */
export function xmlEscape(text: string): string {
  return text.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!)
}

/** A scalar as the Query protocol writes it. @example el('Enabled', true) // '<Enabled>true</Enabled>' */
export type XmlScalar = string | number | boolean

/**
 * One element with escaped text, or nothing when the value is undefined or null (AWS omits unset fields).
 * @example el('MinSize', 0) // '<MinSize>0</MinSize>'; el('KeyName', undefined) // ''
 */
export function el(name: string, value: XmlScalar | undefined | null): string {
  if (value === undefined || value === null) return ''
  return `<${name}>${xmlEscape(String(value))}</${name}>`
}

/**
 * An element holding already-built XML; self-closed when empty, as moto and AWS write empty structures.
 * @example raw('InstanceMonitoring', el('Enabled', true))
 */
export function raw(name: string, inner: string): string {
  return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`
}

/**
 * A list in the Query protocol's shape: one `<member>` per item (already-built XML), `<Name/>` when empty.
 * @example members('AvailabilityZones', zones.map(xmlEscape)) // '<AvailabilityZones><member>us-east-1a</member></AvailabilityZones>'
 */
export function members(name: string, items: readonly string[]): string {
  return raw(name, items.map((i) => `<member>${i}</member>`).join(''))
}

/**
 * A list of strings as `<member>` elements.
 * @example stringMembers('SecurityGroups', ['default'])
 */
export function stringMembers(name: string, items: readonly string[]): string {
  return members(name, items.map(xmlEscape))
}

/**
 * A success answer: `<XResponse><XResult>…</XResult><ResponseMetadata>…`; without `result` (actions
 * that have no output) there is no `<XResult>` element at all.
 * @example queryResponse('DescribeTags', NAMESPACES.aws, members('Tags', []), requestId)
 */
export function queryResponse(action: string, namespace: string, result: string | undefined, requestId: string): Response {
  const body =
    `<${action}Response xmlns="${namespace}">` +
    (result === undefined ? '' : raw(`${action}Result`, result)) +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  return xmlAnswer(body, 200, requestId)
}

/**
 * An AWS error answer: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>` with the
 * status; `Type` is `Sender` for 4xx and `Receiver` for 5xx.
 * @example queryError(NAMESPACES.aws, 400, 'ValidationError', 'AutoScalingGroup name not found - …', requestId)
 */
export function queryError(namespace: string, status: number, code: string, message: string, requestId: string, headers: Record<string, string> = {}): Response {
  const type = status >= 500 ? 'Receiver' : 'Sender'
  const body = `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  return xmlAnswer(body, status, requestId, headers)
}

function xmlAnswer(body: string, status: number, requestId: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId, ...headers } })
}

/** webob's reason phrases for the statuses its own exceptions use. */
const WEBOB_TITLES: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' }

/**
 * An error page as webob's WSGIHTTPException renders it (what pyhantom answers): plain text
 * `"<status> <title>\n\n<explanation>\n\n <detail>  "`, or its HTML page when the Accept header
 * names html or `*∕*` (fetch sends `*∕*` by default), as webob decides.
 * @example webobPage(400, 'AlreadyExists', 'The named Auto Scaling group or launch configuration already exists.', 'lc@hotel', 'text/plain')
 */
export function webobPage(code: number, title: string | undefined, explanation: string, detail: string, accept: string | null): Response {
  const status = `${code} ${title ?? WEBOB_TITLES[code] ?? 'Error'}`
  const html = accept !== null && (accept.includes('html') || accept.includes('*/*'))
  const body = html
    ? `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n  ${explanation}<br /><br />\n${xmlEscape(detail)}\n\n\n </body>\n</html>`
    : `${status}\n\n${explanation}\n\n ${detail}  `
  return new Response(body, { status: code, headers: { 'Content-Type': `${html ? 'text/html' : 'text/plain'}; charset=UTF-8` } })
}
