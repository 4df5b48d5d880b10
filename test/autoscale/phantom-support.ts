// test/autoscale/phantom-support.ts — a recording fake of Phantom's REST API for the PhantomClient tests (msw at the HTTP boundary).
import { setupServer, type SetupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { PhantomClient, type PhantomClientOptions } from '../../src/autoscale/phantom/index.js'
import { http, HttpResponse, type HttpHandler } from 'msw'

export const ORIGIN = 'http://phantom.test:8080'
export const BASE = `${ORIGIN}/api/dev`
export const USER_ID = '3'
export const TOKEN = '3ig-0123456789abcdef0123'
export const BASIC = `Basic ${Buffer.from(`${USER_ID}:${TOKEN}`).toString('base64')}`

/** One request as the fake saw it. */
export interface Seen {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  text: string
  json: unknown
}

type Responder = (req: Seen) => Response | Promise<Response>

/** Phantom labels its JSON `application/javascript`. */
export function phantomJson(value: unknown, status = 200): Response {
  return new HttpResponse(JSON.stringify(value), { status, headers: { 'content-type': 'application/javascript; charset=utf-8' } })
}

/** A plain-text answer as Django's HttpResponse* classes send them. */
export function phantomText(text: string, status: number, contentType = 'application/javascript'): Response {
  return new HttpResponse(text, { status, headers: { 'content-type': contentType } })
}

/** 204 with no body. */
export const noContent = (): Response => new HttpResponse(null, { status: 204 })

/** 302 to an existing resource, as HttpResponseRedirect sends it. */
export const redirect = (location: string): Response => new HttpResponse(null, { status: 302, headers: { location } })

/** Records every request to ORIGIN and answers from routes added with `on`; an unrouted request gets 599. */
export class FakePhantom {
  readonly seen: Seen[] = []
  readonly #routes: { method: string; path: string; respond: Responder }[] = []

  /** Answers `method path` with a function of the request, or with a JSON value. */
  on(method: string, path: string, respond: Responder): this
  on(method: string, path: string, body: unknown): this
  on(method: string, path: string, respond: unknown): this {
    this.#routes.unshift({ method, path, respond: typeof respond === 'function' ? (respond as Responder) : () => phantomJson(respond) })
    return this
  }

  readonly handlers: HttpHandler[] = [
    http.all(`${ORIGIN}/*`, async ({ request }) => {
      const url = new URL(request.url)
      const headers: Record<string, string> = {}
      request.headers.forEach((v, k) => (headers[k] = v))
      const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text()
      let json: unknown
      try {
        json = text ? JSON.parse(text) : undefined
      } catch {
        json = undefined
      }
      const seen: Seen = { method: request.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, text, json }
      this.seen.push(seen)
      const route = this.#routes.find((r) => r.method === request.method && r.path === decodeURIComponent(url.pathname))
      return route ? route.respond(seen) : phantomText(`no route for ${request.method} ${url.pathname}`, 599, 'text/plain')
    }),
  ]
}

export const SITE = { id: 'hotel', instance_types: ['m1.small', 'm1.large'], credentials: '/api/dev/credentials/sites/hotel', uri: '/api/dev/sites/hotel' }

export const CLOUD = { image_id: 'hello-phantom.gz', instance_type: 'm1.small', max_vms: -1, common: true, rank: 1 }

export const LC = {
  id: 'k2Jd9xQ',
  name: 'web',
  owner: 'alice',
  cloud_params: { hotel: CLOUD },
  contextualization_method: 'user_data',
  user_data: '#!/bin/sh\necho hi',
  uri: '/api/dev/launchconfigurations/k2Jd9xQ',
}

export const DOMAIN_ID = '2f0c5c1e-8d7a-4d8e-9a57-0b6c1f3e2d11'
export const INSTANCE_ID = 'a1b2c3d4-0000-4000-8000-00000000beef'

export const MULTICLOUD = {
  id: DOMAIN_ID,
  name: 'web',
  de_name: 'multicloud',
  lc_name: 'web',
  vm_count: 2,
  monitor_sensors: '',
  monitor_domain_sensors: '',
  sensor_data: {},
  owner: 'alice',
  uri: `/api/dev/domains/${DOMAIN_ID}`,
}

export const SENSOR_DOMAIN = {
  id: 'b7e0c0de-1111-4222-8333-444455556666',
  name: 'batch',
  de_name: 'sensor',
  lc_name: 'web',
  // As sensor_domain_create.py sends them: numbers as strings.
  sensor_minimum_vms: '1',
  sensor_maximum_vms: '4',
  sensor_metric: 'proc.loadavg.1min',
  sensor_scale_up_threshold: 2.0,
  sensor_scale_up_vms: 1,
  sensor_scale_down_threshold: 0.5,
  sensor_scale_down_vms: 1,
  sensor_cooldown: 60,
  monitor_sensors: 'proc.loadavg.1min',
  monitor_domain_sensors: '',
  sensor_data: { 'proc.loadavg.1min': { average: 0.3 } },
  chef_credential: 'mychef',
}

export const INSTANCE = {
  id: INSTANCE_ID,
  iaas_instance_id: 'i-0042',
  lifecycle_state: '600-RUNNING',
  hostname: 'vm-42.hotel',
  public_ip: '192.0.2.42',
  private_ip: '10.0.0.42',
  cloud: '/api/dev/sites/hotel',
  image_id: 'hello-phantom.gz',
  instance_type: 'm1.small',
  sensor_data: {},
  keyname: 'phantomkey',
  owner: 'alice',
  uri: `/api/dev/domains/${DOMAIN_ID}/instances/${INSTANCE_ID}`,
}

/**
 * A recording FakePhantom behind msw and a PhantomClient for it, both new for every test: read
 * `t.fake` and `t.phantom` inside the tests (`t.server` is the msw server).
 */
export function usePhantom(opts: Partial<PhantomClientOptions> = {}): { fake: FakePhantom; phantom: PhantomClient; server: SetupServer } {
  const server = setupServer()
  const t = { server } as { fake: FakePhantom; phantom: PhantomClient; server: SetupServer }
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
  beforeEach(() => {
    t.fake = new FakePhantom()
    server.use(...t.fake.handlers)
    t.phantom = new PhantomClient({ url: BASE, userId: Number(USER_ID), token: TOKEN, ...opts })
  })
  afterEach(async () => {
    await t.phantom.close()
    server.resetHandlers()
  })
  afterAll(() => server.close())
  return t
}
