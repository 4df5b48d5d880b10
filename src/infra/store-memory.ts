// src/infra/store-memory.ts — MemoryStore: the InfraStore contract in one process's memory, for tests and the fake cloud.
import { randomUUID } from 'node:crypto'
import type { JsonValue, NodeImplementation } from './definition-types.js'
import { checkName, decodeJson, encodeJson, runLocked, type LockBackend } from './store-shared.js'
import type { InfraState, InfraStore, LockOptions } from './store-types.js'

interface MemoryLock {
  token: string
  expiresAt: number
}

/**
 * An {@link InfraStore} in memory: nothing survives the process, and locks only exclude callers
 * of the same MemoryStore. Values are kept as JSON text, as FileStore and RedisStore keep them:
 * a caller can mutate neither what it stored nor what it read back, and a value that only
 * survives structured cloning (a Date, `undefined` fields, a Map) comes back exactly as the real
 * stores would return it, so a test against MemoryStore does not pass by accident.
 * Locks have the same expiry rules as the other stores (`ttlMs`, refreshed while `fn` runs).
 * @example
 * const store = new MemoryStore()
 * await store.putScaling('web', { app: 2 })
 * await store.getScaling('web') // { app: 2 }
 */
export class MemoryStore implements InfraStore {
  readonly #values = new Map<string, string>()
  readonly #locks = new Map<string, MemoryLock>()
  // Tells this store's locks from another MemoryStore's in the reentrancy check.
  readonly #instance = randomUUID()

  /** @example await new MemoryStore().putDescription('web', { name: 'web' }) */
  async putDescription(infraId: string, description: JsonValue): Promise<void> {
    this.#put(`infra:${checkName('infra id', infraId)}:description`, 'description', description)
  }

  /** @example const description = await store.getDescription('web') */
  async getDescription(infraId: string): Promise<JsonValue | undefined> {
    return this.#get<JsonValue>(`infra:${checkName('infra id', infraId)}:description`)
  }

  /** @example await store.putState('web', state) */
  async putState(infraId: string, state: InfraState): Promise<void> {
    this.#put(`infra:${checkName('infra id', infraId)}:state`, 'state', state)
  }

  /** @example const state = await store.getState('web') */
  async getState(infraId: string): Promise<InfraState | undefined> {
    return this.#get<InfraState>(`infra:${checkName('infra id', infraId)}:state`)
  }

  /** @example await store.putScaling('web', { app: 3 }) */
  async putScaling(infraId: string, scaling: Record<string, number>): Promise<void> {
    this.#put(`infra:${checkName('infra id', infraId)}:scaling`, 'scaling', scaling)
  }

  /** @example const targets = (await store.getScaling('web')) ?? {} */
  async getScaling(infraId: string): Promise<Record<string, number> | undefined> {
    return this.#get<Record<string, number>>(`infra:${checkName('infra id', infraId)}:scaling`)
  }

  /** Ids with a description or a state, sorted. @example for (const id of await store.listInfras()) console.log(id) */
  async listInfras(): Promise<string[]> {
    const ids = new Set<string>()
    for (const key of this.#values.keys()) {
      const m = /^infra:(.+):(description|state)$/.exec(key)
      if (m?.[1]) ids.add(m[1])
    }
    return [...ids].sort()
  }

  /** @example await store.deleteInfra('web') */
  async deleteInfra(infraId: string): Promise<void> {
    checkName('infra id', infraId)
    for (const part of ['description', 'state', 'scaling']) this.#values.delete(`infra:${infraId}:${part}`)
  }

  /** @example await store.putNodeDefinition('ubuntu', [{ resource: { type: 'compute.server', flavor: 'm1.small' } }]) */
  async putNodeDefinition(type: string, implementations: NodeImplementation[]): Promise<void> {
    this.#put(`node_def:${checkName('node type', type)}`, 'node definition', implementations)
  }

  /** @example const impls = await store.getNodeDefinition('ubuntu') */
  async getNodeDefinition(type: string): Promise<NodeImplementation[] | undefined> {
    return this.#get<NodeImplementation[]>(`node_def:${checkName('node type', type)}`)
  }

  /** Sorted. @example const types = await store.listNodeDefinitions() */
  async listNodeDefinitions(): Promise<string[]> {
    return [...this.#values.keys()].filter((k) => k.startsWith('node_def:')).map((k) => k.slice('node_def:'.length)).sort()
  }

  /**
   * See {@link InfraStore.withLock}.
   * @example await store.withLock('web', async () => store.putScaling('web', { app: 1 }))
   */
  async withLock<T>(infraId: string, fn: (signal: AbortSignal) => Promise<T>, opts?: LockOptions): Promise<T> {
    checkName('infra id', infraId)
    return runLocked(`memory:${this.#instance}:${infraId}`, infraId, opts, this.#backend(infraId), fn)
  }

  /**
   * Leaves a lock behind as a crashed holder would: held for `ttlMs`, never refreshed, never
   * released. For tests (and the fake cloud) of stale-lock handling.
   * @example store.plantLock('web', 200) // withLock('web', …) waits ~200 ms, then breaks it
   */
  plantLock(infraId: string, ttlMs: number): void {
    this.#locks.set(checkName('infra id', infraId), { token: `planted-${randomUUID()}`, expiresAt: Date.now() + ttlMs })
  }

  /** Nothing to release. @example await store.close() */
  async close(): Promise<void> {}

  #put(key: string, what: string, value: unknown): void {
    this.#values.set(key, encodeJson(what, value))
  }

  #get<T>(key: string): T | undefined {
    const text = this.#values.get(key)
    return text === undefined ? undefined : decodeJson<T>(key, text)
  }

  #backend(infraId: string): LockBackend {
    const locks = this.#locks
    return {
      async tryAcquire(token, ttlMs) {
        const current = locks.get(infraId)
        if (current && current.expiresAt > Date.now()) return false
        locks.set(infraId, { token, expiresAt: Date.now() + ttlMs })
        return true
      },
      async refresh(token, ttlMs) {
        const current = locks.get(infraId)
        if (current?.token !== token || current.expiresAt <= Date.now()) return false
        current.expiresAt = Date.now() + ttlMs
        return true
      },
      async release(token) {
        if (locks.get(infraId)?.token === token) locks.delete(infraId)
      },
    }
  }
}
