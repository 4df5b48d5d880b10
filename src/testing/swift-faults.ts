// src/testing/swift-faults.ts — injected failures for client tests: error statuses, delays and corrupted bodies.
import { FaultList, type FaultHandle } from './fault-list.js'

/**
 * One injected fault. It applies to requests matching `method` and `path`, `times` times
 * (default once; `Infinity` for always).
 *
 * - `status`: answer with Swift's error page for it, without touching any state.
 * - `corruptBody`: flip one byte of a PUT body before it is checked and stored (so a request
 *   ETag no longer matches: 422; without one, the stored ETag is the md5 of the corrupt data),
 *   or of a GET response body (headers still describe the good data).
 * - `delayMs`: wait that long (real time) before answering.
 * @example cloud.swift.faults.add({ method: 'GET', path: /big/, delayMs: 200, times: Infinity })
 */
export interface FakeSwiftFault {
  method?: string
  /**
   * A RegExp is tested against the request's path and query as sent, e.g.
   * `/swift/v1/AUTH_x/c/big%2F001?multipart-manifest=put`; a string matches a decoded path
   * that ends with it, e.g. `/c/big/001`.
   */
  path?: RegExp | string
  status?: number
  /** Extra response headers with `status`, e.g. `{ 'Retry-After': '1' }`. */
  headers?: Record<string, string>
  times?: number
  corruptBody?: boolean
  delayMs?: number
}

/**
 * A fault that was added: how often it fired, and a way to take it back.
 * @example const f = cloud.swift.faults.add({ status: 500 }); await upload(); expect(f.hits).toBe(1); f.remove()
 */
export type FakeSwiftFaultHandle = FaultHandle<FakeSwiftFault>

/**
 * What the matching faults ask of one request.
 * @example const effect = faults.take('PUT', '/swift/v1/AUTH_x/c/o', '/swift/v1/AUTH_x/c/o')
 */
export interface FaultEffect {
  status?: number
  headers?: Record<string, string>
  corruptBody: boolean
  delayMs: number
}

/**
 * The fake Swift's fault list. Faults are matched in the order they were added; every
 * matching one with `times` left applies (a delay and a status can come from two faults).
 * @example
 * cloud.swift.faults.add({ method: 'PUT', path: /\/segments\//, status: 503, times: 2 })
 * cloud.swift.faults.add({ method: 'PUT', path: '/c/obj', corruptBody: true })
 */
export class FakeSwiftFaults extends FaultList<FakeSwiftFault> {
  /** Consumes the faults matching a request (a RegExp sees the raw path, a string ends the decoded one) and merges what they ask for. */
  take(method: string, rawPath: string, decodedPath: string): FaultEffect | undefined {
    const taken = this.consume(method, (p) => (p instanceof RegExp ? p.test(rawPath) : decodedPath.endsWith(p)), false)
    if (taken.length === 0) return undefined
    const effect: FaultEffect = { corruptBody: taken.some((f) => f.corruptBody === true), delayMs: taken.reduce((ms, f) => ms + (f.delayMs ?? 0), 0) }
    const answer = taken.find((f) => f.status !== undefined)
    if (answer) {
      effect.status = answer.status!
      if (answer.headers) effect.headers = answer.headers
    }
    return effect
  }
}
