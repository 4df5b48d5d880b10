// test/testing/support/fake-valence.ts — a fake cloud with its Valence, and raw request helpers under `/valence/v1`.
import { createFakeCloud, type FakeCloudOptions } from '../../../src/testing/index.js'

export type Json = Record<string, unknown>

/** A fake cloud and plain-fetch helpers for its Valence API. */
export async function setupValence(opts: FakeCloudOptions['valence'] = {}) {
  const cloud = await createFakeCloud({ valence: opts })
  const api = `${cloud.baseUrl}/valence/v1`
  const podm = cloud.valence.seedPodmId
  /** A request with an optional JSON body. */
  const call = async (method: string, path: string, json?: unknown) => {
    const init: RequestInit = { method, ...(json !== undefined ? { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } } : {}) }
    const r = await cloud.handle(new Request(`${api}${path}`, init))
    const text = await r.text()
    return { status: r.status, type: r.headers.get('content-type'), text, body: (r.headers.get('content-type') === 'application/json' && text ? JSON.parse(text) : undefined) as unknown }
  }
  /** The JSON of a call that must answer `status`. */
  const json = async <T = Json>(method: string, path: string, status: number, body?: unknown): Promise<T> => {
    const r = await call(method, path, body)
    if (r.status !== status) throw new Error(`${method} ${path} → ${r.status}: ${r.text}`)
    return r.body as T
  }
  const compose = (types: string[] = ['NIC'], name = 'n1') => json<Json & { uuid: string; index: string }>('POST', '/nodes', 200, { name, podm_id: podm, properties: { pci_device: { type: types } } })
  const devices = (query = '') => json<(Json & { uuid: string; type: string; state: string; node_id: string | null })[]>('GET', `/devices${query}`, 200)
  const action = (node: string, body: unknown) => call('POST', `/nodes/${node}/action`, body)
  return { cloud, api, podm, call, json, compose, devices, action }
}
