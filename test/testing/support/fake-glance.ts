// test/testing/support/fake-glance.ts — a fake cloud with its Glance, tokens for demo, admin and bob, and raw-request helpers.
import { createHash } from 'node:crypto'
import { createFakeCloud } from '../../../src/testing/index.js'
import type { FakeGlanceOptions } from '../../../src/testing/glance-service.js'

export type Init = { json?: unknown; body?: BodyInit; headers?: Record<string, string>; token?: string | null }
export type Img = Record<string, unknown> & { id: string; status: string; tags: string[] }
export const PATCH = 'application/openstack-images-v2.1-json-patch'

/** One fake cloud (a single Glance store unless asked otherwise) and helpers speaking Glance's HTTP API as demo (by default). */
export async function setupGlance(opts: Partial<FakeGlanceOptions> = {}) {
  // one store unless a test asks for more; the cloud's own default is two
  const cloud = await createFakeCloud({ glance: { stores: ['fs'], ...opts } })
  const glance = cloud.glance
  const login = async (name: string, password: string, project: string) => {
    const auth = { identity: { methods: ['password'], password: { user: { name, domain: { id: 'default' }, password } } }, scope: { project: { name: project, domain: { id: 'default' } } } }
    const r = await cloud.handle(new Request(`${cloud.baseUrl}/identity/v3/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ auth }) }))
    return r.headers.get('x-subject-token')!
  }
  // bob is a member of another project, for sharing and visibility tests
  cloud.keystone.addProject({ name: 'other', id: 'other-project-id' })
  cloud.keystone.addUser({ name: 'bob', password: 'bob-secret', roles: { 'other-project-id': ['member', 'reader'] } })
  const bob = await login('bob', 'bob-secret', 'other')
  const demo = await login('demo', 'demo-secret', 'demo')
  const admin = await login('admin', 'admin-secret', 'admin')
  const call = (method: string, path: string, init: Init = {}) => {
    const headers: Record<string, string> = { accept: '*/*', ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers }
    const token = init.token === undefined ? demo : init.token
    if (token) headers['x-auth-token'] = token
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body
    const stream = body instanceof ReadableStream ? { duplex: 'half' } : {}
    return cloud.handle(new Request(`${cloud.baseUrl}/image${path}`, { method, headers, ...(body !== undefined ? { body } : {}), ...stream } as RequestInit))
  }
  const create = async (json: Record<string, unknown> = {}, token?: string) => (await (await call('POST', '/v2/images', { json: { disk_format: 'raw', container_format: 'bare', ...json }, ...(token ? { token } : {}) })).json()) as Img
  const upload = (id: string, data: Uint8Array<ArrayBuffer>) => call('PUT', `/v2/images/${id}/file`, { body: data, headers: { 'content-type': 'application/octet-stream' } })
  const show = async (id: string, token?: string) => (await (await call('GET', `/v2/images/${id}`, token ? { token } : {})).json()) as Img
  const patch = (id: string, ops: unknown, contentType = PATCH, token?: string) => call('PATCH', `/v2/images/${id}`, { body: JSON.stringify(ops), headers: { 'content-type': contentType }, ...(token ? { token } : {}) })
  const list = async (query: string, token?: string) => {
    const r = await call('GET', `/v2/images${query}`, token ? { token } : {})
    const body = (await r.json()) as { images: Img[]; first: string; next?: string; schema: string }
    return { ...body, names: body.images.map((i) => i.name) }
  }
  return { cloud, glance, demo, admin, bob, call, create, upload, show, patch, list }
}

export const md5 = (d: Uint8Array): string => createHash('md5').update(d).digest('hex')
export const sha512 = (d: Uint8Array): string => createHash('sha512').update(d).digest('hex')
