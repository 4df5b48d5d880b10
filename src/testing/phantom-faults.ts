// src/testing/phantom-faults.ts — injected failures of the fake Phantom REST API: any status and body on matching requests.
import { FaultList, pathRule, type FaultHandle } from './fault-list.js'

/**
 * One injected fault: requests matching `method` and `path` (after `/api/dev`; a RegExp is tested
 * with the query) get `status` with `body` (default Django's plain message) `times` times (default
 * once), after authentication.
 * @example phantom.faults.add({ method: 'POST', path: '/domains', status: 500, body: 'Problem creating domain' })
 */
export interface FakePhantomFault {
  method?: string
  path?: RegExp | string
  status: number
  body?: string
  contentType?: string
  times?: number
}

/** A fault that was added. @example const f = phantom.faults.add({ status: 503 }); expect(f.hits).toBe(1) */
export type FakePhantomFaultHandle = FaultHandle<FakePhantomFault>

/**
 * The fake Phantom's fault list; the first matching fault with times left answers.
 * @example phantom.faults.add({ path: /^\/domains\//, status: 500, times: Infinity })
 */
export class FakePhantomFaults extends FaultList<FakePhantomFault> {
  /** The answer of the first matching fault, else undefined. @example faults.take('GET', '/sites') */
  take(method: string, pathAndQuery: string): Response | undefined {
    const [f] = this.consume(method, pathRule(pathAndQuery), true)
    if (!f) return undefined
    return new Response(f.body ?? (f.status >= 500 ? 'Server Error' : ''), { status: f.status, headers: { 'Content-Type': f.contentType ?? 'text/html; charset=utf-8' } })
  }
}
