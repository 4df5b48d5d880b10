// src/testing/swift-faults.ts — injected failures for client tests: error statuses, delays and corrupted bodies.

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
export interface FakeSwiftFaultHandle {
  readonly fault: FakeSwiftFault
  /** Requests it has applied to so far. */
  readonly hits: number
  remove(): void
}

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

interface Entry {
  fault: FakeSwiftFault
  hits: number
  left: number
}

/**
 * The fake Swift's fault list. Faults are matched in the order they were added; every
 * matching one with `times` left applies (a delay and a status can come from two faults).
 * @example
 * cloud.swift.faults.add({ method: 'PUT', path: /\/segments\//, status: 503, times: 2 })
 * cloud.swift.faults.add({ method: 'PUT', path: '/c/obj', corruptBody: true })
 */
export class FakeSwiftFaults {
  readonly #entries: Entry[] = []

  /** Adds a fault. @example const f = faults.add({ status: 500 }); …; expect(f.hits).toBe(1) */
  add(fault: FakeSwiftFault): FakeSwiftFaultHandle {
    const entry: Entry = { fault, hits: 0, left: fault.times ?? 1 }
    this.#entries.push(entry)
    return {
      fault,
      get hits() {
        return entry.hits
      },
      remove: () => {
        const i = this.#entries.indexOf(entry)
        if (i >= 0) this.#entries.splice(i, 1)
      },
    }
  }

  /** Removes every fault. @example afterEach(() => cloud.swift.faults.clear()) */
  clear(): void {
    this.#entries.splice(0)
  }

  /** Faults that can still fire. @example expect(cloud.swift.faults.pending).toBe(0) */
  get pending(): number {
    return this.#entries.filter((e) => e.left > 0).length
  }

  /** Consumes the faults matching a request and merges what they ask for. */
  take(method: string, rawPath: string, decodedPath: string): FaultEffect | undefined {
    let effect: FaultEffect | undefined
    for (const e of this.#entries) {
      if (e.left <= 0) continue
      const f = e.fault
      if (f.method && f.method.toUpperCase() !== method) continue
      if (f.path instanceof RegExp ? !f.path.test(rawPath) : f.path !== undefined && !decodedPath.endsWith(f.path)) continue
      e.left--
      e.hits++
      effect ??= { corruptBody: false, delayMs: 0 }
      if (f.status !== undefined && effect.status === undefined) {
        effect.status = f.status
        if (f.headers) effect.headers = f.headers
      }
      effect.corruptBody ||= f.corruptBody === true
      effect.delayMs += f.delayMs ?? 0
    }
    return effect
  }
}
