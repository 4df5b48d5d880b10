// test/eem/support.ts — a scripted Valence behind msw for the EEM unit tests: canned answers per route, every request recorded; fixtures from the reference.
import { setupServer, type SetupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { EemClient, type EemClientOptions } from '../../src/eem/index.js'
import { http, HttpResponse, type HttpHandler } from 'msw'

export const VALENCE = 'http://valence.test:8181'
export const V1 = `${VALENCE}/v1`

/** One request as Valence saw it. */
export interface Seen {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  json: unknown
}

/** What a route answers: status, JSON (or raw text with a content type). */
export interface Answer {
  status?: number
  json?: unknown
  text?: string
  contentType?: string
  headers?: Record<string, string>
}

/** Valence's flat API-WG error body (valence/common/exception.py). */
export function flatError(status: number, code: string, title: string, detail: string): Answer {
  return { status, json: { request_id: 'req-7a1c', code, status, title, detail } }
}

/** A scripted Valence: `on('GET /v1/devices', answer)`; anything else is Valence's 404. */
export class FakeValence {
  readonly seen: Seen[] = []
  readonly #routes = new Map<string, Answer | ((s: Seen) => Answer)>()

  on(route: string, answer: Answer | ((s: Seen) => Answer)): this {
    this.#routes.set(route, answer)
    return this
  }

  readonly handlers: HttpHandler[] = [
    http.all(`${VALENCE}/*`, async ({ request }) => {
      const url = new URL(request.url)
      const headers: Record<string, string> = {}
      request.headers.forEach((v, k) => (headers[k] = v))
      const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text()
      const seen: Seen = { method: request.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, json: text ? (JSON.parse(text) as unknown) : undefined }
      this.seen.push(seen)
      const route = this.#routes.get(`${request.method} ${url.pathname}`)
      const a = typeof route === 'function' ? route(seen) : (route ?? flatError(404, 'NotFound', 'Resource not found', `${url.pathname} not found`))
      const status = a.status ?? 200
      if (a.text !== undefined || a.json === undefined) {
        return new HttpResponse(a.text ?? null, { status, headers: { ...(a.contentType ? { 'content-type': a.contentType } : {}), ...a.headers } })
      }
      return HttpResponse.json(a.json as Record<string, unknown>, { status, ...(a.headers ? { headers: a.headers } : {}) })
    }),
  ]
}

export const PODM = '0b4cf4b2-1f3c-4f2b-9a8f-5b0f8c1d2e3a'
export const NODE = 'a8c1c7a0-7a8e-4f7e-9a55-3e3a0c1e6d11'
export const DEVICE = '660a95b3-adaa-42d3-ac3f-dfe7ce6c9986'
export const FLAVOR = 'f0e1d2c3-b4a5-4697-8877-665544332211'
export const SECRET = 'eem-s3cret-pass'

/** A pod manager as Valence returns it: the password in clear text. */
export function podManager(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uuid: PODM,
    name: 'eem1',
    url: 'http://10.0.0.5:30500/eem',
    driver: 'expether',
    status: 'Online',
    authentication: [{ type: 'basic', auth_items: { username: 'admin', password: SECRET } }],
    created_at: '2018-01-10 10:00:00 UTC',
    updated_at: '2018-01-10 10:00:00 UTC',
    ...extra,
  }
}

/** An ExpEther node (GET /v1/nodes/{uuid}): the DB record merged with the EESV's hardware fields. */
export function node(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uuid: NODE,
    name: 'node1',
    index: '0x8cdf9d911cb0',
    resource_uri: 'devices/0x8cdf9d911cb0',
    podm_id: PODM,
    serial_number: 'abc-123',
    power_state: 'on',
    host_model: 'Express5800',
    host_serial_number: 'host-1',
    mac_address: '8c:df:9d:91:1c:b0',
    pooled_group_id: '1234',
    type: '40g',
    description: 'EESV',
    ...extra,
  }
}

/** A free EEIO device (GET /v1/devices/{uuid}). */
export function device(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uuid: DEVICE,
    podm_id: PODM,
    node_id: null,
    type: 'SSD',
    pooled_group_id: '4093',
    state: 'free',
    resource_uri: 'devices/0x1111111111',
    properties: { device_id: '0x1111111111', mac_address: '11:11:11:11:11:11', model: 'ExpEther board' },
    extra: { vendor_name: 'Intel', device_name: 'SSD 750' },
    created_at: '2018-01-10 10:00:00 UTC',
    updated_at: '2018-01-10 10:00:00 UTC',
    ...extra,
  }
}

/** A flavor. */
export function flavor(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uuid: FLAVOR,
    name: 'two-ssd',
    description: 'two SSDs',
    properties: { pci_device: { type: ['SSD', 'SSD'] } },
    created_at: '2018-01-10 10:00:00 UTC',
    updated_at: '2018-01-10 10:00:00 UTC',
    ...extra,
  }
}

/**
 * A scripted FakeValence behind msw and an EemClient for it, both new for every test: read
 * `t.valence` and `t.eem` inside the tests (`t.server` is the msw server).
 */
export function useValence(opts: Partial<EemClientOptions> = {}): { valence: FakeValence; eem: EemClient; server: SetupServer } {
  const server = setupServer()
  const t = { server } as { valence: FakeValence; eem: EemClient; server: SetupServer }
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
  beforeEach(() => {
    t.valence = new FakeValence()
    server.use(...t.valence.handlers)
    t.eem = new EemClient({ endpoint: VALENCE, retry: 0, ...opts })
  })
  afterEach(async () => {
    await t.eem.close()
    server.resetHandlers()
  })
  afterAll(() => server.close())
  return t
}
