// test/compute/support.ts — a fixture Nova behind msw: canned answers per route, every request recorded with its JSON body.
import { http, HttpResponse, type HttpHandler } from 'msw'
import { setupServer, type SetupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { ComputeClient, type ComputeClientOptions } from '../../src/compute/index.js'

export const ORIGIN = 'http://nova.test:8774'
/** The catalog URL of the fixture Nova (a project id in it, as many clouds still have). */
export const PROJECT = '6f70656e737461636b20342065766572'
export const NOVA = `${ORIGIN}/v2.1/${PROJECT}`

/** One request as the fixture saw it. */
export interface Seen {
  method: string
  /** Path after the catalog URL, e.g. `/servers/detail`. */
  path: string
  /** The query string without `?` ('' when none). */
  query: string
  headers: Record<string, string>
  /** The parsed JSON body, or the text when it is not JSON; undefined when empty. */
  body: unknown
}

/** A canned answer. */
export interface Reply {
  status?: number
  json?: unknown
  /** A raw body (wins over json). */
  text?: string
  headers?: Record<string, string>
}

interface Route {
  method: string
  path: string
  query: string | undefined
  reply: Reply | ((seen: Seen) => Reply)
  left: number
}

/**
 * A fixture Nova: `on(method, path, reply)` registers an answer (the path may carry an exact
 * query after `?`, which wins over a route without one); unmatched requests get a 599 whose body says so. `seen` records everything.
 */
export class FixtureNova {
  readonly seen: Seen[] = []
  readonly #routes: Route[] = []

  on(method: string, pathAndQuery: string, reply: Reply | ((seen: Seen) => Reply), times = Infinity): this {
    const [path, query] = pathAndQuery.split('?') as [string, string | undefined]
    this.#routes.push({ method, path, query, reply, left: times })
    return this
  }

  /** Requests other than the version document. */
  get calls(): Seen[] {
    return this.seen.filter((s) => s.path !== '/v2.1/')
  }

  readonly handlers: HttpHandler[] = [
    http.all(`${ORIGIN}/*`, async ({ request }) => {
      const url = new URL(request.url)
      const headers: Record<string, string> = {}
      request.headers.forEach((v, k) => (headers[k] = v))
      const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text()
      let body: unknown = undefined
      if (text !== '') {
        try {
          body = JSON.parse(text)
        } catch {
          body = text
        }
      }
      const prefix = `/v2.1/${PROJECT}`
      const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname
      const seen: Seen = { method: request.method, path, query: url.search.slice(1), headers, body }
      this.seen.push(seen)
      const candidates = this.#routes.filter((r) => r.left > 0 && r.method === request.method && r.path === path)
      const route = candidates.find((r) => r.query === seen.query) ?? candidates.find((r) => r.query === undefined)
      if (!route) return new HttpResponse(`no fixture for ${request.method} ${path}?${seen.query}`, { status: 599 })
      route.left--
      const reply = typeof route.reply === 'function' ? route.reply(seen) : route.reply
      const status = reply.status ?? 200
      const init = { status, headers: { 'x-openstack-request-id': 'req-fixture-0001', ...reply.headers } }
      if (reply.text !== undefined) return new HttpResponse(reply.text, init)
      if (reply.json === undefined) return new HttpResponse(null, init)
      return new HttpResponse(JSON.stringify(reply.json), { ...init, headers: { 'content-type': 'application/json', ...init.headers } })
    }),
  ]
}

/** A Nova fault body as its Fault wrapper writes it. */
export function fault(name: string, code: number, message: string, extra: Record<string, unknown> = {}): { [name: string]: Record<string, unknown> } {
  return { [name]: { code, message, ...extra } }
}

/** The two headers a microversion is sent in. */
export function mvHeaders(mv: string): Record<string, string> {
  return { 'openstack-api-version': `compute ${mv}`, 'x-openstack-nova-api-version': mv }
}

/**
 * Serves a fresh FixtureNova through msw for each test, with a ComputeClient on it (token `tok`,
 * microversion 2.79 unless `options` say otherwise), handed to `use` before each test (with the msw server, for
 * handlers of its own) and closed after.
 */
export function useFixtureNova(options: Partial<ComputeClientOptions>, use: (nova: FixtureNova, compute: ComputeClient, server: SetupServer) => void): void {
  const server = setupServer()
  let compute: ComputeClient | undefined
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
  beforeEach(() => {
    const nova = new FixtureNova()
    server.use(...nova.handlers)
    compute = new ComputeClient({ endpoint: NOVA, token: 'tok', microversion: '2.79', ...options })
    use(nova, compute, server)
  })
  afterEach(async () => {
    await compute?.close()
    server.resetHandlers()
  })
  afterAll(() => server.close())
}
