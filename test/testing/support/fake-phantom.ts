// test/testing/support/fake-phantom.ts — a fake cloud with its Phantom REST API, a token for demo, and raw request helpers.
import { createFakeCloud, type FakeCloudOptions } from '../../../src/testing/index.js'

export const LAUNCH_MS = 40_000
export const TERMINATE_MS = 20_000

export type Call = { json?: unknown; body?: string; auth?: string | null; headers?: Record<string, string> }

/** Basic `<pk>:<token>`. */
export const basic = (pk: number | string, token: string): string => `Basic ${Buffer.from(`${pk}:${token}`).toString('base64')}`

/** A fake cloud, demo's token from POST /token, and helpers under `/phantom/api/dev`. */
export async function setupPhantom(opts: FakeCloudOptions['phantom'] = {}) {
  const cloud = await createFakeCloud({ phantom: { launchDelayMs: LAUNCH_MS, terminateDelayMs: TERMINATE_MS, ...opts } })
  const api = `${cloud.baseUrl}/phantom/api/dev`
  const login = async (username: string, password: string) => {
    const r = await cloud.handle(new Request(`${api}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password }).toString() }))
    return { status: r.status, body: (await r.json()) as { success: boolean; token?: string; user?: number; errors?: string } }
  }
  const { body } = await login('demo', 'demo-secret')
  const auth = basic(body.user!, body.token!)
  /** A request as demo (or `auth`: another Authorization, null for none). */
  const call = async (method: string, path: string, init: Call = {}) => {
    const headers: Record<string, string> = { ...init.headers }
    const a = init.auth === undefined ? auth : init.auth
    if (a) headers.authorization = a
    if (init.json !== undefined) headers['content-type'] = 'application/json'
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body
    const r = await cloud.handle(new Request(`${api}${path}`, { method, headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) }))
    const text = await r.text()
    return { status: r.status, type: r.headers.get('content-type'), location: r.headers.get('location'), text, json: () => JSON.parse(text) as unknown }
  }
  /** The JSON of a call that must answer `status`. */
  const json = async <T = Record<string, unknown>>(method: string, path: string, status: number, init: Call = {}): Promise<T> => {
    const r = await call(method, path, init)
    if (r.status !== status) throw new Error(`${method} ${path} → ${r.status}: ${r.text}`)
    return r.json() as T
  }
  const cloudParams = { hotel: { image_id: 'ubuntu-14.04', instance_type: 'm1.small', max_vms: 2, common: true, rank: 1 }, sierra: { image_id: 'ubuntu-14.04', instance_type: 'm1.large', max_vms: -1, common: true, rank: 2 } }
  const lc = (name = 'web-lc') => json<{ id: number }>('POST', '/launchconfigurations', 201, { json: { name, cloud_params: cloudParams } })
  const domain = (vm_count = 2, name = 'web') => json<{ id: string }>('POST', '/domains', 201, { json: { name, lc_name: 'web-lc', de_name: 'multicloud', vm_count } })
  return { cloud, api, login, auth, pk: body.user!, token: body.token!, call, json, lc, domain, cloudParams }
}
