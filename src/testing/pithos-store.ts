// src/testing/pithos-store.ts — the fake Pithos's namespace: accounts, containers, and objects with their full version history.
import { randomBytes, randomUUID } from 'node:crypto'
import type { PithosSharing } from './pithos-access.js'

/** A container's versioning policy: `auto` keeps every version, `none` only the latest. @example store.createContainer(acct, 'scratch', { versioning: 'none' }) */
export type PithosVersioning = 'auto' | 'none'

/**
 * One version of an object (or the marker of its deletion). Versions never change once written:
 * a metadata update is a new version, as in Synnefo.
 * @example const v = pithos.store.current(obj)!; console.log(v.id, v.bytes, v.hashes)
 */
export interface PithosVersion {
  /** Serial over the whole fake, like Synnefo's version ids. */
  readonly id: number
  readonly bytes: number
  /** Block hashes; empty for an empty object. */
  readonly hashes: readonly string[]
  /** The Merkle hash, sent as ETag and X-Object-Hash. */
  readonly hash: string
  readonly contentType: string
  /** User-defined metadata by header name: X-Object-Meta-*, Content-Encoding, Content-Disposition. */
  readonly meta: Readonly<Record<string, string>>
  /** Milliseconds on the fake clock. */
  readonly modifiedAt: number
  /** The user id that wrote the version. */
  readonly modifiedBy: string
  /** True for the marker a DELETE leaves, so `until` reads before it still see the object. */
  readonly deleted?: boolean
}

/** What a write gives: a version without the fields the store assigns. @example const input: PithosVersionInput = { ...current, meta: {} } */
export type PithosVersionInput = Omit<PithosVersion, 'id' | 'modifiedAt' | 'deleted'>

/** An object path and its history, oldest first. Sharing and publication belong to the path, not to versions. @example container.objects.get('a.txt')?.history.length */
export interface PithosObject {
  uuid: string
  readonly history: PithosVersion[]
  sharing: PithosSharing | undefined
  publicId: string | undefined
}

/** A container: its policy, metadata and objects. @example store.container(acct, 'pithos')?.versioning // 'auto' */
export interface PithosContainer {
  readonly name: string
  readonly createdAt: number
  modifiedAt: number
  versioning: PithosVersioning
  /** Bytes; 0 is unlimited. */
  quota: number
  meta: Record<string, string>
  readonly objects: Map<string, PithosObject>
}

/** An account: containers, metadata and sharing groups (`X-Account-Group-<name>: id,id`). @example store.account(acct).groups.team // ['bob-user-id'] */
export interface PithosAccount {
  readonly name: string
  modifiedAt: number
  meta: Record<string, string>
  groups: Record<string, string[]>
  readonly containers: Map<string, PithosContainer>
}

/** Where a public id points. @example store.publicIds.get(id) // { account, container, name } */
export interface PithosLocation {
  account: string
  container: string
  name: string
}

const PUBLIC_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/**
 * Accounts, containers and object histories of a fake Pithos, with the time-travel reads
 * (`until`) and version lookups its API exposes. Accounts spring into being on first use, as
 * Synnefo creates them on a user's first request.
 * @example
 * const store = new PithosStore(() => clock.now())
 * const c = store.createContainer('demo-project-id', 'pithos')
 * store.write(c, 'a.txt', { bytes: 0, hashes: [], hash: emptyHash, contentType: 'text/plain', meta: {}, modifiedBy: 'demo-user-id' })
 */
export class PithosStore {
  readonly accounts = new Map<string, PithosAccount>()
  readonly publicIds = new Map<string, PithosLocation>()
  #serial = 0

  constructor(private readonly now: () => number) {}

  /** The account, created empty if new. @example store.account('demo-project-id').containers.size */
  account(name: string): PithosAccount {
    let account = this.accounts.get(name)
    if (!account) {
      account = { name, modifiedAt: this.now(), meta: {}, groups: {}, containers: new Map() }
      this.accounts.set(name, account)
    }
    return account
  }

  /** The container, if it exists. @example store.container('demo-project-id', 'pithos') */
  container(account: string, name: string): PithosContainer | undefined {
    return this.accounts.get(account)?.containers.get(name)
  }

  /** Creates a container (or returns the existing one). @example store.createContainer(acct, 'c', { versioning: 'none' }) */
  createContainer(account: string, name: string, policy: { versioning?: PithosVersioning; quota?: number } = {}): PithosContainer {
    const owner = this.account(account)
    let container = owner.containers.get(name)
    if (!container) {
      const now = this.now()
      container = { name, createdAt: now, modifiedAt: now, versioning: policy.versioning ?? 'auto', quota: policy.quota ?? 0, meta: {}, objects: new Map() }
      owner.containers.set(name, container)
      owner.modifiedAt = now
    }
    return container
  }

  /** Removes a container with its history and its objects' public ids. @example store.deleteContainer(acct, 'c') */
  deleteContainer(account: string, name: string): boolean {
    const owner = this.accounts.get(account)
    const container = owner?.containers.get(name)
    if (!owner || !container) return false
    for (const obj of container.objects.values()) if (obj.publicId) this.publicIds.delete(obj.publicId)
    owner.containers.delete(name)
    owner.modifiedAt = this.now()
    return true
  }

  /** The latest version, unless the object is deleted. @example store.current(obj)?.bytes */
  current(obj: PithosObject | undefined): PithosVersion | undefined {
    const last = obj?.history.at(-1)
    return last && !last.deleted ? last : undefined
  }

  /** The version that was current at `until` (unix seconds), as Pithos's `until` reads. @example store.at(obj, 1700000000) */
  at(obj: PithosObject | undefined, until: number): PithosVersion | undefined {
    const limit = until * 1000
    const found = obj?.history.findLast((v) => v.modifiedAt <= limit)
    return found && !found.deleted ? found : undefined
  }

  /** A stored version by id. @example store.version(obj, 42) */
  version(obj: PithosObject | undefined, id: number): PithosVersion | undefined {
    return obj?.history.find((v) => v.id === id && !v.deleted)
  }

  /** The version a read asks for: `version`, else the state at `until`, else the current one. @example store.select(obj, { until: 1700000000 }) */
  select(obj: PithosObject | undefined, sel: { version?: number | undefined; until?: number | undefined }): PithosVersion | undefined {
    if (sel.version !== undefined) return this.version(obj, sel.version)
    if (sel.until !== undefined) return this.at(obj, sel.until)
    return this.current(obj)
  }

  /**
   * Writes a new version of `name`. Under versioning `none` the older versions are dropped; a
   * path written after a delete is a new object (a new UUID) unless `uuid` carries one over, as a
   * move does.
   * @example store.write(container, 'a.txt', input)
   */
  write(container: PithosContainer, name: string, input: PithosVersionInput, opts: { uuid?: string } = {}): PithosVersion {
    const now = this.now()
    // Field by field: callers pass versions they read, whose id, time and deletion must not leak in.
    const { bytes, hashes, hash, contentType, meta, modifiedBy } = input
    const version: PithosVersion = { id: ++this.#serial, bytes, hashes, hash, contentType, meta, modifiedAt: now, modifiedBy }
    let obj = container.objects.get(name)
    if (!obj) {
      obj = { uuid: opts.uuid ?? randomUUID(), history: [], sharing: undefined, publicId: undefined }
      container.objects.set(name, obj)
    } else if (!this.current(obj)) {
      obj.uuid = opts.uuid ?? randomUUID()
    } else if (opts.uuid) {
      obj.uuid = opts.uuid
    }
    if (container.versioning === 'none') obj.history.splice(0)
    obj.history.push(version)
    container.modifiedAt = now
    return version
  }

  /**
   * Deletes the object: a deletion marker keeps its history readable with `until` and
   * `version`, while its sharing and public id go, as Synnefo clears them with the path.
   * @example store.remove(container, 'a.txt')
   */
  remove(container: PithosContainer, name: string, by: string): boolean {
    const obj = container.objects.get(name)
    const current = this.current(obj)
    if (!obj || !current) return false
    const now = this.now()
    obj.history.push({ ...current, id: ++this.#serial, modifiedAt: now, modifiedBy: by, deleted: true })
    if (container.versioning === 'none') obj.history.splice(0, obj.history.length - 1)
    if (obj.publicId) this.publicIds.delete(obj.publicId)
    obj.publicId = undefined
    obj.sharing = undefined
    container.modifiedAt = now
    return true
  }

  /**
   * Drops history up to `until` (unix seconds), keeping each object's current version: what a
   * DELETE with `until` does. Objects left with no version vanish.
   * @example store.purge(container, Math.floor(clock.now() / 1000))
   */
  purge(container: PithosContainer, until: number, only?: string): void {
    const limit = until * 1000
    for (const [name, obj] of container.objects) {
      if (only !== undefined && name !== only) continue
      const keep = obj.history.filter((v, i) => v.modifiedAt > limit || (i === obj.history.length - 1 && !v.deleted))
      obj.history.splice(0, obj.history.length, ...keep)
      if (obj.history.length === 0) container.objects.delete(name)
    }
  }

  /** Live objects (at `until`, when given), sorted by name. @example store.live(container).map(([name]) => name) */
  live(container: PithosContainer, until?: number): [string, PithosVersion, PithosObject][] {
    const out: [string, PithosVersion, PithosObject][] = []
    for (const [name, obj] of container.objects) {
      const v = until === undefined ? this.current(obj) : this.at(obj, until)
      if (v) out.push([name, v, obj])
    }
    return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }

  /** Object count and bytes (at `until`, when given). @example store.stats(container).bytes */
  stats(container: PithosContainer, until?: number): { count: number; bytes: number } {
    const live = this.live(container, until)
    return { count: live.length, bytes: live.reduce((n, [, v]) => n + v.bytes, 0) }
  }

  /** The latest change to the container at or before `until`. @example store.lastChange(container, until) */
  lastChange(container: PithosContainer, until: number): number {
    let latest = container.createdAt
    for (const obj of container.objects.values()) {
      for (const v of obj.history) if (v.modifiedAt <= until * 1000 && v.modifiedAt > latest) latest = v.modifiedAt
    }
    return latest
  }

  /** Publishes (returning the public id, a new one only if it was not public) or unpublishes an object. @example store.setPublic(loc, obj, true) */
  setPublic(loc: PithosLocation, obj: PithosObject, on: boolean): string | undefined {
    if (!on) {
      if (obj.publicId) this.publicIds.delete(obj.publicId)
      obj.publicId = undefined
      return undefined
    }
    if (!obj.publicId) {
      // Synnefo's public ids are random strings of PUBLIC_URL_SECURITY (16) alphanumerics.
      const bytes = randomBytes(16)
      obj.publicId = Array.from(bytes, (b) => PUBLIC_ALPHABET[b % PUBLIC_ALPHABET.length]).join('')
      this.publicIds.set(obj.publicId, { ...loc })
    }
    return obj.publicId
  }
}
