// src/testing/swift-bulk.ts — bulk delete (POST ?bulk-delete) and the bulk-style result bodies SLO shares with it.
import { readBody } from './request-body.js'
import { bestMatch, pyJson, statusLine } from './swift-http.js'

/**
 * The formats bulk and SLO answer in, in swob's order of preference.
 * @example bestMatch(request.headers.get('accept'), BULK_FORMATS) // 'text/plain' when any type is accepted
 */
export const BULK_FORMATS = ['text/plain', 'application/json', 'application/xml', 'text/xml'] as const

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * Python's quote() with `/` safe, which is how bulk and SLO name failed paths.
 * @example quotePath('/c/a b') // '/c/a%20b'
 */
export function quotePath(path: string): string {
  return [...new TextEncoder().encode(path)]
    .map((b) => {
      const c = String.fromCharCode(b)
      return /[A-Za-z0-9_.~/-]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`
    })
    .join('')
}

/**
 * A bulk result body as Swift's `get_response_body` writes it: JSON (with `Errors`), XML
 * under `rootTag`, or `Key: value` lines in sorted key order followed by `Errors:`.
 * @example bulkBody('application/json', { 'Response Status': '200 OK' }, [], 'delete')
 */
export function bulkBody(format: string | undefined, dict: Record<string, string | number>, errors: readonly [string, string][], rootTag: string): string {
  if (format === 'application/json') return pyJson({ ...dict, Errors: errors })
  if (format?.endsWith('/xml')) {
    const keys = Object.keys(dict).sort()
    const fields = keys.map((k) => `<${k.replace(/ /g, '_').toLowerCase()}>${xmlEscape(String(dict[k]))}</${k.replace(/ /g, '_').toLowerCase()}>\n`)
    const errs = errors.map(([n, s]) => `<object><name>${xmlEscape(n)}</name><status>${xmlEscape(s)}</status></object>\n`)
    return `<${rootTag}>\n${fields.join('')}<errors>\n${errs.join('')}</errors>\n</${rootTag}>\n`
  }
  const lines = Object.keys(dict)
    .sort()
    .map((k) => `${k}: ${String(dict[k])}\n`)
  return `${lines.join('')}Errors:\n${errors.map(([n, s]) => `${n}, ${s}\n`).join('')}`
}

/**
 * One path to delete, or the reason it cannot be (an SLO whose manifest could not be read).
 * @example const item: DeleteItem = { name: '/c/big', error: { status: 400, message: 'Not an SLO manifest' } }
 */
export interface DeleteItem {
  name: string
  error?: { status: number; message: string }
}

/**
 * Runs deletes as bulk.py does: objects before containers, 404s counted apart, other failures
 * listed with their status line, and a stop once `maxFailed` failures pile up. The HTTP
 * status is always 200: the outcome is in the body's `Response Status`, because real Swift
 * has already sent its 200 when it starts deleting.
 * @example runDeletes(items, (path) => deleteOne(path), 'application/json', 1000)
 */
export function runDeletes(items: readonly DeleteItem[], deleteOne: (path: string) => number, format: string | undefined, maxFailed: number): Response {
  const dict: Record<string, string | number> = { 'Response Status': '200 OK', 'Response Body': '', 'Number Deleted': 0, 'Number Not Found': 0 }
  const failed: [string, string][] = []
  let failureType = 400
  const isObject = (n: string) => n.replace(/^\/+|\/+$/g, '').includes('/')
  const ordered = [...items.filter((i) => isObject(i.name)), ...items.filter((i) => !isObject(i.name))]
  let aborted = false
  for (const item of ordered) {
    if (!item.name) continue
    if (item.error) {
      if (item.error.status === 404) dict['Number Not Found'] = Number(dict['Number Not Found']) + 1
      else failed.push([quotePath(item.name), item.error.message])
    } else {
      const status = deleteOne(item.name)
      if (status < 300) dict['Number Deleted'] = Number(dict['Number Deleted']) + 1
      else if (status === 404) dict['Number Not Found'] = Number(dict['Number Not Found']) + 1
      else {
        if (status >= 500) failureType = 502
        failed.push([quotePath(item.name), statusLine(status)])
      }
    }
    if (failed.length >= maxFailed) {
      aborted = true
      break
    }
  }
  if (aborted) {
    dict['Response Status'] = statusLine(400)
    dict['Response Body'] = 'Max delete failures exceeded'
  } else if (failed.length > 0) dict['Response Status'] = statusLine(failureType)
  else if (!dict['Number Deleted'] && !dict['Number Not Found']) {
    dict['Response Status'] = statusLine(400)
    dict['Response Body'] = 'Invalid bulk delete.'
  }
  return bulkResponse(format, dict, failed, 'delete')
}

/**
 * A bulk-style 200 answer in the negotiated format.
 * @example bulkResponse('application/json', { 'Response Status': '200 OK' }, [], 'delete')
 */
export function bulkResponse(format: string | undefined, dict: Record<string, string | number>, errors: readonly [string, string][], rootTag: string): Response {
  const body = bulkBody(format, dict, errors, rootTag)
  return new Response(body, { status: 200, headers: { 'Content-Type': format ?? 'text/plain', 'Content-Length': String(Buffer.byteLength(body)) } })
}

/**
 * Answers POST (or DELETE) `?bulk-delete` on an account: a text/plain body of URL-encoded
 * `/container/object` or `/container` lines. Too many lines, a wrong Content-Type or an
 * unacceptable Accept end up in `Response Status` (413, 406) of a 200, as in Swift.
 * @example bulkDelete(request, (path) => deleteOne(path), limits)
 */
export async function bulkDelete(request: Request, deleteOne: (path: string) => number, limits: { maxDeletesPerRequest: number; maxFailedDeletes: number }): Promise<Response> {
  const format = bestMatch(request.headers.get('accept'), BULK_FORMATS)
  const fail = (status: number, body = ''): Response =>
    bulkResponse(format, { 'Response Status': statusLine(status), 'Response Body': body, 'Number Deleted': 0, 'Number Not Found': 0 }, [], 'delete')
  if (!format) return fail(406)
  const type = request.headers.get('content-type')
  if (type && !type.startsWith('text/plain')) return fail(406)
  // Paths are at most ~1 KiB each; anything far beyond the limit is refused like Swift does.
  const { data, tooLarge } = await readBody(request, (limits.maxDeletesPerRequest + 1) * 2048)
  if (tooLarge) return fail(413, `Maximum Bulk Deletes: ${limits.maxDeletesPerRequest} per request`)
  const items: DeleteItem[] = []
  for (const line of new TextDecoder().decode(data).split('\n')) {
    const raw = line.trim()
    if (!raw) continue
    let name: string
    try {
      name = decodeURIComponent(raw)
    } catch {
      name = raw
    }
    items.push({ name })
    if (items.length > limits.maxDeletesPerRequest) return fail(413, `Maximum Bulk Deletes: ${limits.maxDeletesPerRequest} per request`)
  }
  return runDeletes(items, deleteOne, format, limits.maxFailedDeletes)
}
