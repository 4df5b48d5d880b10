// src/testing/valence-faults.ts — injected failures of the fake Valence: any status and body on matching requests, Valence's error format by default.
import { FaultList, pathRule, type FaultHandle } from './fault-list.js'
import { REQUEST_ID, valenceJson } from './valence-http.js'

/**
 * One injected fault: requests matching `method` and `path` (after the prefix, e.g. `/v1/nodes`;
 * a RegExp is tested with the query) get `status` with `body` (default a Valence error body;
 * a string is sent as is) `times` times (default once).
 * @example cloud.valence.faults.add({ method: 'POST', path: '/v1/devices/sync', status: 503 })
 */
export interface FakeValenceFault {
  method?: string
  path?: RegExp | string
  status: number
  body?: unknown
  times?: number
}

/** A fault that was added. @example const f = cloud.valence.failNext('GET /v1/devices', { status: 500 }); expect(f.hits).toBe(1) */
export type FakeValenceFaultHandle = FaultHandle<FakeValenceFault>

/**
 * The fake Valence's fault list; the first matching fault with times left answers.
 * @example cloud.valence.faults.add({ path: /^\/v1\/nodes/, status: 500, times: Infinity })
 */
export class FakeValenceFaults extends FaultList<FakeValenceFault> {
  /** The answer of the first matching fault, else undefined. @example faults.take('GET', '/v1/devices') */
  take(method: string, pathAndQuery: string): Response | undefined {
    const [f] = this.consume(method, pathRule(pathAndQuery), true)
    if (!f) return undefined
    if (typeof f.body === 'string') return new Response(f.body, { status: f.status, headers: { 'Content-Type': 'text/html; charset=utf-8' } })
    return valenceJson(f.body ?? { request_id: REQUEST_ID, code: 'Injected', status: f.status, title: 'Injected fault', detail: `injected ${f.status}` }, f.status)
  }
}
