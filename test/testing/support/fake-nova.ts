// test/testing/support/fake-nova.ts — a fake cloud with its Nova, tokens for demo, admin and bob, and raw Compute API helpers.
import { createFakeCloud } from '../../../src/testing/index.js'
import type { FakeNovaOptions } from '../../../src/testing/nova-service.js'
import { CIRROS_IMAGE_ID } from '../../../src/testing/nova-seed.js'

export { CIRROS_IMAGE_ID, UBUNTU_IMAGE_ID } from '../../../src/testing/nova-seed.js'

/** One request: a JSON body, headers, the token (demo's by default, null for none), the microversion to ask for. */
export type Init = {
  json?: unknown
  body?: string
  headers?: Record<string, string>
  token?: string | null
  /** Sent as `OpenStack-API-Version: compute <mv>`. */
  mv?: string
  /** Sent as the legacy `X-OpenStack-Nova-API-Version: <mv>`. */
  legacyMv?: string
}
export type Json = Record<string, unknown>
export type Link = { rel: string; href: string; type?: string }
export type Server = Json & {
  id: string
  name: string
  status: string
  metadata: Record<string, string>
  flavor: Json
  links: Link[]
  'OS-EXT-STS:vm_state': string
  'OS-EXT-STS:task_state': string | null
  'OS-EXT-STS:power_state': number
  tags?: string[]
  fault?: { code: number; message: string; created: string; details?: string }
}
/** A Nova fault body: `{"<name>": {"code": …, "message": …}}`. */
export type Fault = Record<string, { code: number; message: string; retryAfter?: string }>

/** Fake time a build takes in these tests, far above the real time a test runs (the fake clock is real time plus advances). */
export const BUILD_MS = 60_000
/** Fake time an action's task lasts in these tests. */
export const ACTION_MS = 30_000
/** The demo project's id, as the seeded fake Keystone has it. */
export const DEMO_PROJECT = 'demo-project-id'
export const OTHER_PROJECT = 'other-project-id'
export const ADMIN_PROJECT = 'admin-project-id'

type NovaOpts = Omit<FakeNovaOptions, 'clock' | 'keystone'>

/** One fake cloud, its Nova, and helpers speaking the Compute API as demo (by default). */
export async function setupNova(opts: NovaOpts = {}) {
  const cloud = await createFakeCloud({ nova: { buildDelayMs: BUILD_MS, actionDelayMs: ACTION_MS, ...opts } })
  const nova = cloud.nova
  const login = async (name: string, password: string, project: string) => {
    const auth = { identity: { methods: ['password'], password: { user: { name, domain: { id: 'default' }, password } } }, scope: { project: { name: project, domain: { id: 'default' } } } }
    const r = await cloud.handle(new Request(`${cloud.baseUrl}/identity/v3/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ auth }) }))
    return r.headers.get('x-subject-token')!
  }
  // bob is a member of another project, for isolation tests
  cloud.keystone.addProject({ name: 'other', id: OTHER_PROJECT })
  cloud.keystone.addUser({ name: 'bob', id: 'bob-user-id', password: 'bob-secret', roles: { [OTHER_PROJECT]: ['member', 'reader'] } })
  const demo = await login('demo', 'demo-secret', 'demo')
  const admin = await login('admin', 'admin-secret', 'admin')
  const bob = await login('bob', 'bob-secret', 'other')

  /** A request to `${baseUrl}/compute${path}` (the version documents live there). */
  const raw = (method: string, path: string, init: Init = {}) => {
    const headers: Record<string, string> = { accept: 'application/json', ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) }
    const token = init.token === undefined ? demo : init.token
    if (token) headers['x-auth-token'] = token
    if (init.mv) headers['openstack-api-version'] = `compute ${init.mv}`
    if (init.legacyMv) headers['x-openstack-nova-api-version'] = init.legacyMv
    Object.assign(headers, init.headers)
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body
    return cloud.handle(new Request(`${cloud.baseUrl}/compute${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }))
  }
  /** A request under `/compute/v2.1`. */
  const call = (method: string, path: string, init: Init = {}) => raw(method, `/v2.1${path}`, init)
  /** The JSON of a request that must answer `status`; throws with the body otherwise. */
  const json = async <T = Json>(method: string, path: string, status: number, init: Init = {}): Promise<T> => {
    const r = await call(method, path, init)
    const text = await r.text()
    if (r.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${r.status} ${text}`)
    return JSON.parse(text) as T
  }
  /** The status and fault body of an error answer. */
  const fail = async (method: string, path: string, init: Init = {}): Promise<[number, Fault]> => {
    const r = await call(method, path, init)
    return [r.status, (await r.json()) as Fault]
  }
  /** POSTs a server (cirros, m1.tiny, name `web` unless given) and returns the 202 body's server. */
  const boot = async (server: Json = {}, init: Init = {}) =>
    (await json<{ server: Json & { id: string; adminPass: string; links: Link[] } }>('POST', '/servers', 202, { ...init, json: { server: { name: 'web', imageRef: CIRROS_IMAGE_ID, flavorRef: '1', ...server } } })).server
  /** Boots a server and lets its build finish. */
  const active = async (server: Json = {}, init: Init = {}) => {
    const { id } = await boot(server, init)
    cloud.clock.advance(BUILD_MS)
    return id
  }
  const show = async (id: string, init: Init = {}) => (await json<{ server: Server }>('GET', `/servers/${id}`, 200, init)).server
  const status = async (id: string, init: Init = {}) => (await show(id, init)).status
  /** POST /servers/{id}/action. */
  const action = (id: string, body: Json, init: Init = {}) => call('POST', `/servers/${id}/action`, { ...init, json: body })
  /** Lets running tasks finish. */
  const settle = (ms = ACTION_MS) => cloud.clock.advance(ms)
  return { cloud, nova, demo, admin, bob, raw, call, json, fail, boot, active, show, status, action, settle }
}

export type NovaSetup = Awaited<ReturnType<typeof setupNova>>
