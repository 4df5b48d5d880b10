// src/testing/fault-list.ts — the ordered, counted list of injected faults every fake service keeps.

/**
 * What every injected fault has: which requests it matches and how many times it fires
 * (default once; `Infinity` for always).
 * @example { method: 'GET', path: /\/detail/, times: 2 }
 */
export interface FaultMatch {
  method?: string
  path?: RegExp | string
  times?: number
}

/**
 * A fault that was added: how often it fired, and a way to take it back.
 * @example const f = cloud.nova.faults.add({ status: 500 }); …; expect(f.hits).toBe(1); f.remove()
 */
export interface FaultHandle<F> {
  readonly fault: F
  /** Requests it has applied to so far. */
  readonly hits: number
  remove(): void
}

interface Entry<F> {
  fault: F
  hits: number
  left: number
}

/**
 * A fake service's faults, matched in the order they were added. Each service's subclass reads
 * what the consumed faults ask for (a status, a corrupted body, a delay…).
 * @example
 * class MyFaults extends FaultList<MyFault> {
 *   take(method: string, path: string) { return this.consume(method, (p) => p === path, true)[0] }
 * }
 */
export class FaultList<F extends FaultMatch> {
  readonly #entries: Entry<F>[] = []

  /** Adds a fault. @example const f = cloud.glance.faults.add({ method: 'POST', path: '/v2/images', status: 503, times: 2 }) */
  add(fault: F): FaultHandle<F> {
    const entry: Entry<F> = { fault, hits: 0, left: fault.times ?? 1 }
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

  /** Faults that can still fire. @example expect(cloud.nova.faults.pending).toBe(0) */
  get pending(): number {
    return this.#entries.filter((e) => e.left > 0).length
  }

  /**
   * Consumes (one time each) the faults with times left whose method matches and whose `path`,
   * when set, passes `pathMatches`; only the first one when `firstOnly`.
   * @example const [fault] = this.consume('GET', (p) => p === '/v2.1/servers', true)
   */
  protected consume(method: string, pathMatches: (path: RegExp | string) => boolean, firstOnly: boolean): F[] {
    return this.consumeWhere((f) => !(f.method && f.method.toUpperCase() !== method) && (f.path === undefined || pathMatches(f.path)), firstOnly)
  }

  /**
   * Consumes (one time each) the faults with times left that `matches` accepts; only the first
   * one when `firstOnly`. For fakes whose faults are not matched by method and path.
   * @example const [fault] = this.consumeWhere((f) => f.operation === 'commit', true)
   */
  protected consumeWhere(matches: (fault: F) => boolean, firstOnly: boolean): F[] {
    const taken: F[] = []
    for (const e of this.#entries) {
      if (e.left <= 0 || !matches(e.fault)) continue
      e.left--
      e.hits++
      taken.push(e.fault)
      if (firstOnly) break
    }
    return taken
  }
}

/**
 * The path rule of the OpenStack fakes: a RegExp is tested against the path with its query, a
 * string must equal the path without it.
 * @example this.consume(method, pathRule('/v2/images?limit=1'), false)
 */
export function pathRule(pathAndQuery: string): (path: RegExp | string) => boolean {
  const path = pathAndQuery.split('?')[0]!
  return (p) => (p instanceof RegExp ? p.test(pathAndQuery) : p === path)
}
