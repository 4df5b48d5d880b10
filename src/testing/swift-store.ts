// src/testing/swift-store.ts — the fake Swift's data: accounts, containers and objects, kept in Swift's listing order.
import { createHash } from 'node:crypto'

/**
 * One entry of a stored SLO manifest, in Swift's internal (multipart-manifest=get) shape.
 * @example cloud.swift.getObject('AUTH_test', 'c', 'big')?.slo?.segments[0] // { name: '/segs/000', hash, bytes, … }
 */
export interface SloSegment {
  name: string
  hash: string
  bytes: number
  content_type: string
  last_modified: string
  range?: string
  sub_slo?: boolean
}

/**
 * An entry of a stored SLO manifest: an object segment or inline base64 `data`.
 * @example for (const e of obj.slo!.segments) if (!('data' in e)) console.log(e.name)
 */
export type SloEntry = SloSegment | { data: string }

/**
 * An object as the fake stores it. `data` of an SLO is its manifest JSON, as on a real object server.
 * @example const obj = cloud.swift.getObject('AUTH_test', 'c', 'a.txt'); obj?.meta.get('color')
 */
export interface SwiftObject {
  name: string
  data: Uint8Array
  /** md5 hex of `data`. */
  etag: string
  contentType: string
  /** Milliseconds since the epoch (fake clock). */
  timestamp: number
  /** User metadata by lower-case name (without the `x-object-meta-` prefix). */
  meta: Map<string, string>
  /** Other stored headers (content-disposition, content-encoding, …) by lower-case name. */
  headers: Map<string, string>
  /** X-Delete-At, in seconds. */
  deleteAt?: number
  slo?: { segments: SloEntry[]; etag: string; size: number }
  /** DLO `X-Object-Manifest`, unquoted: `container/prefix`. */
  manifest?: string
}

const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex')

/**
 * Swift sorts names by their UTF-8 bytes, which is code point order; JS `<` compares UTF-16
 * units and disagrees for astral characters, so names are compared by code point.
 * @example ['b', 'a'].sort(compareNames)
 */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!
    const y = b.codePointAt(i)!
    if (x !== y) return x < y ? -1 : 1
    if (x > 0xffff) i++
  }
  return a.length - b.length
}

/**
 * Names in listing order with a cached sorted view, rebuilt only after a change, so paging a
 * 10 000-object listing does not sort on every page.
 */
class SortedNames<T> {
  readonly items = new Map<string, T>()
  #sorted: string[] | undefined

  set(name: string, item: T): void {
    if (!this.items.has(name)) this.#sorted = undefined
    this.items.set(name, item)
  }

  delete(name: string): boolean {
    this.#sorted = undefined
    return this.items.delete(name)
  }

  sorted(): string[] {
    return (this.#sorted ??= [...this.items.keys()].sort(compareNames))
  }
}

/**
 * A container of the fake Swift, with the object count and bytes Swift reports in its headers.
 * @example cloud.swift.store.account('AUTH_test').containers.get('photos')?.count
 */
export class SwiftContainer {
  readonly meta = new Map<string, string>()
  readAcl: string | undefined
  writeAcl: string | undefined
  versionsLocation: string | undefined
  historyLocation: string | undefined
  readonly #objects = new SortedNames<SwiftObject>()
  /** Names that carry X-Delete-At, so expiry does not scan every object. */
  readonly #expiring = new Set<string>()
  #bytes = 0

  constructor(
    readonly name: string,
    readonly created: number,
    readonly policy: string,
    private readonly now: () => number,
  ) {}

  /** Objects that expired by the fake clock vanish, as if the expirer had just run. */
  #purge(): void {
    if (this.#expiring.size === 0) return
    const nowSec = this.now() / 1000
    for (const name of [...this.#expiring]) {
      const obj = this.#objects.items.get(name)
      if (obj?.deleteAt !== undefined && obj.deleteAt <= nowSec) this.delete(name)
    }
  }

  get count(): number {
    this.#purge()
    return this.#objects.items.size
  }

  /** Bytes used: stored bytes, so an SLO counts its manifest (listings show its total instead). */
  get bytes(): number {
    this.#purge()
    return this.#bytes
  }

  get(name: string): SwiftObject | undefined {
    this.#purge()
    return this.#objects.items.get(name)
  }

  put(obj: SwiftObject): void {
    const old = this.#objects.items.get(obj.name)
    if (old) this.#bytes -= old.data.length
    this.#objects.set(obj.name, obj)
    this.#bytes += obj.data.length
    if (obj.deleteAt !== undefined) this.#expiring.add(obj.name)
    else this.#expiring.delete(obj.name)
  }

  delete(name: string): boolean {
    const old = this.#objects.items.get(name)
    if (!old) return false
    this.#bytes -= old.data.length
    this.#expiring.delete(name)
    return this.#objects.delete(name)
  }

  /** Object names in listing order. */
  names(): string[] {
    this.#purge()
    return this.#objects.sorted()
  }

  /** Last time an object changed, for the account listing. */
  lastModified(): number {
    let t = this.created
    for (const o of this.#objects.items.values()) t = Math.max(t, o.timestamp)
    return t
  }
}

/**
 * An account of the fake Swift (`AUTH_<project id>` or a tempauth account such as `AUTH_test`).
 * @example cloud.swift.store.account('AUTH_demo-project-id').meta.get('temp-url-key')
 */
export class SwiftAccount {
  readonly meta = new Map<string, string>()
  readonly #containers = new SortedNames<SwiftContainer>()

  constructor(
    readonly name: string,
    readonly created: number,
  ) {}

  get containers(): ReadonlyMap<string, SwiftContainer> {
    return this.#containers.items
  }

  addContainer(c: SwiftContainer): void {
    this.#containers.set(c.name, c)
  }

  deleteContainer(name: string): boolean {
    return this.#containers.delete(name)
  }

  /** Container names in listing order. */
  names(): string[] {
    return this.#containers.sorted()
  }
}

/**
 * Bytes a listing reports for an object: an SLO's total size, else the stored data's.
 * @example listedBytes(sloManifest) // the SLO's total size, not the manifest's
 */
export function listedBytes(obj: SwiftObject): number {
  return obj.slo ? obj.slo.size : obj.data.length
}

/**
 * All accounts of the fake Swift. Accounts spring into existence on first use, as with
 * `account_autocreate = true`.
 * @example const c = store.createContainer('AUTH_test', 'photos')
 */
export class SwiftStore {
  readonly accounts = new Map<string, SwiftAccount>()
  #last = 0

  constructor(readonly now: () => number) {}

  /**
   * A timestamp later than any given before (10 µs apart at least, X-Timestamp's resolution),
   * so two writes in one millisecond still order, and archived versions never collide.
   * @example const ts = store.tick()
   */
  tick(): number {
    this.#last = Math.max(this.now(), this.#last + 0.01)
    return this.#last
  }

  /** The account, created empty when it does not exist yet. */
  account(name: string): SwiftAccount {
    let account = this.accounts.get(name)
    if (!account) {
      account = new SwiftAccount(name, this.now())
      this.accounts.set(name, account)
    }
    return account
  }

  container(account: string, name: string): SwiftContainer | undefined {
    return this.accounts.get(account)?.containers.get(name)
  }

  /** Creates a container, or returns the existing one with `created: false`. */
  createContainer(account: string, name: string, policy = 'Policy-0'): { container: SwiftContainer; created: boolean } {
    const existing = this.container(account, name)
    if (existing) return { container: existing, created: false }
    const container = new SwiftContainer(name, this.now(), policy, this.now)
    this.account(account).addContainer(container)
    return { container, created: true }
  }

  object(account: string, container: string, name: string): SwiftObject | undefined {
    return this.container(account, container)?.get(name)
  }

  /**
   * Builds an object record from its bytes (md5 computed here, once).
   * @example store.newObject('a.txt', bytes, { contentType: 'text/plain' })
   */
  newObject(name: string, data: Uint8Array, opts: Partial<Omit<SwiftObject, 'name' | 'data' | 'etag'>> = {}): SwiftObject {
    return {
      name,
      data,
      etag: md5(data),
      contentType: opts.contentType ?? 'application/octet-stream',
      timestamp: opts.timestamp ?? this.tick(),
      meta: opts.meta ?? new Map(),
      headers: opts.headers ?? new Map(),
      ...(opts.deleteAt !== undefined ? { deleteAt: opts.deleteAt } : {}),
      ...(opts.slo ? { slo: opts.slo } : {}),
      ...(opts.manifest !== undefined ? { manifest: opts.manifest } : {}),
    }
  }
}
