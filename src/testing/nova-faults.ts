// src/testing/nova-faults.ts — injected error answers for client tests: a status and Nova fault body on matching requests.
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
export interface FakeNovaFaultHandle {
  readonly fault: FakeNovaFault
  readonly hits: number
  remove(): void
}

interface Entry {
  fault: FakeNovaFault
  hits: number
  left: number
}

/**
 * The fake Nova's fault list; the first matching fault with `times` left answers.
 * @example
 * nova.faults.add({ method: 'GET', path: /\/servers\/detail/, status: 500, message: 'Unexpected API Error.' })
 * nova.faults.add({ path: '/v2.1/os-keypairs', status: 429, headers: { 'Retry-After': '1' } })
 */
export class FakeNovaFaults {
  readonly #entries: Entry[] = []

  /** Adds a fault. @example const f = nova.faults.add({ status: 500 }) */
  add(fault: FakeNovaFault): FakeNovaFaultHandle {
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

  /** Removes every fault. @example afterEach(() => nova.faults.clear()) */
  clear(): void {
    this.#entries.splice(0)
  }

  /** Faults that can still fire. @example expect(nova.faults.pending).toBe(0) */
  get pending(): number {
    return this.#entries.filter((e) => e.left > 0).length
  }

  /** The answer of the first matching fault (consuming one of its times), else undefined. @example faults.take('GET', '/v2.1/servers') */
  take(method: string, pathAndQuery: string): Response | undefined {
    const path = pathAndQuery.split('?')[0]!
    for (const e of this.#entries) {
      const f = e.fault
      if (e.left <= 0 || (f.method && f.method.toUpperCase() !== method)) continue
      if (f.path instanceof RegExp ? !f.path.test(pathAndQuery) : f.path !== undefined && f.path !== path) continue
      e.left--
      e.hits++
      if (f.body !== undefined) return new Response(f.body, { status: f.status, headers: { 'Content-Type': 'application/json', ...f.headers } })
      return novaError(f.status, f.message, f.headers)
    }
    return undefined
  }
}
