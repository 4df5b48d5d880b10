// src/testing/nova-faults.ts — injected error answers for client tests: a status and Nova fault body on matching requests.
import { FaultList, pathRule, type FaultHandle } from './fault-list.js'
import { novaError } from './nova-http.js'

/**
 * One injected fault: requests matching `method` and `path` get `status` with Nova's fault body
 * (`message`, or webob's default) — or `body` verbatim — `times` times (default once; `Infinity`
 * for always), before any state is touched. Authentication still comes first.
 * @example nova.faults.add({ method: 'POST', path: '/v2.1/servers', status: 503, times: 2 })
 */
export interface FakeNovaFault {
  method?: string
  /** A RegExp is tested against the path after `/compute` with its query (`/v2.1/servers?limit=1`); a string must equal that path without the query. */
  path?: RegExp | string
  status: number
  message?: string
  body?: string
  headers?: Record<string, string>
  times?: number
}

/**
 * A fault that was added: how often it fired, and a way to take it back.
 * @example const f = nova.faults.add({ status: 500 }); …; expect(f.hits).toBe(1); f.remove()
 */
export type FakeNovaFaultHandle = FaultHandle<FakeNovaFault>

/**
 * The fake Nova's fault list; the first matching fault with `times` left answers.
 * @example
 * nova.faults.add({ method: 'GET', path: /\/servers\/detail/, status: 500, message: 'Unexpected API Error.' })
 * nova.faults.add({ path: '/v2.1/os-keypairs', status: 429, headers: { 'Retry-After': '1' } })
 */
export class FakeNovaFaults extends FaultList<FakeNovaFault> {
  /** The answer of the first matching fault (consuming one of its times), else undefined. @example faults.take('GET', '/v2.1/servers') */
  take(method: string, pathAndQuery: string): Response | undefined {
    const [f] = this.consume(method, pathRule(pathAndQuery), true)
    if (!f) return undefined
    if (f.body !== undefined) return new Response(f.body, { status: f.status, headers: { 'Content-Type': 'application/json', ...f.headers } })
    return novaError(f.status, f.message, f.headers)
  }
}
