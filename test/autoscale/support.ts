// test/autoscale/support.ts — a fixture Query endpoint behind msw: answers per Action, every request recorded with its form parameters.
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { AutoscaleClient, type AutoscaleClientOptions } from '../../src/autoscale/index.js'

export const ENDPOINT = 'http://autoscaling.test:8445'
export const KEYS = { accessKeyId: 'AKIDFIXTURE', secretAccessKey: 'fixture-secret-key' }

/** One request as the fixture saw it. */
export interface SeenQuery {
  method: string
  headers: Record<string, string>
  params: Record<string, string>
  body: string
}

/** A canned answer: XML text and a status (default 200). */
export interface QueryReply {
  status?: number
  body: string
  headers?: Record<string, string>
}

type Handler = QueryReply | ((seen: SeenQuery, n: number) => QueryReply)

/** `<ActionResponse>` with a result body and a request id, in the 2011-01-01 namespace unless told. */
export function ok(action: string, result = '', ns = '2011-01-01'): QueryReply {
  const inner = result === '' ? '' : `<${action}Result>${result}</${action}Result>`
  return { body: `<${action}Response xmlns="http://autoscaling.amazonaws.com/doc/${ns}/">${inner}<ResponseMetadata><RequestId>req-${action}</RequestId></ResponseMetadata></${action}Response>`, headers: { 'content-type': 'text/xml' } }
}

/** An AWS `<ErrorResponse>`. */
export function awsError(code: string, message: string, status = 400): QueryReply {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>rid-${code}</RequestId></ErrorResponse>`,
  }
}

/**
 * The fixture: `on(action, reply)` answers an Action (a function gets the request and how many
 * of that action came before); anything else gets a 599 naming the action. `seen` records all.
 */
export function useFixture(): { seen: SeenQuery[]; on(action: string, reply: Handler): void; client(opts?: AutoscaleClientOptions): AutoscaleClient } {
  const seen: SeenQuery[] = []
  const routes = new Map<string, Handler>()
  const counts = new Map<string, number>()
  const server = setupServer(
    http.all(`${ENDPOINT}/*`, async ({ request }) => {
      const body = await request.text()
      const url = new URL(request.url)
      const params = Object.fromEntries(new URLSearchParams(request.method === 'POST' ? body : url.search))
      const headers: Record<string, string> = {}
      request.headers.forEach((v, k) => (headers[k] = v))
      const s = { method: request.method, headers, params, body }
      seen.push(s)
      const action = params.Action ?? ''
      const n = counts.get(action) ?? 0
      counts.set(action, n + 1)
      const route = routes.get(action)
      if (!route) return new HttpResponse(`no fixture for ${action}`, { status: 599 })
      const reply = typeof route === 'function' ? route(s, n) : route
      return new HttpResponse(reply.body, { status: reply.status ?? 200, headers: reply.headers ?? { 'content-type': 'text/xml' } })
    }),
  )
  const clients: AutoscaleClient[] = []
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
  afterEach(async () => {
    seen.length = 0
    routes.clear()
    counts.clear()
    await Promise.all(clients.splice(0).map((c) => c.close()))
  })
  afterAll(() => server.close())
  return {
    seen,
    on: (action, reply) => void routes.set(action, reply),
    client: (opts = {}) => {
      const c = new AutoscaleClient({ endpoint: ENDPOINT, region: 'us-east-1', credentials: KEYS, env: {}, retry: { backoff: { baseMs: 1, maxMs: 5 } }, ...opts })
      clients.push(c)
      return c
    },
  }
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function caught<E = Error & { code?: string; details: string[] }>(p: Promise<unknown>): Promise<E> {
  try {
    await p
  } catch (e) {
    return e as E
  }
  throw new Error('expected a rejection')
}
