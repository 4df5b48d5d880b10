// src/testing/valence-http.ts — how Valence (Flask) answers: jsonify bodies, API-WG errors `{request_id, code, status, title, detail}`, timestamps, JSON read from any method.
import { getBody } from './server.js'

/** Valence fakes every request id as zeros. */
export const REQUEST_ID = '00000000-0000-0000-0000-000000000000'

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 500: 'Internal Server Error', 501: 'Not Implemented', 503: 'Service Unavailable' }

/**
 * A ValenceError: `title` is the exception's message format, `code` defaults to the status's
 * reason phrase (Python's `http_client.responses`).
 * @example throw new ValenceError(404, 'Resource could not be found', `Device ${id} not found in database.`)
 */
export class ValenceError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly code: string = REASONS[status] ?? String(status),
  ) {
    super(`${title}:${detail}`)
  }

  /** The error body. @example new ValenceError(400, 'Bad Request', 'x').body().code // 'Bad Request' */
  body(): Record<string, unknown> {
    return { request_id: REQUEST_ID, code: this.code, status: this.status, title: this.title, detail: this.detail }
  }
}

/** NotFound, as the etcd driver raises it. @example throw notFound(`Device ${id} not found in database.`) */
export const notFound = (detail: string): ValenceError => new ValenceError(404, 'Resource could not be found', detail)

/** BadRequest. @example throw badRequest('duplicated name or url !') */
export const badRequest = (detail: string): ValenceError => new ValenceError(400, 'Bad Request', detail)

/**
 * What Flask answers for an exception that is not a ValenceError: 500, code and title the
 * class name, detail `str(e)`; for werkzeug's HTTP errors their own status.
 * @example throw pythonError('KeyError', "'podm_id'")
 */
export const pythonError = (name: string, detail: string, status = 500): ValenceError => new ValenceError(status, name, detail, name)

/** `flask.jsonify` output: JSON, `application/json`. @example return valenceJson(podm) */
export function valenceJson(body: unknown, status = 200): Response {
  return new Response(status === 204 ? null : `${JSON.stringify(body ?? null)}\n`, { status, headers: { 'Content-Type': 'application/json' } })
}

/**
 * Valence's timestamp format, UTC. @example stamp(0) // '1970-01-01 00:00:00 UTC'
 */
export function stamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/**
 * The request's JSON body (`request.get_json()`), also on a GET served by `listen()`; undefined
 * when there is none or it does not parse (then Flask's get_json gives None or a 400).
 * @example const req = await readJson(request)
 */
export async function readJson(request: Request): Promise<unknown> {
  const text = request.method === 'GET' ? ((await getBody(request)) ?? '') : await request.text()
  if (!text.trim()) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw pythonError('BadRequest', '400 Bad Request: Failed to decode JSON object: Expecting value', 400)
  }
}

/**
 * A value as Python's repr() prints it in jsonschema messages.
 * @example pyRepr({ a: ['x', true, null] }) // "{'a': ['x', True, None]}"
 */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None'
  if (v === true) return 'True'
  if (v === false) return 'False'
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`
  return String(v)
}
